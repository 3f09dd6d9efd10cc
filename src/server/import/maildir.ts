/**
 * A Maildir (`cur/` and `new/`, and Maildir++ subfolders such as `.Sent/`) or a folder of `.eml`
 * files, one message per file. Files are taken in name order (a Maildir's names start with their
 * delivery time), so the position is the last file done and a resumed run skips up to it. Only the
 * names are held in memory, never more than one message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Collector, ImportSourceError, type MailFlags, type ReadOptions, type SourceMessage } from './source-message.js';

/** `:2,FRS` (`;2,` or `!2,` where `:` cannot be in a file name): the flags of a message in `cur/`. */
export function maildirFlags(name: string): MailFlags {
  const f = /[:;!]2,([A-Za-z]*)$/.exec(name)?.[1] ?? '';
  return { seen: f.includes('S'), replied: f.includes('R'), flagged: f.includes('F'), trashed: f.includes('T') };
}

/** A Maildir name's delivery time (`1733400000.M1P2.host`), to fall back on; else the file's. */
function deliveredAt(name: string, file: string): Date | null {
  const secs = /^(\d{9,11})\./.exec(name)?.[1];
  if (secs) return new Date(Number(secs) * 1000);
  try {
    return fs.statSync(file).mtime;
  } catch {
    return null;
  }
}

const isDir = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;

/** Is this folder a Maildir (it has `cur/` or `new/`)? */
export const isMaildir = (dir: string) => isDir(path.join(dir, 'cur')) || isDir(path.join(dir, 'new'));

/** The Maildir's message files, relative to it, in the order they are imported. */
export function maildirFiles(dir: string): string[] {
  if (!isMaildir(dir)) throw new ImportSourceError(`${dir} is not a Maildir: it has no cur/ or new/ folder`);
  const folders = ['.'];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }))
    if (e.isDirectory() && e.name.startsWith('.') && e.name !== '..' && e.name !== '.' && isMaildir(path.join(dir, e.name)))
      folders.push(e.name);
  const out: string[] = [];
  for (const f of folders.sort())
    for (const sub of ['cur', 'new']) {
      const d = path.join(dir, f, sub);
      if (!isDir(d)) continue;
      for (const e of fs.readdirSync(d, { withFileTypes: true }))
        if (e.isFile() && !e.name.startsWith('.')) out.push(path.posix.join(f, sub, e.name));
    }
  return out.sort();
}

/** The folder's `.eml` files (and subfolders'), relative to it, in name order. */
export function emlFiles(dir: string): string[] {
  if (!isDir(dir)) throw new ImportSourceError(`${dir} is not a folder of .eml files`);
  const out = (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile() && /\.eml$/i.test(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
  return out.sort();
}

/** One message a file, after `opts.position` (the last file done). */
export async function* readFiles(dir: string, files: string[], opts: ReadOptions & { maildir: boolean }): AsyncGenerator<SourceMessage> {
  for (const rel of files) {
    if (opts.position && rel <= opts.position) continue;
    const file = path.join(dir, rel);
    const msg = new Collector(opts.maxBytes);
    try {
      const fh = await fs.promises.open(file, 'r');
      try {
        const size = (await fh.stat()).size;
        const buf = Buffer.allocUnsafe(Math.min(size, opts.maxBytes));
        const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
        msg.push(buf.subarray(0, bytesRead));
        msg.size = Math.max(size, bytesRead);
      } finally {
        await fh.close();
      }
    } catch (err) {
      // Gone since the listing (a mail client moved it): skipped like any file that cannot be read.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    const name = path.posix.basename(rel);
    yield {
      raw: msg.bytes(),
      size: msg.size,
      oversize: msg.oversize,
      at: rel,
      next: rel,
      fallbackDate: deliveredAt(name, file),
      flags: opts.maildir ? maildirFlags(name) : undefined,
    };
  }
}
