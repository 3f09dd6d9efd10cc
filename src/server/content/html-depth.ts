/**
 * HTML with its element nesting bounded, in one linear pass, before sanitize-html sees it.
 *
 * htmlparser2 (under sanitize-html) keeps its open elements at the front of an array, so every tag
 * costs time in proportion to the depth: 200,000 nested tags took minutes on the event loop. Here
 * elements nested deeper than `maxDepth` lose their tags and keep their text (browsers flatten very
 * deep markup the same way). The output is canonical so that htmlparser2 builds exactly the tree
 * followed here: each kept tag is written again as `<name attr="value">`, a `<` that starts no tag
 * becomes `&lt;`, and comments, declarations, processing instructions and raw-text elements
 * (script, style, title, textarea, xmp, which the sanitizer drops anyway) are left out. The open
 * element stack follows htmlparser2's rules (void elements, implied end tags, an end tag closing
 * down to the nearest open element of its name), so its depth never passes `maxDepth`.
 */

export const MAX_HTML_DEPTH = 100;

// htmlparser2's own tables (Parser.js): elements without content, and which open elements a start tag closes.
const voidElements = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
const pTag = new Set(['p']);
const formTags = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const tableSection = new Set(['thead', 'tbody']);
const ddt = new Set(['dd', 'dt']);
const rtp = new Set(['rt', 'rp']);
const impliesClose = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', ddt],
  ['dt', ddt],
  ['rt', rtp],
  ['rp', rtp],
  ['tbody', tableSection],
  ['tfoot', tableSection],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t) => [t, formTags] as [string, Set<string>]),
  ...[
    'p',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'address',
    'article',
    'aside',
    'blockquote',
    'details',
    'div',
    'dl',
    'fieldset',
    'figcaption',
    'figure',
    'footer',
    'form',
    'header',
    'hr',
    'main',
    'nav',
    'ol',
    'pre',
    'section',
    'table',
    'ul',
  ].map((t) => [t, pTag] as [string, Set<string>]),
]);
/** Elements whose content htmlparser2 reads as text up to their end tag; dropped whole here. */
const rawText = new Set(['script', 'style', 'title', 'textarea', 'xmp']);

const rawTextEnds = new Map([...rawText].map((t) => [t, new RegExp(`</${t}[\\s/>]`, 'ig')]));
const rawTextEnd = (name: string) => rawTextEnds.get(name)!;

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
const SLASH = 0x2f;
const GT = 0x3e;
const EQ = 0x3d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
/** Whitespace, "/" or ">" end a tag or attribute name. */
const endsName = (c: number) => c === 0x20 || c === SLASH || c === GT || (c >= 0x09 && c <= 0x0d);
const isAlpha = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
/** An attribute name that reads back as the same single attribute. */
const plainAttrName = /^[^\s"'<>/=\u0000-\u001f]+$/;

interface Tag {
  name: string;
  closing: boolean;
  attrs: [string, string][];
  /** Index just after the tag's `>`, or -1 when the tag never ends (htmlparser2 then drops it). */
  end: number;
}

/** Reads the tag whose name starts at `i` (just after `<` or `</`), as htmlparser2's tokenizer does. */
function readTag(html: string, i: number, closing: boolean): Tag {
  const len = html.length;
  let p = i;
  while (p < len && !endsName(html.charCodeAt(p))) p++;
  const name = html.slice(i, p).toLowerCase();
  const attrs: [string, string][] = [];
  // An end tag ends at the next ">", whatever comes before it.
  if (closing) {
    const gt = html.indexOf('>', p);
    return { name, closing, attrs, end: gt < 0 ? -1 : gt + 1 };
  }
  let seen: Set<string> | null = null;
  for (;;) {
    let c = html.charCodeAt(p);
    while (p < len && (isSpace(c) || c === SLASH)) c = html.charCodeAt(++p);
    if (p >= len) return { name, closing, attrs, end: -1 };
    if (c === GT) return { name, closing, attrs, end: p + 1 };
    const nameStart = p++; // the first character belongs to the name, even "="
    while (p < len && !endsName((c = html.charCodeAt(p))) && c !== EQ) p++;
    const attrName = html.slice(nameStart, p).toLowerCase();
    let q = p;
    while (q < len && isSpace(html.charCodeAt(q))) q++;
    let value = '';
    if (html.charCodeAt(q) === EQ) {
      q++;
      while (q < len && isSpace(html.charCodeAt(q))) q++;
      const quote = html.charCodeAt(q);
      if (quote === DQUOTE || quote === SQUOTE) {
        const close = html.indexOf(quote === DQUOTE ? '"' : "'", q + 1);
        if (close < 0) return { name, closing, attrs, end: -1 };
        value = html.slice(q + 1, close);
        q = close + 1;
      } else {
        const start = q;
        while (q < len && !isSpace((c = html.charCodeAt(q))) && c !== GT) q++;
        value = html.slice(start, q);
      }
      p = q;
    }
    // htmlparser2 keeps the first of repeated attributes.
    if (plainAttrName.test(attrName)) {
      seen ??= new Set();
      if (!seen.has(attrName)) {
        seen.add(attrName);
        attrs.push([attrName, value]);
      }
    }
  }
}

function writeTag(t: Tag): string {
  if (t.closing) return `</${t.name}>`;
  let s = `<${t.name}`;
  for (const [n, v] of t.attrs) s += ` ${n}="${v.includes('"') ? v.replace(/"/g, '&quot;') : v}"`;
  return `${s}>`;
}

/** `html` with no element nested deeper than `maxDepth`: deeper tags are dropped, their text kept. Linear in the length. */
export function limitHtmlDepth(html: string, maxDepth = MAX_HTML_DEPTH): string {
  // The output is the input with some ranges replaced: `from` is where the next copy starts.
  const parts: string[] = [];
  let from = 0;
  const replace = (start: number, end: number, by: string) => {
    if (by && end - start === by.length && html.startsWith(by, start)) return; // already as it should be
    if (start > from) parts.push(html.slice(from, start));
    if (by) parts.push(by);
    from = end;
  };
  const stack: string[] = [];
  const open = new Map<string, number>();
  const push = (name: string) => {
    stack.push(name);
    open.set(name, (open.get(name) ?? 0) + 1);
  };
  const pop = () => {
    const name = stack.pop()!;
    open.set(name, open.get(name)! - 1);
    return name;
  };
  const len = html.length;
  let i = 0;
  while (i < len) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const c = html.charCodeAt(lt + 1);
    // Comments, <!DOCTYPE …>, <![CDATA[…]]>, <?…?> and </ followed by no letter: left out.
    if (c === 0x21 /* ! */ && html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 2);
      replace(lt, (i = end < 0 ? len : end + 3), '');
      continue;
    }
    if (c === 0x21 || c === 0x3f /* ? */ || (c === SLASH && !isAlpha(html.charCodeAt(lt + 2)))) {
      const end = html.indexOf('>', lt + 1);
      replace(lt, (i = end < 0 ? len : end + 1), '');
      continue;
    }
    const closing = c === SLASH;
    if (!isAlpha(html.charCodeAt(closing ? lt + 2 : lt + 1))) {
      replace(lt, (i = lt + 1), '&lt;');
      continue;
    }
    const tag = readTag(html, closing ? lt + 2 : lt + 1, closing);
    if (tag.end < 0) {
      replace(lt, (i = len), ''); // an unterminated tag swallows the rest, as in htmlparser2
      break;
    }
    i = tag.end;
    const name = tag.name;
    if (!closing && rawText.has(name)) {
      const endTag = rawTextEnd(name);
      endTag.lastIndex = i;
      const m = endTag.exec(html);
      const gt = m ? html.indexOf('>', m.index) : -1;
      replace(lt, (i = gt < 0 ? len : gt + 1), '');
      continue;
    }
    let keep: boolean;
    if (voidElements.has(name)) {
      // </br> is read as <br>; other void end tags mean nothing.
      if (closing && name === 'br') {
        replace(lt, i, '<br>');
        continue;
      }
      keep = !closing;
    } else if (closing) {
      if (!open.get(name))
        keep = name === 'p'; // htmlparser2 makes an empty paragraph of a lone </p>
      else {
        while (pop() !== name);
        keep = stack.length < maxDepth;
      }
    } else {
      const closes = impliesClose.get(name);
      if (closes) while (stack.length && closes.has(stack[stack.length - 1]!)) pop();
      keep = stack.length < maxDepth;
      push(name);
    }
    replace(lt, i, keep ? writeTag(tag) : '');
  }
  if (!from) return html;
  if (from < len) parts.push(html.slice(from));
  return parts.join('');
}
