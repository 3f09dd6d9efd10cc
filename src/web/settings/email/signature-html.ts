/** A team signature between its two formats on the page: plain text into editor lines, and whether the editor can hold some HTML. */

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain text as the editor writes it: one `<div>` per line, an empty line kept with a `<br>`. */
export function textToSignatureHtml(text: string): string {
  if (!text.trim()) return '';
  return text
    .replace(/\s+$/, '')
    .split(/\r?\n/)
    .map((line) => (line.trim() ? `<div>${escapeHtml(line)}</div>` : '<div><br></div>'))
    .join('');
}

/** The elements the rich editor holds, with the attributes it keeps (`rel` and `target` the server adds back to links). */
const held: Record<string, string[]> = {
  a: ['href', 'rel', 'target'],
  b: [],
  strong: [],
  i: [],
  em: [],
  u: [],
  s: [],
  del: [],
  strike: [],
  code: [],
  br: [],
  p: [],
  div: [],
  ul: [],
  ol: ['start'],
  li: [],
  blockquote: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  pre: [],
  hr: [],
  img: ['src', 'alt', 'title'],
};

/** True when the rich editor shows all of `html`; else (tables, fonts, styles…) it is edited as HTML so nothing is lost. */
export function editorKeeps(html: string): boolean {
  const tpl = document.createElement('template');
  tpl.innerHTML = html;
  return Array.from(tpl.content.querySelectorAll('*')).every((el) => {
    const attrs = held[el.tagName.toLowerCase()];
    return !!attrs && Array.from(el.attributes).every((a) => attrs.includes(a.name));
  });
}
