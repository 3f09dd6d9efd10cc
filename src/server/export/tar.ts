/**
 * A small POSIX ustar writer and reader: enough for the export archive (regular files, names up to
 * 255 bytes through ustar's prefix field, sizes below 8 GB). No dependency, and it streams: an
 * entry's bytes are written from and read into streams, never held whole.
 */
import type { Readable, Writable } from 'node:stream';

const BLOCK = 512;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

/** The 512-byte header of a regular file. Names longer than 100 bytes are split at a slash into prefix and name. */
export function tarHeader(name: string, size: number, mtime = 0): Buffer {
  const h = Buffer.alloc(BLOCK);
  let base = name;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`Name too long for the archive: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  h.write(base, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'ascii');
  return h;
}

export const tarPadding = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
export const tarEnd = (): Buffer => Buffer.alloc(BLOCK * 2);

/** Writes `chunk` and waits for the stream to drain when it asks to (bounded memory). */
export async function writeChunk(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk))
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        out.off('error', onError);
        resolve();
      };
      const onError = (e: Error) => {
        out.off('drain', onDrain);
        reject(e);
      };
      out.once('drain', onDrain);
      out.once('error', onError);
    });
}

/** Appends one file to the archive from a stream of exactly `size` bytes. */
export async function writeTarEntry(out: Writable, name: string, size: number, body: AsyncIterable<Buffer> | Buffer): Promise<void> {
  await writeChunk(out, tarHeader(name, size));
  let written = 0;
  if (Buffer.isBuffer(body)) {
    await writeChunk(out, body);
    written = body.length;
  } else
    for await (const chunk of body) {
      written += chunk.length;
      await writeChunk(out, chunk);
    }
  if (written !== size) throw new Error(`${name} changed while it was archived (${written} bytes, expected ${size})`);
  await writeChunk(out, tarPadding(size));
}

export interface TarEntry {
  name: string;
  size: number;
}

/**
 * Reads an archive entry by entry: `onEntry` gets each file's name and an iterator over its bytes,
 * which it must consume before returning (what it leaves is skipped).
 */
export async function readTar(input: Readable, onEntry: (e: TarEntry, body: AsyncIterable<Buffer>) => Promise<void>): Promise<void> {
  const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let buf: Buffer = Buffer.alloc(0);
  let ended = false;
  const fill = async (n: number): Promise<boolean> => {
    while (buf.length < n && !ended) {
      const r = await it.next();
      if (r.done) ended = true;
      else buf = buf.length ? Buffer.concat([buf, r.value]) : Buffer.from(r.value);
    }
    return buf.length >= n;
  };
  for (;;) {
    if (!(await fill(BLOCK))) throw new Error('The archive ends early: it is not a complete export');
    const h = buf.subarray(0, BLOCK);
    buf = buf.subarray(BLOCK);
    if (h.every((b) => b === 0)) return;
    if (h.toString('ascii', 257, 262) !== 'ustar') throw new Error('Not a tar archive (or a damaged one)');
    const field = (o: number, n: number) => h.toString('utf8', o, o + n).replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const type = field(156, 1) || '0';
    let left = size;
    const body: AsyncIterable<Buffer> = {
      async *[Symbol.asyncIterator]() {
        while (left > 0) {
          if (!buf.length && !(await fill(1))) throw new Error(`The archive ends inside ${name}`);
          const piece = buf.subarray(0, Math.min(left, buf.length));
          buf = buf.subarray(piece.length);
          left -= piece.length;
          yield piece;
        }
      },
    };
    if (type === '0') await onEntry({ name, size }, body);
    for await (const _ of body) {
      /* skip what the handler left */
    }
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (!(await fill(pad))) throw new Error('The archive ends early: it is not a complete export');
    buf = buf.subarray(pad);
  }
}
