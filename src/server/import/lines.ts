import fs from 'node:fs/promises';

/** Bytes read from the file at a time. */
const CHUNK = 256 * 1024;
/** A longer line comes in pieces of this size (a file with no line breaks still streams). */
export const MAX_LINE = 1024 * 1024;

/**
 * A file's lines from a byte offset, each with its line break, in constant memory: one chunk and
 * the line being read. `offset` is where the next line starts; lines can be pushed back.
 */
export class LineReader {
  private chunk = Buffer.alloc(0);
  private at = 0;
  private eof = false;
  private back: Buffer[] = [];
  /** The file offset of the next line `next()` returns. */
  offset: number;

  private constructor(
    private readonly fh: fs.FileHandle,
    start: number,
  ) {
    this.offset = start;
    this.readFrom = start;
  }

  private readFrom: number;

  static async open(path: string, start = 0): Promise<LineReader> {
    return new LineReader(await fs.open(path, 'r'), start);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  private async fill(): Promise<boolean> {
    if (this.eof) return false;
    const buf = Buffer.allocUnsafe(CHUNK);
    const { bytesRead } = await this.fh.read(buf, 0, CHUNK, this.readFrom);
    if (!bytesRead) {
      this.eof = true;
      return false;
    }
    this.readFrom += bytesRead;
    this.chunk = buf.subarray(0, bytesRead);
    this.at = 0;
    return true;
  }

  /** The next line (with its `\n`, if it has one), or null at the end of the file. */
  async next(): Promise<Buffer | null> {
    const b = this.back.pop();
    if (b) {
      this.offset += b.length;
      return b;
    }
    const pieces: Buffer[] = [];
    let size = 0;
    for (;;) {
      if (this.at >= this.chunk.length && !(await this.fill())) break;
      const nl = this.chunk.indexOf(10, this.at);
      const end = nl < 0 ? this.chunk.length : nl + 1;
      const take = Math.min(end, this.at + MAX_LINE - size);
      pieces.push(this.chunk.subarray(this.at, take));
      size += take - this.at;
      this.at = take;
      if ((nl >= 0 && take === nl + 1) || size >= MAX_LINE) break;
    }
    if (!size) return null;
    this.offset += size;
    return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, size);
  }

  /** Puts lines back (in the order they were read): `next()` returns them again. */
  unread(lines: Buffer[]): void {
    for (let i = lines.length - 1; i >= 0; i--) {
      this.back.push(lines[i]!);
      this.offset -= lines[i]!.length;
    }
  }
}
