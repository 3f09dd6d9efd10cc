/**
 * An mbox file, read as a stream (constant memory whatever its size). Nothing in the file says how
 * it was written, so the variant is an option (mboxrd by default):
 * - mboxrd: a body line `>*From ` was quoted with one more `>`; one is taken off.
 * - mboxo:  a body line `From ` was quoted as `>From `; that `>` is taken off (a body's own `>From ` too: mboxo cannot tell).
 * - mboxcl: mboxo's quoting, and a Content-Length header says where the body ends.
 * - mboxcl2: no quoting at all; Content-Length says where the body ends.
 * A message starts at a `From ` line that follows a blank line (or the start of the file) and
 * looks like a postmark (`From sender date`, with a time), so an unquoted "From here on …" in a
 * body does not cut the message. A Content-Length that does not land on the next message (or the
 * end of the file) is ignored.
 */
import type { MboxVariant } from '../db/schema-imports.js';
import { LineReader } from './lines.js';
import { Collector, ImportSourceError, type ReadOptions, type SourceMessage } from './source-message.js';

const FROM = Buffer.from('From ');
const POSTMARK = /^From \S+ .*\d\d?:\d\d/;

const isBlank = (l: Buffer) => (l.length === 1 ? l[0] === 10 : l.length === 2 && l[0] === 13 && l[1] === 10);
/** A line that starts a message: `From `, a sender, and a date with a time. */
export const isPostmark = (l: Buffer) => l.subarray(0, 5).equals(FROM) && POSTMARK.test(l.subarray(0, 200).toString('latin1'));

/** A body line with the variant's quoting undone. */
function unquote(l: Buffer, variant: MboxVariant): Buffer {
  if (l[0] !== 62 || variant === 'mboxcl2') return l;
  let i = 0;
  while (l[i] === 62) i++;
  if (!l.subarray(i, i + 5).equals(FROM)) return l;
  // mboxo and mboxcl quote only `From ` (one `>`); mboxrd any number of `>` before it.
  return variant === 'mboxrd' || i === 1 ? l.subarray(1) : l;
}

/** The postmark's date (asctime, usually local time: taken as UTC), to fall back on. */
function postmarkDate(l: Buffer): Date | null {
  const rest = l
    .toString('latin1', 5, 200)
    .trim()
    .replace(/^\S+\s+/, '');
  const t = Date.parse(`${rest} UTC`);
  const u = Number.isNaN(t) ? Date.parse(rest) : t;
  return Number.isNaN(u) ? null : new Date(u);
}

/** The Content-Length a header block states, or null. */
function contentLength(headers: Buffer[]): number | null {
  for (const h of headers) {
    if (h.length > 200 || (h[0] !== 67 && h[0] !== 99)) continue;
    const m = /^content-length:\s*(\d{1,12})\s*$/i.exec(h.toString('latin1'));
    if (m) return Number(m[1]);
  }
  return null;
}

/** Messages from `opts.position` (a byte offset; '' or 0: the start, which must be a From line). */
export async function* readMbox(path: string, opts: ReadOptions): AsyncGenerator<SourceMessage> {
  const variant = opts.variant ?? 'mboxrd';
  const r = await LineReader.open(path, Number(opts.position || 0));
  try {
    let line: Buffer | null | undefined = await r.next();
    while (line && isBlank(line)) line = await r.next();
    if (!line) return;
    if (!line.subarray(0, 5).equals(FROM))
      throw new ImportSourceError(`${path} is not an mbox file: it does not start with a "From " line (byte ${r.offset - line.length})`);
    while (line) {
      const start = r.offset - line.length;
      const postmark = line;
      const msg = new Collector(opts.maxBytes);
      line = null;
      if (variant === 'mboxcl' || variant === 'mboxcl2') line = await byLength(r, msg, variant, opts.maxBytes);
      if (line === null) line = await untilPostmark(r, msg, variant);
      const next = line ? r.offset - line.length : r.offset;
      yield {
        raw: msg.bytes(),
        size: msg.size,
        oversize: msg.oversize,
        at: `byte ${start}`,
        next: String(next),
        fallbackDate: postmarkDate(postmark),
      };
    }
  } finally {
    await r.close();
  }
}

/** Reads body lines into `msg` up to the next postmark (returned) or the end of the file (undefined). */
async function untilPostmark(r: LineReader, msg: Collector, variant: MboxVariant): Promise<Buffer | undefined> {
  let blank: Buffer | null = null;
  for (;;) {
    const l = await r.next();
    if (!l) {
      if (blank) msg.dropLast(blank);
      return undefined;
    }
    if (blank && isPostmark(l)) {
      msg.dropLast(blank);
      return l;
    }
    blank = isBlank(l) ? l : null;
    msg.push(unquote(l, variant));
  }
}

/**
 * The Content-Length way: headers, then exactly that many bytes of body, which must end where the
 * next message (or the file) begins. Returns the next postmark ('' at the end), or null (with
 * nothing consumed but what is in `msg`'s headers, pushed back) to read by postmarks instead.
 */
async function byLength(r: LineReader, msg: Collector, variant: MboxVariant, max: number): Promise<Buffer | undefined | null> {
  const read: Buffer[] = [];
  const headers: Buffer[] = [];
  for (;;) {
    const l = await r.next();
    if (!l) break;
    read.push(l);
    if (isBlank(l)) break;
    headers.push(l);
    if (read.length > 2000) break;
  }
  const n = contentLength(headers);
  const giveUp = () => {
    r.unread(read);
    return null;
  };
  if (n === null || n > max || read.length > 2000 || !isBlank(read[read.length - 1] ?? Buffer.alloc(0))) return giveUp();
  let body = 0;
  while (body < n) {
    const l = await r.next();
    if (!l) return giveUp();
    read.push(l);
    body += l.length;
  }
  if (body !== n) return giveUp();
  // Where it ends: the end of the file, or a postmark (after a blank line or at once).
  const a = await r.next();
  const b = a && isBlank(a) ? await r.next() : null;
  const ok = !a || isPostmark(a) ? 'a' : b === null ? (a && isBlank(a) ? 'eof' : null) : isPostmark(b) ? 'b' : null;
  if (!ok) {
    r.unread([...(b ? [b] : []), ...(a ? [a] : [])].reverse());
    return giveUp();
  }
  read.forEach((l, i) => msg.push(i > headers.length ? unquote(l, variant) : l));
  return ok === 'a' ? (a ?? undefined) : ok === 'b' ? b! : undefined;
}
