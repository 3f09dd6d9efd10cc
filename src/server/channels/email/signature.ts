/**
 * How an email channel presents itself: the From name ("Ana from Acme" or "Acme") and the team
 * signature with the sending agent's name filled in, appended to the text and HTML parts.
 */
import { sanitizeEmailHtml } from '../../content/sanitize.js';
import { htmlToText } from '../../domain/email-body.js';
import { mailT, mailLanguage, type MailLanguage } from '../../../common/mail-texts/index.js';
import { signatureTokens } from '../../../common/api.js';
import { oneLine } from './parse.js';

export type FromNameMode = 'agent' | 'company';
export interface EmailIdentitySettings {
  /** "agent and company name" (default) or "company name only". */
  fromName?: FromNameMode;
  /** Empty: the inbox's name. */
  companyName?: string;
  /** A verified custom From address; null/absent: the channel's own (or fallback) address. */
  fromAddress?: string | null;
  /** The language of what the server writes in this channel's mail ("Ana van Acme"); absent: English. */
  language?: MailLanguage;
}
export interface SignatureSettings {
  format: 'text' | 'html';
  /** As entered; HTML is stored sanitized. Tokens (`signatureTokens`): {{full_name}} {{first_name}} {{last_name}}. */
  body: string;
}

export const companyOf = (identity: EmailIdentitySettings | undefined, inboxName: string) => identity?.companyName?.trim() || inboxName;

/** The display name on the From header, in the channel's language ("Ana from Acme", "Ana van Acme", "Ana från Acme"). */
export function fromNameFor(identity: EmailIdentitySettings | undefined, inboxName: string, agentName: string | null | undefined): string {
  const company = companyOf(identity, inboxName);
  const t = mailT(mailLanguage(identity?.language));
  const name =
    (identity?.fromName ?? 'agent') === 'agent' && agentName?.trim() ? t('from.agent', { agent: agentName.trim(), company }) : company;
  return oneLine(name, 200);
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const textToHtml = (s: string) => escapeHtml(s).replace(/\r?\n/g, '<br>');

/** Signature HTML as stored: inert (no script, no handlers, no cid: parts). */
export const sanitizeSignatureHtml = (html: string) => sanitizeEmailHtml(html, () => null);

function tokens(agentName: string | null | undefined): Record<string, string> {
  const full = (agentName ?? '').trim().replace(/\s+/g, ' ');
  const [first = '', ...rest] = full ? full.split(' ') : [];
  return { full_name: full, first_name: first, last_name: rest.join(' ') };
}
const tokenPattern = new RegExp(`\\{\\{\\s*(${signatureTokens.join('|')})\\s*\\}\\}`, 'g');
const fill = (s: string, values: Record<string, string>, esc: (v: string) => string) =>
  s.replace(tokenPattern, (_m, k: string) => esc(values[k] ?? ''));

/** The signature in the text format, its tokens as written (a sanitized HTML one through the one `htmlToText`). */
export const signatureAsText = (sig: SignatureSettings) => (sig.format === 'html' ? htmlToText(sig.body).trim() : sig.body);

/** The signature for one agent, as text and as HTML. */
export function renderSignature(sig: SignatureSettings, agentName: string | null | undefined): { text: string; html: string } {
  const values = tokens(agentName);
  if (sig.format === 'html') {
    const html = sanitizeSignatureHtml(fill(sig.body, values, escapeHtml));
    return { text: htmlToText(html), html };
  }
  const text = fill(sig.body, values, (v) => v).trim();
  return { text, html: textToHtml(text) };
}

/**
 * The body that leaves: the message with the signature after it. An HTML part is sent when the
 * message has HTML or the signature is HTML (then the text becomes HTML too).
 */
export function withSignature(
  body: { text: string; html: string | null },
  sig: SignatureSettings | undefined,
  agentName: string | null | undefined,
): { text: string; html: string | null } {
  if (!sig?.body.trim()) return body;
  const s = renderSignature(sig, agentName);
  const text = `${body.text.replace(/\s+$/, '')}\n\n-- \n${s.text}`;
  if (!body.html && sig.format !== 'html') return { text, html: null };
  const html = `${body.html ?? `<div>${textToHtml(body.text)}</div>`}<br><div class="signature">${s.html}</div>`;
  return { text, html };
}
