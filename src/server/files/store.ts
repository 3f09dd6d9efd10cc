import fs from 'node:fs';
import path from 'node:path';

/**
 * Files under the files folder, written durably (fsync of the file and its folder) before the
 * row that points at them commits. Names are ids, never anything taken from the mail.
 */
export function saveFile(root: string, kind: 'attachments' | 'held' | 'pictures', id: string, data: Buffer): string {
  const month = new Date().toISOString().slice(0, 7);
  const rel = path.join(kind, month, id);
  const dir = path.join(root, kind, month);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fd = fs.openSync(path.join(root, rel), 'w', 0o600);
  try {
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  const dfd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(dfd);
  } finally {
    fs.closeSync(dfd);
  }
  return rel;
}

/** Resolves a stored relative path, refusing anything that escapes the root. */
export function filePath(root: string, rel: string): string {
  const p = path.resolve(root, rel);
  if (!p.startsWith(path.resolve(root) + path.sep)) throw new Error('Invalid storage path');
  return p;
}

export function removeFile(root: string, rel: string): void {
  fs.rmSync(filePath(root, rel), { force: true });
}

/** The type of an image from its first bytes; anything else is served as a plain download. */
export function sniffImage(b: Buffer): string | null {
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 6 && (b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a'))
    return 'image/gif';
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'image/webp';
  return null;
}

/** A file name safe to show and to offer in Content-Disposition: no folders, no control characters. */
export function safeFilename(name: string | undefined | null, fallback = 'attachment'): string {
  const base = (name ?? '').replace(/\\/g, '/').split('/').pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return clean || fallback;
}
