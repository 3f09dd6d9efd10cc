/**
 * The nesting bound in front of the sanitizer (html-depth.ts): whatever the trick, htmlparser2 (the
 * parser sanitize-html uses) never builds a tree deeper than the bound from its output, the text is
 * kept, and ordinary mail (the shared corpus and hand-written samples) sanitizes exactly as before.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import { limitHtmlDepth, MAX_HTML_DEPTH } from '../../src/server/content/html-depth.js';
import { sanitizeEmailHtml } from '../../src/server/content/sanitize.js';
import { corpusMails } from '../email/support/corpus.js';
import { depthOf } from './support/html.js';

/** Nestings an attacker might try: plain, attribute-heavy, implied-end tricks, raw-text and comment tricks, foreign content. */
function bombs(n: number): { name: string; html: string }[] {
  const tags = ['div', 'b', 'span', 'blockquote', 'font', 'table', 'ul', 'a', 'q', 'custom-el'];
  const out = tags.map((t) => ({ name: `<${t}> x${n}`, html: `<${t}>x`.repeat(n) + `</${t}>`.repeat(n) }));
  out.push({ name: 'unclosed <div>', html: '<div>x'.repeat(n) });
  out.push({ name: 'upper case', html: '<DIV>x'.repeat(n) + '</Div>'.repeat(n) });
  out.push({ name: 'attribute-heavy', html: `<div class="c" style='color:red' title=a>x`.repeat(n) + '</div>'.repeat(n) });
  out.push({ name: 'quoted > in attributes', html: '<span title="a>b" data-x=\'</span>\'>x'.repeat(n) });
  out.push({ name: '<p><li> (no implied end between them)', html: '<p>x<li>x'.repeat(n) });
  out.push({ name: '<td><span>', html: '<td>x<span>x'.repeat(n) });
  out.push({ name: 'mixed tags', html: Array.from({ length: n }, (_, i) => `<${tags[i % tags.length]} id=i${i}>x`).join('') });
  out.push({ name: 'end tag hidden in script', html: '<span>x<script></span></script>'.repeat(n) });
  out.push({
    name: 'end tag hidden in style/title/textarea',
    html: ['style', 'title', 'textarea', 'xmp']
      .map((r) => `<b>x<${r}></b></${r}>`)
      .join('')
      .repeat(n / 4),
  });
  out.push({ name: 'end tag hidden in a comment', html: '<i>x<!-- </i> -->'.repeat(n) });
  out.push({ name: 'end tag hidden in a declaration', html: '<u>x<!x </u> >'.repeat(n) });
  out.push({ name: 'self-closing in svg', html: '<svg><g/>x'.repeat(n) });
  out.push({ name: 'self-closing outside svg', html: '<em/>x'.repeat(n) });
  out.push({ name: 'mixed void and nesting', html: '<div><br><img src=x><hr>x'.repeat(n) });
  return out;
}

describe('html-depth: nesting is bounded before sanitizing', () => {
  test('every bomb comes out no deeper than the bound, its text kept', () => {
    for (const { name, html } of bombs(3000)) {
      const limited = limitHtmlDepth(html);
      assert.ok(
        depthOf(html) > MAX_HTML_DEPTH || /self-closing outside|hidden in a declaration/.test(name),
        `${name}: the input itself nests deeper`,
      );
      assert.ok(depthOf(limited) <= MAX_HTML_DEPTH, `${name}: ${depthOf(limited)} levels`);
      const text = (h: string) => (sanitizeHtml(h, { allowedTags: [], allowedAttributes: {} }).match(/x/g) ?? []).length;
      assert.equal(text(limited), text(html), `${name}: every x is kept`);
    }
  });

  test('a 200,000-deep bomb of each kind is flattened and sanitized', () => {
    for (const { name, html } of bombs(200_000).filter((_, i) => i % 3 === 0)) {
      const clean = sanitizeEmailHtml(html, () => null);
      assert.ok(depthOf(clean) <= MAX_HTML_DEPTH, name);
      if (!name.includes('svg')) assert.ok(clean.includes('x'), name); // svg is dropped whole
    }
  });

  test('a custom bound is honoured', () => {
    for (const d of [1, 5, 32]) assert.equal(depthOf(limitHtmlDepth('<div>'.repeat(500) + 'x', d)), d);
  });

  test('ordinary HTML sanitizes exactly as without the bound', async () => {
    const samples = [
      '<p>Hello <b>there</b>,<br>see <a href="https://example.org/?a=1&amp;b=2" title="x > y">this</a>.</p><p>Unclosed<p>paragraphs<ul><li>one<li>two</ul>',
      '<table border=1><tr><td>1<td>2<tr><td>3</table><div style="color: red">1 < 2 and 3 > 2</div>',
      '<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body><!-- note --><div class=a CLASS=b>x</div><script>alert(1)</script></body></html>',
      '<img src="data:image/png;base64,AAAA" alt=\'a "quoted" alt\'><font face=Arial size=2>f</font></br><svg><circle/></svg>after',
    ];
    // The shared corpus, where it is present (see corpus.test.ts).
    for (const m of corpusMails()) {
      const html = (await simpleParser(m.raw, { skipHtmlToText: true, skipTextToHtml: true }).catch(() => null))?.html;
      if (html) samples.push(html);
    }
    // Everything kept but the raw-text elements, which the bound leaves out (the sanitizer drops them anyway).
    const rawText = new Set(['script', 'style', 'title', 'textarea', 'xmp']);
    const opts = {
      allowedTags: false as const,
      allowedAttributes: false as const,
      allowVulnerableTags: true,
      exclusiveFilter: (f: { tag: string }) => rawText.has(f.tag),
    };
    for (const html of samples) {
      if (depthOf(html) > MAX_HTML_DEPTH) continue;
      assert.equal(sanitizeHtml(limitHtmlDepth(html), opts), sanitizeHtml(html, opts), html.slice(0, 200));
    }
  });
});
