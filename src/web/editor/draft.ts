/**
 * The editor's handle on a plain contentEditable element: what the page shows while the editor's code loads,
 * so a shortcut that focuses the editor, or a template set before it is ready, is not lost. Its content moves
 * into the editor when that mounts.
 */
import { hasFormatting } from './email-html.js';
import type { RichEditorHandle } from './handle.js';

const hasContent = (el: HTMLElement) => el.textContent!.trim() !== '' || !!el.querySelector('img');

/** Inserts at the caret when it is inside `el`, else at the end. */
function insertNode(el: HTMLElement, node: Node) {
  el.focus();
  const sel = window.getSelection();
  const range = sel?.rangeCount && el.contains(sel.getRangeAt(0).startContainer) ? sel.getRangeAt(0) : null;
  if (!range) return el.append(node);
  range.deleteContents();
  const last = node instanceof DocumentFragment ? node.lastChild : node;
  range.insertNode(node);
  if (last) {
    range.setStartAfter(last);
    range.collapse(true);
    sel!.removeAllRanges();
    sel!.addRange(range);
  }
}

export function draftHandle(el: HTMLElement | null): RichEditorHandle {
  return {
    html: () => (el && hasContent(el) ? el.innerHTML : ''),
    plain: () => (el && !hasFormatting(el) ? el.innerText.replace(/\u00a0/g, ' ').trim() : null),
    empty: () => !el || !hasContent(el),
    setHtml: (html) => void (el && (el.innerHTML = html)),
    insertHtml: (html) => void (el && insertNode(el, document.createRange().createContextualFragment(html))),
    insertText: (text) => void (el && insertNode(el, document.createTextNode(text))),
    focus: () => el?.focus(),
  };
}

/**
 * The draft's content for the editor, without the `<br>` a browser puts at the end of a line it has just
 * opened (it shows nothing in HTML, but would be a line break in the editor). Read when the editor mounts:
 * the element has left the page by then but keeps what was typed up to that moment.
 */
export function draftHtml(el: HTMLElement | null): string {
  if (!el || !hasContent(el)) return '';
  const copy = el.cloneNode(true) as HTMLElement;
  for (const br of Array.from(copy.querySelectorAll('br'))) if (!br.nextSibling) br.remove();
  return copy.innerHTML;
}
