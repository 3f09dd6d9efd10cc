/**
 * `switchboard export <file>`: every table that makes the installation (tables.ts) as JSON Lines,
 * an mboxrd per inbox with email, the stored files, and a manifest with counts and checksums, in
 * one tar (gzipped when the name ends in .gz or .tgz). Tables are read a page at a time by primary
 * key and staged in a temporary folder (a tar entry needs its size first), so memory stays flat.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import type { Database } from '../db/database.js';
import { migrationNames, tablePage } from '../db/table-dump.js';
import { filePath } from '../files/store.js';
import { EXPORT_FORMAT, EXPORT_VERSION, fileLines, type FileLine, type Manifest } from './manifest.js';
import { writeInboxMbox } from './mbox.js';
import { EXPORTED_TABLES, normalizeRow, SKIPPED_TABLES, type ExportedTable } from './tables.js';
import { tarEnd, writeChunk, writeTarEntry } from './tar.js';

const PAGE = 500;

export interface ExportProgress {
  (what: string, done: number): void;
}

/** Integer key columns (no text collation). */
const INTEGER_KEYS = ['version', 'piece'];

/** A staged file: written through a hash, so its size and checksum are known when it is archived. */
class Staged {
  private readonly out: fs.WriteStream;
  private readonly hash = createHash('sha256');
  bytes = 0;
  constructor(readonly file: string) {
    this.out = fs.createWriteStream(file, { mode: 0o600 });
  }
  async write(s: string): Promise<void> {
    const b = Buffer.from(s, 'utf8');
    this.hash.update(b);
    this.bytes += b.length;
    await writeChunk(this.out, b);
  }
  async close(): Promise<string> {
    await new Promise<void>((resolve, reject) => this.out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    return this.hash.digest('hex');
  }
}

async function stageTable(db: Database, t: ExportedTable, dir: string, progress?: ExportProgress) {
  const staged = new Staged(path.join(dir, `${t.name}.jsonl`));
  let after: unknown[] | null = null;
  let rows = 0;
  for (;;) {
    const page = await tablePage(db, t.name, { columns: t.key, integers: INTEGER_KEYS }, after, PAGE);
    if (!page.length) break;
    let text = '';
    for (const r of page) {
      if (t.skipRow?.(r)) continue;
      text += `${JSON.stringify(normalizeRow(t, r))}\n`;
      rows++;
    }
    await staged.write(text);
    const last = page[page.length - 1]!;
    after = t.key.map((k) => last[k]);
    progress?.(t.name, rows);
  }
  return { rows, sha256: await staged.close() };
}

/** Every stored file the exported rows point at, in key order, hashed; listed in `files.jsonl`. */
async function stageFiles(db: Database, filesDir: string, dir: string) {
  const staged = new Staged(path.join(dir, 'files.jsonl'));
  let count = 0;
  let bytes = 0;
  const sources: [string, string, string][] = [
    ['attachments', 'id', 'storage_path'],
    ['contacts', 'id', 'picture_path'],
  ];
  for (const [table, key, column] of sources) {
    let after: unknown[] | null = null;
    for (;;) {
      const page = await tablePage(db, table, { columns: [key] }, after, PAGE);
      if (!page.length) break;
      for (const r of page) {
        const rel = r[column] as string | null;
        if (!rel) continue;
        const line: FileLine = { path: rel, ...(await hashFile(filePath(filesDir, rel))) };
        await staged.write(`${JSON.stringify(line)}\n`);
        count++;
        bytes += line.size;
      }
      after = [page[page.length - 1]![key]];
    }
  }
  return { count, bytes, sha256: await staged.close() };
}

async function hashFile(file: string): Promise<{ size: number; sha256: string }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: h.digest('hex') };
}

/** Writes the archive to `target` (through `target.partial`, renamed when complete) and returns its manifest. */
export async function exportArchive(db: Database, filesDir: string, target: string, progress?: ExportProgress): Promise<Manifest> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-export-'));
  try {
    const manifest: Manifest = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: new Date().toISOString(),
      engine: db.engine,
      migrations: await migrationNames(db),
      tables: {},
      mbox: [],
      files: { count: 0, bytes: 0, sha256: '' },
      skipped: SKIPPED_TABLES,
    };
    for (const t of EXPORTED_TABLES) manifest.tables[t.name] = await stageTable(db, t, dir, progress);
    const inboxes = await db.kysely.selectFrom('inboxes').select(['id', 'slug']).orderBy('slug').execute();
    for (const inbox of inboxes) {
      const staged = new Staged(path.join(dir, `mbox-${inbox.id}`));
      const messages = await writeInboxMbox(db, inbox.id, (s) => staged.write(s));
      const sha256 = await staged.close();
      if (messages) manifest.mbox.push({ inbox: inbox.slug, path: `mbox/${inbox.slug}.mbox`, messages, sha256 });
      progress?.(`mbox ${inbox.slug}`, messages);
    }
    manifest.files = await stageFiles(db, filesDir, dir);
    await writeArchive(manifest, dir, filesDir, inboxes, target, progress);
    return manifest;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function writeArchive(
  manifest: Manifest,
  dir: string,
  filesDir: string,
  inboxes: { id: string; slug: string }[],
  target: string,
  progress?: ExportProgress,
): Promise<void> {
  const partial = `${target}.partial`;
  const file = fs.createWriteStream(partial, { mode: 0o600 });
  const gzip = /\.(tgz|gz)$/i.test(target) ? createGzip() : null;
  const out = gzip ?? file;
  if (gzip) gzip.pipe(file);
  const finished = new Promise<void>((resolve, reject) => {
    file.once('close', resolve);
    file.once('error', reject);
    gzip?.once('error', reject);
  });
  const staged = (name: string) => {
    const p = path.join(dir, name);
    return { size: fs.statSync(p).size, body: fs.createReadStream(p) as AsyncIterable<Buffer> };
  };
  try {
    const m = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await writeTarEntry(out, 'manifest.json', m.length, m);
    for (const t of EXPORTED_TABLES) {
      const s = staged(`${t.name}.jsonl`);
      await writeTarEntry(out, `tables/${t.name}.jsonl`, s.size, s.body);
    }
    for (const inbox of inboxes) {
      const entry = manifest.mbox.find((x) => x.inbox === inbox.slug);
      if (!entry) continue;
      const s = staged(`mbox-${inbox.id}`);
      await writeTarEntry(out, entry.path, s.size, s.body);
    }
    const list = staged('files.jsonl');
    await writeTarEntry(out, 'files.jsonl', list.size, list.body);
    let n = 0;
    for await (const text of fileLines(path.join(dir, 'files.jsonl'))) {
      const f = JSON.parse(text) as FileLine;
      await writeTarEntry(out, `files/${f.path}`, f.size, fs.createReadStream(filePath(filesDir, f.path)));
      n++;
      progress?.('files', n);
    }
    await writeChunk(out, tarEnd());
    out.end();
    await finished;
    fs.renameSync(partial, target);
  } catch (e) {
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw e;
  }
}
