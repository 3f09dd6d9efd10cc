/**
 * Address lists as people type or paste them (To and Cc): the forms mail clients write, separated by
 * commas, semicolons or new lines: `ana@example.org`, `<ana@example.org>`, `Ana Smith <ana@example.org>`,
 * `"Smith, Ana" <ana@example.org>`, `ana@example.org (Ana Smith)`. One pass over the text, bounded.
 */
import type { EmailAddress } from './conversation-api.js';

const MAX_TEXT = 20_000;
const ADDRESS = /^[^\s@<>(),;"]+@[^\s@<>(),;"]+\.[^\s@<>(),;"]+$/;

/** Splits at separators outside quotes, angle brackets and comments. */
function split(text: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quote = false;
  let angle = false;
  let comment = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\' && i + 1 < text.length) cur += ch + text[++i];
      else {
        if (ch === '"') quote = false;
        cur += ch;
      }
      continue;
    }
    if (ch === '"') quote = true;
    else if (ch === '<') angle = true;
    else if (ch === '>') angle = false;
    else if (ch === '(') comment++;
    else if (ch === ')' && comment > 0) comment--;
    else if (!angle && comment === 0 && (ch === ',' || ch === ';' || ch === '\n' || ch === '\r')) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean);
}

const unquote = (s: string) =>
  s
    .trim()
    .replace(/^"(.*)"$/s, '$1')
    .replace(/\\(.)/g, '$1')
    .trim();

/** One part: an address with an optional display name, several bare addresses separated by spaces, or null. */
function parsePart(part: string): EmailAddress[] | null {
  const angled = /^(.*)<([^<>]*)>\s*$/s.exec(part);
  if (angled) {
    const email = angled[2]!.trim();
    if (!ADDRESS.test(email)) return null;
    const name = unquote(angled[1]!);
    return [name ? { email: email.toLowerCase(), name } : { email: email.toLowerCase() }];
  }
  const commented = /^([^\s()]+)\s*\(([^()]*)\)\s*$/.exec(part);
  if (commented) {
    if (!ADDRESS.test(commented[1]!)) return null;
    const name = commented[2]!.trim();
    return [name ? { email: commented[1]!.toLowerCase(), name } : { email: commented[1]!.toLowerCase() }];
  }
  const words = part.split(/\s+/);
  if (!words.every((w) => ADDRESS.test(w))) return null;
  return words.map((w) => ({ email: w.toLowerCase() }));
}

/** The addresses of a typed list (each once, the first name given kept), or the first part that is not one. */
export function parseAddressList(text: string): { list: EmailAddress[]; bad: string | null } {
  if (text.length > MAX_TEXT) return { list: [], bad: `${text.slice(0, 40)}…` };
  const seen = new Map<string, EmailAddress>();
  for (const part of split(text)) {
    const found = parsePart(part);
    if (!found) return { list: [], bad: part };
    for (const a of found) if (!seen.has(a.email)) seen.set(a.email, a);
  }
  return { list: [...seen.values()], bad: null };
}

/** The list written back the way mail clients show it (`Ana Smith <ana@example.org>, bo@example.org`). */
export function formatAddressList(list: EmailAddress[]): string {
  return list.map((a) => (a.name ? `${/[",;<>()@\\]/.test(a.name) ? JSON.stringify(a.name) : a.name} <${a.email}>` : a.email)).join(', ');
}
