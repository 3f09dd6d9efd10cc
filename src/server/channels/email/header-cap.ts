/**
 * Address headers cut to a bounded number of entries before mailparser reads them: a `To:` with
 * 40,000 addresses costs mailparser seconds, and only the first 100 are kept anyway (parse.ts).
 * One linear pass over the header block; the body is not touched.
 */

/** Entries read from one address header (more than kept, so invalid entries do not crowd out valid ones). */
export const MAX_HEADER_ADDRESSES = 1000;
const addressHeaders = new Set(['from', 'sender', 'reply-to', 'to', 'cc', 'bcc', 'resent-to', 'resent-cc', 'resent-from']);

/** Where `value` holds its `max`-th top-level comma (outside quotes, comments and angle brackets), or -1. */
function cutAt(value: string, max: number): number {
  let commas = 0;
  let quoted = false;
  let comment = 0;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (quoted) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) quoted = false;
    } else if (comment) {
      if (c === 0x5c) i++;
      else if (c === 0x28 /* ( */) comment++;
      else if (c === 0x29 /* ) */) comment--;
    } else if (c === 0x22) quoted = true;
    else if (c === 0x28) comment = 1;
    else if (c === 0x3c /* < */) angle = true;
    else if (c === 0x3e /* > */) angle = false;
    else if ((c === 0x2c /* , */ || c === 0x3b) /* ; */ && !angle && ++commas >= max) return i;
  }
  return -1;
}

/** The raw message with each address header holding at most MAX_HEADER_ADDRESSES entries (the same buffer when none has more). */
export function capAddressHeaders(raw: Buffer, max = MAX_HEADER_ADDRESSES): Buffer {
  let end = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (end < 0 || (lf >= 0 && lf < end)) end = lf;
  if (end < 0) end = raw.length;
  // Few bytes cannot hold many entries: nothing to do for ordinary mail.
  if (end < max * 4) return raw;
  const head = raw.subarray(0, end).toString('latin1');
  // Header fields: a line that does not start with white space begins one.
  const fields = head.split(/(?=\r?\n(?![ \t]))/);
  let changed = false;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const colon = f.indexOf(':');
    if (colon < 0 || f.length < max * 4 || !addressHeaders.has(f.slice(0, colon).trim().toLowerCase())) continue;
    const cut = cutAt(f, max);
    if (cut < 0) continue;
    fields[i] = f.slice(0, cut);
    changed = true;
  }
  return changed ? Buffer.concat([Buffer.from(fields.join(''), 'latin1'), raw.subarray(end)]) : raw;
}
