/**
 * Template tokens inside `href`/`src`: a contact field such as `javascript:alert(1)` filled into a
 * link would run on click. Every hostile scheme, however written (case, entities, whitespace or
 * control characters before it, a token that completes a scheme the template starts), is dropped
 * from the rendered URL attribute; http(s) and mailto values stay.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { fillTokens, templateTokens } from '../../src/server/domain/templates.js';

/** Hostile values for a contact's name: each scheme in several spellings. */
function hostileValues(): string[] {
  const out: string[] = [];
  for (const [scheme, payload] of [
    ['javascript', 'alert(document.domain)'],
    ['data', 'text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['vbscript', 'msgbox(1)'],
  ] as const) {
    const mixed = [...scheme].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
    out.push(
      `${scheme}:${payload}`,
      `${scheme.toUpperCase()}:${payload}`,
      `${mixed}:${payload}`,
      `\u0001${scheme}:${payload}`,
      `${scheme.slice(0, 3)}\t${scheme.slice(3)}:${payload}`,
      `${scheme}\n:${payload}`,
    );
  }
  return out;
}

const valuesWith = (v: string) => Object.fromEntries(templateTokens.map((t) => [t, v])) as Parameters<typeof fillTokens>[1];

describe('fillTokens: src and href of any tag, any quoting', () => {
  test('a hostile value is dropped from src/href however the attribute is written; http(s) stays', () => {
    const shapes = [
      '<img src="{{contact.full_name}}">',
      "<img src='{{contact.full_name}}'>",
      '<img src={{contact.full_name}}>',
      '<iframe src=" {{contact.full_name}}"></iframe>',
      '<a title="x > y" HREF="{{contact.full_name}}">t</a>',
      '<video poster="{{contact.full_name}}"></video>',
    ];
    for (const shape of shapes) {
      for (const v of hostileValues()) {
        const out = fillTokens(shape, valuesWith(v), true);
        assert.doesNotMatch(out, /(src|href|poster)\s*=/i, `${shape} with ${JSON.stringify(v)} gave ${out}`);
      }
      const ok = fillTokens(shape, valuesWith('https://cdn.example/a.png'), true);
      assert.match(ok, /(src|href|poster)=["']?\s*https:\/\/cdn\.example\/a\.png/i, ok);
    }
  });
});

for (const engine of engines) {
  describe(`template tokens in URLs on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let templateId: string;
    let partsId: string;
    const render = async (id: string, contact: { name: string; email?: string; company?: string }) => {
      const c = await a.post('/api/v1/contacts', contact);
      assert.equal(c.status, 201, JSON.stringify(c.body));
      const r = await a.get(`/api/v1/templates/${id}/render?contactId=${c.body.id}`);
      assert.equal(r.status, 200);
      return r.body.html as string;
    };
    /** Every href/src value in the rendered HTML, decoded as a browser would before reading the scheme. */
    const urls = (html: string) =>
      [...html.matchAll(/\s(href|src)\s*=\s*"([^"]*)"/gi)].map((m) =>
        m[2]!
          .replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
          .replace(/&#(\d+);?/g, (_, d) => String.fromCodePoint(Number(d)))
          .replace(/&colon;/gi, ':')
          .replace(/&tab;|&newline;/gi, '')
          .replace(/&amp;/g, '&')
          .replace(/[\u0000-\u0020]+/g, ''),
      );

    before(async () => {
      s = await startTestServer({ engine });
      a = s.adminClient;
      const body =
        '<p><a href="{{contact.full_name}}">whole</a> <a href=" {{contact.full_name}}">spaced</a> <a href="mailto:{{contact.email}}">mail</a>' +
        ' <a href="https://shop.example/u?n={{contact.first_name}}">fixed</a> <img src="https://cdn.example/l/{{company.name}}" alt="b"></p>';
      const t = await a.post('/api/v1/templates', { name: 'Links', subject: 'Hi {{contact.full_name}}', body });
      assert.equal(t.status, 201, JSON.stringify(t.body));
      templateId = t.body.id;
      // A template whose link starts a scheme that a token completes.
      const parts = await a.post('/api/v1/templates', {
        name: 'Parts',
        subject: 's',
        body: '<p><a href="java{{company.name}}">p</a> <a href="{{contact.first_name}}:alert(1)">q</a></p>',
      });
      assert.equal(parts.status, 201);
      partsId = parts.body.id;
    });
    after(() => s?.close());

    test('hostile schemes from contact fields are dropped from href and src; the text still shows, escaped', async () => {
      let i = 0;
      for (const v of hostileValues()) {
        const html = await render(templateId, { name: v, email: `c${i++}@example.com`, company: v });
        for (const u of urls(html)) assert.match(u, /^(https?|mailto):/i, `${JSON.stringify(v)} left ${JSON.stringify(u)} in ${html}`);
        assert.match(html, /href="mailto:c\d+@example\.com"/, 'the mailto link stays');
        assert.match(html, /href="https:\/\/shop\.example\/u\?n=/, 'a fixed https link with the token in its query stays');
        assert.doesNotMatch(html, /<a href="\s*(javascript|data|vbscript)/i);
        assert.doesNotMatch(html, /src="data:/i);
      }
    });

    test('entity-encoded and split schemes cannot be assembled through a token', async () => {
      const html = await render(templateId, { name: '&#106;avascript:alert(1)', company: 'javascript&colon;alert(1)' });
      for (const u of urls(html)) assert.match(u, /^(https?|mailto):/i, html);
      for (const [company, first] of [
        ['script:alert(1)', 'javascript'],
        ['SCRIPT:alert(1)', 'JavaScript'],
        ['script&#58;alert(1)', 'vbscript'],
      ]) {
        const out = await render(partsId, { name: `${first} Doe`, company });
        assert.deepEqual(
          urls(out).filter((u) => /script/i.test(u)),
          [],
          out,
        );
        assert.match(out, />p<\/a>/, 'the link text stays');
      }
    });

    test('http(s) and mailto values are kept', async () => {
      let i = 0;
      for (const v of ['https://shop.example/profile/7', 'http://shop.example/a?b=c&d=e', 'HTTPS://Shop.Example/x']) {
        const html = await render(templateId, { name: v, email: `keep${++i}@example.com`, company: v });
        const escaped = v.replace(/&/g, '&amp;');
        assert.ok(html.includes(`href="${escaped}"`), html);
        assert.ok(html.includes(`src="https://cdn.example/l/${escaped}"`), html);
        assert.ok(html.includes(`href="mailto:keep${i}@example.com"`), html);
      }
      const mail = await render(templateId, { name: 'mailto:sales@example.com', email: 'k2@example.com' });
      assert.ok(mail.includes('href="mailto:sales@example.com"'), mail);
    });
  });
}
