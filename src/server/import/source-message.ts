/** What every reader (mbox, Maildir, a folder of .eml files) yields, one message at a time. */

import type { MboxVariant } from '../db/schema-imports.js';

/** Maildir's `:2,` flags (`S`, `R`, `F`, `T`): what an import does with them is in `run.ts`. */
export interface MailFlags {
  seen: boolean;
  replied: boolean;
  flagged: boolean;
  trashed: boolean;
}

export interface SourceMessage {
  /** The message as it was sent (an mbox's quoting undone), at most the import's size limit. */
  raw: Buffer;
  /** Its whole size in bytes; more than `raw.length` when it is over the limit (`oversize`). */
  size: number;
  oversize: boolean;
  /** Where it is: an mbox's byte offset, a Maildir's or folder's file (shown when it fails). */
  at: string;
  /** The position to save once it is done: where the next message starts, or its own file. */
  next: string;
  /** A date to fall back on when its Date header is missing or absurd (the From line's, the file's). */
  fallbackDate: Date | null;
  flags?: MailFlags;
}

export interface ReadOptions {
  /** Where to go on from (`ImportsTable.position`); '' from the start. */
  position: string;
  /** A message's bytes kept at most; the rest of a longer one is skipped (it is counted as failed). */
  maxBytes: number;
  variant?: MboxVariant;
}

/** The source cannot be read as asked (not an mbox, no such folder): nothing was imported. */
export class ImportSourceError extends Error {}

/** Collects a message's lines up to a size limit, counting the rest; the last line can be taken back. */
export class Collector {
  private parts: Buffer[] = [];
  private kept = 0;
  size = 0;
  constructor(private readonly max: number) {}

  push(line: Buffer): void {
    this.size += line.length;
    if (this.kept >= this.max) return;
    const part = this.kept + line.length > this.max ? line.subarray(0, this.max - this.kept) : line;
    this.parts.push(part);
    this.kept += part.length;
  }

  /** Drops the last line pushed (the blank line before an mbox's next From line). */
  dropLast(line: Buffer): void {
    this.size -= line.length;
    if (this.size >= this.max) return;
    const last = this.parts.pop();
    if (last) this.kept -= last.length;
  }

  get oversize(): boolean {
    return this.size > this.max;
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts, this.kept);
  }
}
