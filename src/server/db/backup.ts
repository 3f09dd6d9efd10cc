import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

/**
 * SQLite's online backup of `source` into `target`, while the server keeps writing: one backup step
 * under one read transaction (WAL: writers go on meanwhile), so the copy is the database at one
 * moment and a write in between cannot restart it. The copy is checked before it is reported.
 * The search index file (`<db>-search`) is not copied: a server rebuilds it from the database.
 */
export async function backupSqlite(source: string, target: string): Promise<{ bytes: number; conversations: number; messages: number }> {
  if (!fs.existsSync(source)) throw new Error(`No database at ${source} (is DATA_DIR right?)`);
  if (fs.existsSync(target)) throw new Error(`${target} exists already; name a new file`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    // All pages in one step.
    await db.backup(target, { progress: () => 2 ** 30 });
  } finally {
    db.close();
  }
  const copy = new SQLite(target, { readonly: true, fileMustExist: true });
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`The copy at ${target} failed SQLite's check: ${String(check)}`);
    const count = (table: string) => (copy.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return { bytes: fs.statSync(target).size, conversations: count('conversations'), messages: count('messages') };
  } finally {
    copy.close();
  }
}
