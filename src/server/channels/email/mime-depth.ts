/**
 * How deeply a raw message nests MIME parts (multipart/* and message/rfc822), read in one linear
 * pass before mailparser sees it: mailparser checks each line against every enclosing boundary,
 * so 500 nested multiparts in 34 KB already took most of a second. A message nested deeper than
 * MAX_MIME_DEPTH is kept raw (message.eml), like unreadable mail.
 */

/** Real mail nests a few levels; a forward chain adds two per forwarded message. */
export const MAX_MIME_DEPTH = 32;

const contentType = /^content-type\s*:\s*([^;\s]+)([\s\S]*)$/i;
const boundaryParam = /;\s*boundary\s*=\s*(?:"([^"]*)"|([^;\s]+))/i;

/** True when the message's parts nest deeper than `max`; stops reading once they do. */
export function mimeNestedDeeperThan(raw: Buffer, max = MAX_MIME_DEPTH): boolean {
  const text = raw.toString('latin1');
  // Open levels, innermost last: the boundary of a multipart, or null for an embedded message.
  const levels: (string | null)[] = [];
  const at = new Map<string, number>();
  let inHeaders = true;
  let header = '';
  let type = '';
  let boundary: string | null = null;
  const endHeader = () => {
    const m = contentType.exec(header);
    if (m) {
      type = m[1]!.toLowerCase();
      const b = boundaryParam.exec(m[2]!);
      boundary = b ? (b[1] ?? b[2] ?? null) : null;
    }
    header = '';
  };
  const popTo = (n: number) => {
    while (levels.length > n) {
      const b = levels.pop();
      if (b !== null && b !== undefined && at.get(b) === levels.length) at.delete(b);
    }
  };
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl).replace(/\r$/, '');
    pos = nl + 1;
    if (inHeaders) {
      if (line === '') {
        endHeader();
        inHeaders = false;
        if (type.startsWith('multipart/') && boundary) {
          at.set(boundary, levels.length);
          levels.push(boundary);
        } else if (type === 'message/rfc822' || type === 'message/global') {
          levels.push(null);
          inHeaders = true; // the embedded message starts with its own headers
        }
        if (levels.length > max) return true;
        type = '';
        boundary = null;
      } else if (/^[ \t]/.test(line)) {
        if (header.length < 16_384) header += line;
      } else {
        endHeader();
        header = line;
      }
      continue;
    }
    if (!line.startsWith('--')) continue;
    const mark = line.slice(2).replace(/[ \t]+$/, '');
    let i = at.get(mark);
    const closing = i === undefined && mark.endsWith('--');
    if (closing) i = at.get(mark.slice(0, -2));
    if (i === undefined) continue;
    if (closing) popTo(i);
    else {
      popTo(i + 1);
      inHeaders = true; // a part starts with its headers
    }
  }
  return false;
}
