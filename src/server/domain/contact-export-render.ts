/**
 * A contact's export written out as it is read (contact-export.ts): one JSON document, or one HTML page
 * that needs nothing else (inline style, no script, a policy that forbids scripts and remote loads;
 * every text escaped; message HTML made inert by the sanitiser).
 */
import { sanitizeEmailHtml } from '../content/sanitize.js';
import type { ExportSource } from './contact-export.js';

export async function* contactExportJson(src: ExportSource): AsyncGenerator<string> {
  const { contact, ...rest } = src.head;
  yield `{"exportedAt":${JSON.stringify(rest.exportedAt)},"contact":${JSON.stringify(contact)},`;
  yield `"activities":${JSON.stringify(rest.activities)},"deals":${JSON.stringify(rest.deals)},"tickets":${JSON.stringify(rest.tickets)},`;
  yield '"conversations":[';
  let firstConv = true;
  for await (const { conversation, messages } of src.conversations()) {
    yield `${firstConv ? '' : ','}${JSON.stringify(conversation).slice(0, -1)},"messages":[`;
    firstConv = false;
    let first = true;
    for await (const page of messages)
      for (const m of page) {
        yield (first ? '' : ',') + JSON.stringify(m);
        first = false;
      }
    yield ']}';
  }
  yield ']}\n';
}

const esc = (s: string | null | undefined) =>
  (s ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1.05rem;margin-bottom:.25rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
.msg{border:1px solid #ddd;border-radius:6px;padding:.5rem .75rem;margin:.5rem 0}.meta{color:#555;font-size:.85rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere}.html{overflow-wrap:anywhere}`;

function fields(rows: [string, unknown][]): string {
  const items = rows
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(typeof v === 'string' ? v : JSON.stringify(v))}</dd>`);
  return items.length ? `<dl>${items.join('')}</dl>` : '<p>None.</p>';
}

function list<T>(items: T[], line: (x: T) => string): string {
  return items.length ? `<ul>${items.map((x) => `<li>${line(x)}</li>`).join('')}</ul>` : '<p>None.</p>';
}

export async function* contactExportHtml(src: ExportSource): AsyncGenerator<string> {
  const { contact: c, activities, deals, tickets, exportedAt } = src.head;
  const title = `Data held about ${c.name ?? c.email ?? 'a contact'}`;
  yield `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body>
<h1>${esc(title)}</h1><p class="meta">Exported ${esc(exportedAt)}</p>
<h2>Contact</h2>${fields([
    ['Name', c.name],
    ['Email', c.email],
    ['Unverified email', c.unverifiedEmail],
    ['Phone', c.phone],
    ['Company', c.company],
    ['Blocked', c.blocked ? 'yes' : null],
  ])}
<h2>Properties</h2>${fields(Object.entries(c.properties))}
<h2>Notes, tasks and calls</h2>${list(activities, (a) => `${esc(a.kind)}, ${esc(a.createdAt)}: <span class="text">${esc(a.body)}</span>`)}
<h2>Deals</h2>${list(deals, (d) => `${esc(d.name)} (${esc(d.stage)}, ${(d.amountCents / 100).toFixed(2)})`)}
<h2>Tickets</h2>${list(tickets, (t) => `${esc(t.title)} (${esc(t.stage)}, ${esc(t.createdAt)})`)}
<h2>Conversations</h2>`;
  let any = false;
  for await (const { conversation: v, messages } of src.conversations()) {
    any = true;
    yield `<section><h3>${esc(v.subject ?? '(no subject)')}</h3><p class="meta">${esc(v.inbox)} · ${esc(v.channel)} · ${esc(v.status)} · started ${esc(v.createdAt)}</p>`;
    for await (const page of messages)
      for (const m of page) {
        const body = m.html ? `<div class="html">${sanitizeEmailHtml(m.html, () => null)}</div>` : `<div class="text">${esc(m.text)}</div>`;
        const files = m.attachments.length
          ? `<p class="meta">Files: ${m.attachments.map((f) => `${esc(f.filename)} (${esc(f.contentType)}, ${f.size} bytes)`).join(', ')}</p>`
          : '';
        yield `<article class="msg"><p class="meta">${m.kind === 'incoming' ? 'From' : 'Reply by'} ${esc(m.from ?? 'the team')} · ${esc(m.at)}</p>${body}${files}</article>`;
      }
    yield '</section>';
  }
  if (!any) yield '<p>None.</p>';
  yield '</body></html>\n';
}
