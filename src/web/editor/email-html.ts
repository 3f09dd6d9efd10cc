/**
 * The HTML the editor hands over, shaped as the execCommand editor wrote it so the server's sanitizing and
 * plain-text part stay the same: `<b>`/`<i>`, list items without an inner paragraph, an empty line kept
 * visible with a `<br>`.
 */
const renamed: Record<string, string> = { STRONG: 'b', EM: 'i' };

export function emailHtml(editorHtml: string): string {
  const tpl = document.createElement('template');
  tpl.innerHTML = editorHtml;
  const root = tpl.content;
  for (const el of Array.from(root.querySelectorAll('strong, em'))) {
    const next = document.createElement(renamed[el.tagName]!);
    for (const a of Array.from(el.attributes)) next.setAttribute(a.name, a.value);
    next.append(...Array.from(el.childNodes));
    el.replaceWith(next);
  }
  for (const li of Array.from(root.querySelectorAll('li'))) {
    for (const p of Array.from(li.children).filter((c) => c.tagName === 'P' || c.tagName === 'DIV')) {
      const prev = p.previousSibling;
      if (prev && !(prev instanceof Element && /^(UL|OL)$/.test(prev.tagName))) p.before(document.createElement('br'));
      p.replaceWith(...Array.from(p.childNodes));
    }
  }
  for (const block of Array.from(root.querySelectorAll('p, div'))) if (!block.firstChild) block.append(document.createElement('br'));
  return tpl.innerHTML;
}

/** True when the HTML has formatting the plain-text email would lose (the execCommand editor's test). */
export const hasFormatting = (root: ParentNode) =>
  !!root.querySelector('b,strong,i,em,u,s,ul,ol,a,img,blockquote,h1,h2,h3,pre,code,font,span[style]');
