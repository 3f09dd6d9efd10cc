import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { EmailAddress, Recipients } from '../../../common/api.js';
import { newId } from '../../domain/ids.js';
import { sanitizeEmailHtml } from '../../content/sanitize.js';
import { safeFilename, sniffImage } from '../../files/store.js';
import { capAddressHeaders } from './header-cap.js';
import { MAX_MIME_DEPTH, mimeNestedDeeperThan } from './mime-depth.js';

export interface ParsedAttachment {
  id: string;
  filename: string;
  contentType: string;
  content: Buffer;
  contentId: string | null;
}

/** A received email, normalised: what ingest needs to thread and store it. */
export interface ParsedEmail {
  /** The Message-ID without angle brackets, or `sha256:<hash of the raw message>` when absent. */
  externalId: string;
  from: { email?: string; name?: string };
  subject: string;
  text: string;
  html: string | null;
  /** In-Reply-To first, then References newest first; no angle brackets. */
  parentIds: string[];
  autoReply: boolean;
  /** Message-IDs of the mail this bounce reports, when it is a bounce. */
  bounceOf: string[] | null;
  attachments: ParsedAttachment[];
  /** The message could not be parsed: `text` holds its raw source and the raw is attached. */
  unreadable: boolean;
  /** Its To and Cc as the sender wrote them. */
  recipients: Recipients;
  /** Its Reply-To addresses (empty when none). */
  replyTo: EmailAddress[];
  /** A delivery status notification (multipart/report; report-type=delivery-status): only these count as bounces, and only from the null sender. */
  deliveryReport?: boolean;
  /** The Return-Path header without brackets ('' for `<>`, the null sender); null when absent. */
  returnPath?: string | null;
  /** Its Date header as an ISO instant (null when absent or unreadable): an import keeps it. */
  date?: string | null;
  /** A forwarded message: the original sender, subject, To and Cc, from the quoted header block. */
  forwarded: { from: { email: string; name?: string }; subject?: string; to: EmailAddress[]; cc: EmailAddress[] } | null;
}

const forwardMarker =
  /^(?:-{2,}\s*Forwarded message\s*-{2,}|-{2,}\s*Original Message\s*-{2,}|Begin forwarded message:|-{2,}\s*Doorgestuurd bericht\s*-{2,}|-{2,}\s*Vidarebefordrat meddelande\s*-{2,})\s*$/im;

/** The original sender of a forwarded mail (Gmail, Outlook, Apple Mail and similar header blocks). */
export function forwardedOf(text: string): ParsedEmail['forwarded'] {
  const m = forwardMarker.exec(text);
  if (!m) return null;
  const block = text
    .slice(m.index + m[0].length, m.index + m[0].length + 2000)
    .split(/\r?\n\s*\r?\n/)[0]!
    .replace(/^\s+/, '');
  const from = /^(?:\*?From\*?|Van|Från):\s*(.*)$/im.exec(block)?.[1] ?? '';
  const addr = /<([^<>\s@]+@[^<>\s@]+)>|\[mailto:([^\]\s]+)\]|([^\s<>"@]+@[^\s<>"@]+\.[a-z]{2,})/i.exec(from);
  const email = (addr?.[1] ?? addr?.[2] ?? addr?.[3])?.toLowerCase();
  if (!email) return null;
  const name =
    oneLine(from.replace(/<[^>]*>|\[mailto:[^\]]*\]/g, '').replace(/["*]/g, ''), 200)
      .replace(email, '')
      .trim() || undefined;
  const subject = oneLine(/^(?:\*?Subject\*?|Onderwerp|Ämne):\s*(.*)$/im.exec(block)?.[1]) || undefined;
  const to = addressLine(/^\*?(?:To|Aan|Till)\*?:\s*(.*)$/im.exec(block)?.[1] ?? '');
  const cc = addressLine(/^\*?(?:Cc|Kopia)\*?:\s*(.*)$/im.exec(block)?.[1] ?? '');
  return { from: { email, name }, subject, to, cc };
}

/** "Bob <bob@x.org>, \"Smith, Carol\" <carol@y.org>; dave@z.org" → addresses (commas/semicolons outside quotes separate). */
export function addressLine(line: string): EmailAddress[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if ((ch === ',' || ch === ';') && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const out: EmailAddress[] = [];
  for (const part of parts) {
    const m = /<([^<>\s@]+@[^<>\s@]+)>|\[mailto:([^\]\s]+)\]|([^\s<>"@]+@[^\s<>"@]+\.[a-z]{2,})/i.exec(part);
    const email = (m?.[1] ?? m?.[2] ?? m?.[3])?.toLowerCase();
    if (!email || out.some((a) => a.email === email)) continue;
    const name = oneLine(part.replace(/<[^>]*>|\[mailto:[^\]]*\]/g, '').replace(/["*]/g, ''), 200)
      .replace(email, '')
      .trim();
    out.push(name ? { email, name } : { email });
  }
  return out.slice(0, 100);
}

/** Strips control characters (CR/LF header injection, NUL that PostgreSQL refuses) from a one-line value. */
export const oneLine = (s: string | undefined | null, max = 998): string =>
  (s ?? '')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
const noNul = (s: string) => s.replace(/\u0000/g, '');

export const bareId = (id: string) => id.trim().replace(/^<|>$/g, '').trim();
function idList(v: string | string[] | undefined): string[] {
  if (!v) return [];
  const all = (Array.isArray(v) ? v : [v]).flatMap((x) => x.match(/<[^<>\s]+>/g) ?? x.split(/\s+/));
  return all.map(bareId).filter((x) => x && x.length <= 500);
}

/**
 * The dedupe key of a message without a Message-ID. Normalised (line endings, trailing blanks,
 * NULs) because transports and IMAP servers rewrite exactly those bytes on the way.
 */
export function rawHash(raw: Buffer): string {
  const norm = raw
    .toString('latin1')
    .replace(/\u0000/g, '')
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\s+$/, '');
  return `sha256:${createHash('sha256').update(norm, 'latin1').digest('hex')}`;
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): { email?: string; name?: string } {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  for (const o of list) {
    for (const v of o.value) {
      if (v.address && /^[^\s@]+@[^\s@]+$/.test(v.address))
        return { email: oneLine(v.address, 320).toLowerCase(), name: oneLine(v.name, 200) || undefined };
    }
  }
  return {};
}

/** At most this many addresses are kept from a To or Cc header. */
export const MAX_ADDRESSES = 100;

/** A header's addresses, de-duplicated in linear time and read only up to MAX_ADDRESSES. */
function allAddresses(a: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const out: EmailAddress[] = [];
  const seen = new Set<string>();
  const walk = (vs: AddressObject['value']) => {
    for (const v of vs) {
      if (out.length >= MAX_ADDRESSES) return;
      if (v.group) walk(v.group);
      else if (v.address && /^[^\s@]+@[^\s@]+$/.test(v.address)) {
        const email = oneLine(v.address, 320).toLowerCase();
        if (seen.has(email)) continue;
        seen.add(email);
        const name = oneLine(v.name, 200);
        out.push(name ? { email, name } : { email });
      }
    }
  };
  for (const o of Array.isArray(a) ? a : a ? [a] : []) walk(o.value);
  return out;
}

function header(m: ParsedMail, name: string): string {
  const v = m.headers.get(name);
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'value' in (v as object)) return String((v as { value: unknown }).value);
  return String(v);
}

/** Auto-Submitted (other than `no`), Precedence bulk/junk/auto_reply, X-Autoreply, X-Autorespond. */
function isAutoReply(m: ParsedMail): boolean {
  const auto = header(m, 'auto-submitted').toLowerCase();
  if (auto && auto !== 'no') return true;
  if (/^(bulk|junk|auto_reply)$/i.test(header(m, 'precedence').trim())) return true;
  return !!(header(m, 'x-autoreply') || header(m, 'x-autorespond') || header(m, 'x-auto-response-suppress').match(/all|oof|autoreply/i));
}

/** The topmost Return-Path (written by the final delivery from MAIL FROM): '' for the null sender `<>`. */
function returnPathOf(m: ParsedMail): string | null {
  const line = m.headerLines.find((l) => l.key === 'return-path')?.line;
  if (line === undefined) return null;
  const v = line.slice(line.indexOf(':') + 1).trim();
  return oneLine(/<([^<>]*)>/.exec(v)?.[1] ?? v, 320).toLowerCase();
}

function isDeliveryReport(m: ParsedMail): boolean {
  const ct = m.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  return ct?.value === 'multipart/report' && /^delivery-status$/i.test(ct.params?.['report-type'] ?? '');
}

/** A delivery status notification: the Message-IDs it reports, found in the returned headers. */
function bouncedIds(m: ParsedMail, raw: Buffer, ownId: string): string[] | null {
  const ct = m.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const report = ct?.value === 'multipart/report' && /delivery-status/i.test(ct.params?.['report-type'] ?? '');
  const from = firstAddress(m.from).email ?? '';
  const daemon = /^(mailer-daemon|postmaster)@/i.test(from);
  if (!report && !daemon) return null;
  const ids = new Set<string>();
  const scan = (s: string) => {
    for (const x of s.matchAll(/^Message-ID:\s*<([^<>\s]+)>/gim)) if (x[1] && x[1] !== ownId) ids.add(x[1]);
  };
  for (const a of m.attachments) if (/rfc822|delivery-status/i.test(a.contentType)) scan(a.content.toString('utf8'));
  const body = raw.toString('latin1');
  scan(body.slice(body.search(/\r?\n\r?\n/) + 1));
  return ids.size ? [...ids] : report ? [] : null;
}

/** Parses raw RFC 5322 mail; never throws: unreadable mail comes back raw, marked as such. */
export async function parseEmail(raw: Buffer, attachmentUrl: (id: string) => string): Promise<ParsedEmail> {
  let m: ParsedMail;
  try {
    if (mimeNestedDeeperThan(raw)) return unreadableEmail(raw, `its parts are nested deeper than ${MAX_MIME_DEPTH} levels`);
    m = await simpleParser(capAddressHeaders(raw), { skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 5 * 1024 * 1024 });
  } catch (err) {
    return unreadableEmail(raw, err);
  }
  try {
    const ownId = m.messageId ? bareId(m.messageId) : '';
    const attachments: ParsedAttachment[] = m.attachments.map((a) => {
      const image = sniffImage(a.content);
      return {
        id: newId(),
        filename: safeFilename(a.filename, image ? `image.${image.split('/')[1]}` : 'attachment'),
        contentType: image ?? oneLine(a.contentType, 100).toLowerCase() ?? 'application/octet-stream',
        content: a.content,
        contentId: a.contentId ? oneLine(bareId(a.contentId), 300) : a.cid ? oneLine(a.cid, 300) : null,
      };
    });
    const byCid = new Map(attachments.filter((a) => a.contentId).map((a) => [a.contentId!.toLowerCase(), a]));
    const html = m.html
      ? sanitizeEmailHtml(m.html, (cid) => {
          const a = byCid.get(bareId(cid).toLowerCase());
          return a && a.contentType.startsWith('image/') ? attachmentUrl(a.id) : null;
        })
      : null;
    const references = idList(m.references).reverse();
    const inReplyTo = idList(m.inReplyTo);
    return {
      externalId: ownId && ownId.length <= 500 ? ownId : rawHash(raw),
      from: firstAddress(m.from),
      subject: oneLine(m.subject),
      text: noNul(m.text ?? ''),
      html: html && html.trim() ? html : null,
      parentIds: [...new Set([...inReplyTo, ...references])].slice(0, 50),
      autoReply: isAutoReply(m),
      bounceOf: bouncedIds(m, raw, ownId),
      attachments,
      unreadable: false,
      recipients: { to: allAddresses(m.to), cc: allAddresses(m.cc) },
      replyTo: allAddresses(m.replyTo),
      deliveryReport: isDeliveryReport(m),
      returnPath: returnPathOf(m),
      date: m.date && !Number.isNaN(m.date.getTime()) ? m.date.toISOString() : null,
      forwarded:
        /^\s*(fwd?|wg|tr|vs|doorst)\s*:/i.test(m.subject ?? '') || forwardMarker.test(m.text ?? '')
          ? forwardedOf(noNul(m.text ?? ''))
          : null,
    };
  } catch (err) {
    return unreadableEmail(raw, err);
  }
}

/** The message kept raw as message.eml, `text` saying why (`err`) and showing the start of its source. */
export function unreadableEmail(raw: Buffer, err: unknown): ParsedEmail {
  const source = noNul(raw.toString('latin1'));
  // Still log it to its sender when a From address can be read from the raw headers.
  const head = source.slice(0, Math.max(0, source.search(/\r?\n\r?\n/)) || 64 * 1024);
  const addr = /^From:[^\n]*?<?([^\s<>@"]+@[^\s<>@"]+\.[^\s<>@"]+?)>?\s*$/im.exec(head)?.[1];
  return {
    externalId: rawHash(raw),
    from: addr ? { email: oneLine(addr, 320).toLowerCase() } : {},
    subject: '(unreadable message)',
    text: `This message could not be read (${oneLine(String((err as Error)?.message ?? err), 200)}). Its raw source is attached.\n\n${source.slice(0, 20_000)}`,
    html: null,
    parentIds: [],
    autoReply: false,
    bounceOf: null,
    attachments: [{ id: newId(), filename: 'message.eml', contentType: 'message/rfc822', content: raw, contentId: null }],
    unreadable: true,
    recipients: { to: [], cc: [] },
    replyTo: [],
    forwarded: null,
  };
}
