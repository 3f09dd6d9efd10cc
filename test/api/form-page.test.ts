/**
 * A support form's hosted page without script: the form posts to the page itself and gets a page back —
 * the confirmation (after a redirect, so reloading sends nothing twice), or the form again in its language
 * with what was entered kept, each error beside its field and the page token still good. Nothing refused is stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { Factory } from '../support/factory.js';
import { startTestServer, type TestServer } from '../support/server.js';

const tokenOf = (html: string) => /name="_token" value="([^"]+)"/.exec(html)?.[1];

for (const engine of engines) {
  describe(`a form's page without script on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let inboxId: string;
    const formConversations = async () =>
      (await s.adminClient.get(`/api/v1/conversations?inboxId=${inboxId}&view=forms`)).body.items as any[];

    before(async () => {
      s = await startTestServer({ engine, env: { FORM_MAX_FILE_MB: '0.01', FORM_MIN_FILL_SECONDS: '0' } });
      inboxId = (await new Factory(s).inbox({ name: 'Support' })).id;
    });
    after(async () => {
      await s?.close();
    });

    /** Loads the page as a browser does and posts its form as multipart to where the page says. */
    async function load(path: string) {
      const res = await fetch(`${s.url}${path}`);
      const html = await res.text();
      return { status: res.status, html, action: /<form id="sbf" method="post" action="([^"]+)"/.exec(html)?.[1], token: tokenOf(html) };
    }
    async function post(action: string, fields: Record<string, string | Blob>) {
      const data = new FormData();
      for (const [k, v] of Object.entries(fields))
        if (typeof v === 'string') data.set(k, v);
        else data.set(k, v, 'photo.png');
      const res = await fetch(`${s.url}${action.replace(/&amp;/g, '&')}`, { method: 'POST', body: data, redirect: 'manual' });
      return { status: res.status, location: res.headers.get('location'), type: res.headers.get('content-type'), html: await res.text() };
    }

    test('refusals answer the page again, in the form’s language, with the answers kept; nothing is stored', async () => {
      const form = (
        await s.adminClient.post(`/api/v1/inboxes/${inboxId}/forms`, {
          name: 'Contact',
          language: 'nl',
          fields: [
            { kind: 'message', label: 'Vraag', required: true },
            { kind: 'choice', label: 'Product', choices: ['Lamp', 'Stoel'], required: true },
            { kind: 'file', label: 'Foto' },
          ],
        })
      ).body;
      const choiceId = form.fields.find((f: any) => f.kind === 'choice').id;
      const fileId = form.fields.find((f: any) => f.kind === 'file').id;
      const page = await load(`/f/${form.slug}`);
      assert.equal(page.action, `/f/${form.slug}`, 'the form posts to its page');
      const base = { _token: page.token!, website: '', name: 'Rita', email: 'rita@example', message: 'Kapot <lamp>', [choiceId]: 'Stoel' };

      const cases: Array<{
        name: string;
        fields: Record<string, string | Blob>;
        status: number;
        says: RegExp;
        beside?: Record<string, RegExp>;
      }> = [
        {
          name: 'a bad address and a missing answer',
          fields: { ...base, [choiceId]: '' },
          status: 400,
          says: /Verbeter de velden die hieronder zijn gemarkeerd\./,
          beside: { email: /Vul een e-mailadres in/, [choiceId]: /Dit veld is verplicht\./ },
        },
        {
          name: 'the honeypot',
          fields: { ...base, email: 'rita@example.org', website: 'http://spam.example' },
          status: 400,
          says: /Je bericht is niet verstuurd: het leek geautomatiseerd/,
        },
        {
          name: 'no token',
          fields: { ...base, email: 'rita@example.org', _token: '' },
          status: 403,
          says: /Je bericht is niet verstuurd: laad de pagina opnieuw/,
        },
        {
          name: 'a file too large',
          fields: { ...base, email: 'rita@example.org', [fileId]: new Blob([Buffer.alloc(20 * 1024, 1)]) },
          status: 413,
          says: /Een bestand is te groot\. Bestanden mogen tot 0 MB zijn\./,
        },
      ];
      for (const c of cases) {
        const r = await post(page.action!, c.fields);
        assert.equal(r.status, c.status, c.name);
        assert.match(r.type ?? '', /^text\/html/, c.name);
        assert.match(r.html, /<html lang="nl">/, c.name);
        assert.match(r.html, new RegExp(`<p id="sbf-status" class="status" role="alert" tabindex="-1">${c.says.source}`), c.name);
        // What was typed is there again (escaped), the choice still chosen.
        assert.match(r.html, /value="Rita"/, c.name);
        assert.match(r.html, />\nKapot &lt;lamp&gt;<\/textarea>/, c.name);
        if (c.fields[choiceId]) assert.match(r.html, /<option selected>Stoel<\/option>/, c.name);
        for (const [id, text] of Object.entries(c.beside ?? {})) {
          assert.match(r.html, new RegExp(`<p class="err" id="f-${id}-err">${text.source}`), `${c.name}: ${id}`);
          assert.match(r.html, new RegExp(`id="f-${id}"[^>]*aria-invalid="true"`), `${c.name}: ${id}`);
        }
        // A good token stays (it keeps its age); a missing one is replaced by a new one.
        const again = tokenOf(r.html);
        if (c.fields._token) assert.equal(again, page.token, c.name);
        else assert.ok(again, c.name);
      }
      assert.equal((await formConversations()).length, 0, 'nothing stored');
      const contacts = (await s.adminClient.get('/api/v1/contacts?q=rita%40example')).body.items as any[];
      assert.equal(contacts.length, 0, 'no contact');

      // Corrected, it is taken: a redirect to the page saying the confirmation, so a reload sends nothing again.
      const ok = await post(page.action!, { ...base, email: 'rita@example.org' });
      assert.equal(ok.status, 303);
      assert.equal(ok.location, `/f/${form.slug}?sent=1`);
      const done = await load(ok.location!);
      assert.equal(done.status, 200);
      assert.match(done.html, /<div id="sbf-done" class="done" role="status">Bedankt! We hebben je bericht ontvangen/);
      assert.doesNotMatch(done.html, /<form/);
      const conv = (await formConversations())[0];
      assert.equal(conv?.contact.email, 'rita@example.org');
    });

    test('embedded, it posts to the embedded page and stays embedded; a custom confirmation is said', async () => {
      const form = (await s.adminClient.post(`/api/v1/inboxes/${inboxId}/forms`, { name: 'Help', confirmation: 'Got it, thanks!' })).body;
      const page = await load(`/f/${form.slug}?embed=1`);
      assert.equal(page.action, `/f/${form.slug}?embed=1`);
      const r = await post(page.action!, {
        _token: page.token!,
        name: 'Sam',
        email: 'sam@example.org',
        subject: 'Chair',
        message: 'Wobbles',
      });
      assert.equal(r.status, 303);
      assert.equal(r.location, `/f/${form.slug}?embed=1&sent=1`);
      const done = await load(r.location!);
      assert.match(done.html, /<body class="embed">/);
      assert.match(done.html, /role="status">Got it, thanks!<\/div>/);
      assert.ok((await formConversations()).some((c) => c.subject === 'Chair'));
      // A body over the route's limit (files far beyond the form's size) still answers the page, saying why.
      const huge = await post(page.action!, { _token: page.token!, photo: new Blob([Buffer.alloc(1200 * 1024, 1)]) });
      assert.equal(huge.status, 413);
      assert.match(huge.html, /<p id="sbf-status" class="status" role="alert" tabindex="-1">A file is too large\./);
      // A form that does not exist (any more) is a 404 for a post too.
      assert.equal((await post('/f/no-such-form-0123456789', { name: 'x' })).status, 404);
    });
  });
}
