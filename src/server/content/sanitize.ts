import sanitizeHtml from 'sanitize-html';
import { limitHtmlDepth } from './html-depth.js';

const allowedTags = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'caption',
  'center',
  'cite',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'div',
  'dl',
  'dt',
  'em',
  'font',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
];

// Inline styles are kept only for properties that cannot move the content out of its box or
// pull anything from the network (no position, no url(), no expression()).
const safeValue = /^(?!.*(url\s*\(|expression|javascript:|@import|\\))[^;{}<>]*$/i;
const styleProps = [
  'color',
  'background-color',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-align',
  'text-decoration',
  'line-height',
  'margin',
  'margin-top',
  'margin-bottom',
  'margin-left',
  'margin-right',
  'padding',
  'padding-top',
  'padding-bottom',
  'padding-left',
  'padding-right',
  'border',
  'border-top',
  'border-bottom',
  'border-left',
  'border-right',
  'border-collapse',
  'border-color',
  'width',
  'max-width',
  'height',
  'vertical-align',
  'white-space',
  'display',
];
const allowedStyles = Object.fromEntries(styleProps.map((p) => [p, [safeValue]]));

/**
 * Email HTML made inert on the server: no script, style or form elements, no event handlers,
 * only http(s)/mailto links, images only from http(s), data: or our own attachment URLs (the
 * agent app blocks remote images until asked). `cid:` references are rewritten to attachments.
 * Nesting is bounded first (html-depth.ts): the sanitizer's parser is quadratic in the depth.
 */
export function sanitizeEmailHtml(html: string, cidUrl: (cid: string) => string | null): string {
  return sanitizeHtml(limitHtmlDepth(html), {
    allowedTags,
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      table: ['width', 'cellpadding', 'cellspacing', 'border', 'align'],
      font: ['color', 'size', 'face'],
      '*': ['style', 'dir', 'lang'],
    },
    allowedStyles: { '*': allowedStyles },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'svg', 'math', 'template', 'iframe', 'object'],
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' } }),
      img: (tagName, attribs) => {
        const src = attribs.src ?? '';
        if (/^cid:/i.test(src)) {
          const url = cidUrl(src.slice(4).replace(/^<|>$/g, ''));
          return url ? { tagName, attribs: { ...attribs, src: url } } : { tagName, attribs: { ...attribs, src: '' } };
        }
        // data: only for images (no data:text/html and the like).
        if (/^data:/i.test(src) && !/^data:image\/(png|jpe?g|gif|webp);/i.test(src)) return { tagName, attribs: { ...attribs, src: '' } };
        return { tagName, attribs };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  }).replace(/\u0000/g, '');
}
