/**
 * An agent's HTML email made safe to store and send, with the plain-text part derived from it.
 * The work runs on a worker thread (email-body-worker.ts) within the PARSE_TIMEOUT_MS budget:
 * its cost depends on what was submitted, and the event loop serves everyone.
 */
import os from 'node:os';
import sanitizeHtml from 'sanitize-html';
import { limitHtmlDepth } from '../content/html-depth.js';
import { sanitizeEmailHtml } from '../content/sanitize.js';
import { WorkerPool, WorkTimeout } from '../worker-pool.js';
import { invalid } from './errors.js';
import { inlineAttachmentUrl } from '../../common/attachment-urls.js';

export interface EmailBodyInput {
  html: string;
  /** Uploads sent as attachments; they may also be shown inline. */
  attachmentIds: string[];
  /** Uploads the HTML shows (`/api/v1/uploads/<id>`) are linked too; false: every image on this server is dropped (templates). */
  linkInline: boolean;
}
export interface EmailBody {
  /** Sanitized, trimmed; '' when nothing is left. */
  html: string;
  text: string;
  /** Every upload to link (attached or shown inline). */
  files: string[];
  inline: string[];
}

/** The body worked out on this thread (the worker's job). */
export function emailBodyNow(input: EmailBodyInput): EmailBody {
  const html = limitHtmlDepth(input.html);
  const inline = input.linkInline ? inlineUploadIds(html) : [];
  const files = [...new Set([...input.attachmentIds, ...inline])];
  const clean = prepareEmailHtml(html, new Set(files));
  return { html: clean, text: htmlToText(clean), files, inline };
}

const pool = new WorkerPool<EmailBodyInput, EmailBody>(new URL('./email-body-worker.ts', import.meta.url), {
  size: Math.min(2, Math.max(1, (os.availableParallelism?.() ?? os.cpus().length) - 1)),
  timeoutMs: 10_000,
});

/** Starts the worker(s) with the time budget one body may take. */
export function startEmailBodyPool(timeoutMs: number): void {
  pool.start({ timeoutMs });
}
export const closeEmailBodyPool = () => pool.close();

/** The body, sanitized on a worker; HTML that runs out of time is a 400 on `field`. */
export async function emailBody(input: EmailBodyInput, field: string): Promise<EmailBody> {
  try {
    return await pool.run(input);
  } catch (err) {
    if (err instanceof WorkTimeout) throw invalid(field, 'is too complex to process: simplify the formatting', 'too_complex');
    throw err;
  }
}

const uploadSrc = /^\/api\/v1\/uploads\/([A-Za-z0-9_-]{1,64})$/;

/** Upload ids the HTML shows as inline images (`<img src="/api/v1/uploads/<id>">`, as the editor inserts them). */
export function inlineUploadIds(html: string): string[] {
  const ids = new Set<string>();
  sanitizeHtml(limitHtmlDepth(html), {
    allowedTags: ['img'],
    allowedAttributes: { img: ['src'] },
    exclusiveFilter: (f) => {
      const m = f.tag === 'img' ? uploadSrc.exec(f.attribs.src ?? '') : null;
      if (m) ids.add(m[1]!);
      return false;
    },
  });
  return [...ids];
}

/**
 * Sanitized HTML for the message: editor image URLs become the sent message's inline attachment
 * URLs; any other image on this server (someone else's attachment) is dropped.
 */
export function prepareEmailHtml(html: string, linked: Set<string>): string {
  const marked = sanitizeHtml(limitHtmlDepth(html), {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    allowedSchemes: ['http', 'https', 'mailto', 'cid', 'data'],
    transformTags: {
      img: (tagName, attribs) => {
        const src = attribs.src ?? '';
        const m = uploadSrc.exec(src);
        if (m) return { tagName, attribs: { ...attribs, src: `cid:${m[1]}` } };
        if (/^https?:|^data:/i.test(src)) return { tagName, attribs };
        return { tagName, attribs: { ...attribs, src: '' } };
      },
    },
  });
  return sanitizeEmailHtml(marked, (cid) => (linked.has(cid) ? inlineAttachmentUrl(cid) : null)).trim();
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
    }
    return entities[e.toLowerCase()] ?? all;
  });

const blocks = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'blockquote', 'table', 'tr', 'pre', 'hr']);

/** Plain text of sanitized HTML: paragraphs (a blank line) and lines (`<div>`, `<br>`) kept, list items as "- " or "1. ", links as "text (url)". */
export function htmlToText(html: string): string {
  let out = '';
  const lists: { ordered: boolean; n: number }[] = [];
  const links: string[] = [];
  const tokens = html.replace(/\r?\n/g, ' ').matchAll(/<(\/?)([a-z0-9]+)([^>]*)>|([^<]+)/gi);
  for (const t of tokens) {
    if (t[4] !== undefined) {
      out += decode(t[4]).replace(/\s+/g, ' ');
      continue;
    }
    const closing = t[1] === '/';
    const tag = t[2]!.toLowerCase();
    const attrs = t[3] ?? '';
    if (tag === 'br') out += '\n';
    else if (tag === 'li' && !closing) {
      const l = lists[lists.length - 1];
      out += `\n${'  '.repeat(Math.max(0, lists.length - 1))}${l?.ordered ? `${++l.n}. ` : '- '}`;
    } else if ((tag === 'ul' || tag === 'ol') && !closing) {
      lists.push({ ordered: tag === 'ol', n: 0 });
      out += '\n';
    } else if ((tag === 'ul' || tag === 'ol') && closing) {
      lists.pop();
      out += '\n';
    } else if (tag === 'a') {
      if (!closing) links.push(decode(/href="([^"]*)"/i.exec(attrs)?.[1] ?? ''));
      else {
        const href = links.pop() ?? '';
        const shown = href.replace(/^mailto:/i, '');
        if (href && !out.trimEnd().endsWith(shown)) out += ` (${shown})`;
      }
    } else if (tag === 'img' && !closing) {
      const alt = decode(/alt="([^"]*)"/i.exec(attrs)?.[1] ?? '');
      if (alt) out += `${out && !/\s$/.test(out) ? ' ' : ''}[${alt}]`;
    } else if (tag === 'div') {
      // A <div> is one line (as the editor and most mail programs write lines): no blank line between two.
      if (!out.endsWith('\n')) out += '\n';
    } else if (blocks.has(tag)) out += '\n';
    else if ((tag === 'td' || tag === 'th') && closing) out += '\t';
  }
  return out
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/g, '').replace(/^ (?=\S)/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
