/**
 * Privacy (issue 20): one contact's data as JSON and as a readable HTML page, with the messages they
 * wrote and received; the page is escaped and inert (a `<script>` in a message stays text); admins only.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContactExport } from '../../src/common/api-outputs/index.js';
import { engines, engineSuite } from '../support/engines.js';
import { testServerPerSuite } from '../support/factory.js';

for (const engine of engines) {
  describe(`exporting a contact's data on ${engine}`, await engineSuite(engine), () => {
    const t = testServerPerSuite(engine);

    test('JSON and HTML hold their record, notes and messages; the HTML is escaped; agents refused', async () => {
      const { s, f } = t;
      const a = s.adminClient;
      const inboxId = await f.defaultInbox();
      const u = f.uniq();
      const started = await a.post(`/api/v1/inboxes/${inboxId}/conversations`, {
        contact: { email: `ada${u}@example.org`, name: `Ada <b>${u}</b>` },
        subject: `Order ${u}`,
        body: `Hello <script>alert("x${u}")</script> there`,
      });
      assert.equal(started.status, 201, JSON.stringify(started.body));
      const convId: string = started.body.id;
      const contactId: string = started.body.contact.id;
      await f.message(convId, { body: `Our answer ${u}` });
      assert.equal((await a.post(`/api/v1/conversations/${convId}/incoming`, { body: `<script>stay${u}</script>` })).status, 201);
      await f.message(convId, { body: `internal ${u}`, kind: 'comment' });
      assert.equal((await a.post(`/api/v1/contacts/${contactId}/notes`, { body: `Prefers mornings ${u}` })).status, 201);
      assert.equal((await a.patch(`/api/v1/contacts/${contactId}`, { properties: { plan: `gold-${u}` } })).status, 200);
      // An email's HTML with a script and a handler: the page shows it inert.
      const db = s.running.ctx.db.kysely;
      const first = await db
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', convId)
        .where('kind', '=', 'incoming')
        .executeTakeFirstOrThrow();
      await db
        .updateTable('messages')
        .set({ html: `<p>Rich ${u}</p><script>alert(1)</script><img src="x" onerror="alert(2)">` })
        .where('id', '=', first.id)
        .execute();

      const json = await fetch(`${s.url}/api/v1/contacts/${contactId}/export?format=json`, { headers: { cookie: a.cookie } });
      assert.equal(json.status, 200);
      assert.match(json.headers.get('content-disposition') ?? '', /attachment/);
      const doc = (await json.json()) as any;
      assert.ok(ContactExport.safeParse(doc).success, JSON.stringify(ContactExport.safeParse(doc).error?.issues));
      assert.equal(doc.contact.email, `ada${u}@example.org`);
      assert.equal(doc.contact.properties.plan, `gold-${u}`);
      assert.ok(doc.activities.some((x: any) => x.body === `Prefers mornings ${u}`));
      assert.equal(doc.conversations.length, 1);
      assert.equal(doc.conversations[0].subject, `Order ${u}`);
      const texts = doc.conversations[0].messages.map((m: any) => m.text);
      assert.ok(
        texts.some((x: string) => x.includes(`alert("x${u}")`)),
        'their message',
      );
      assert.ok(texts.includes(`Our answer ${u}`), 'the reply they received');
      assert.ok(!texts.includes(`internal ${u}`), 'internal comments are not theirs');

      const html = await fetch(`${s.url}/api/v1/contacts/${contactId}/export?format=html`, { headers: { cookie: a.cookie } });
      assert.equal(html.status, 200);
      assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
      const page = await html.text();
      assert.match(page, new RegExp(`Rich ${u}`));
      assert.match(page, new RegExp(`Ada &lt;b&gt;${u}&lt;/b&gt;`), 'names are escaped');
      assert.match(page, new RegExp(`Our answer ${u}`));
      assert.match(page, new RegExp(`Prefers mornings ${u}`));
      assert.match(page, new RegExp(`&lt;script&gt;stay${u}&lt;/script&gt;`), 'a script in a message stays text');
      assert.doesNotMatch(page, /<script/i, 'no script element at all');
      assert.doesNotMatch(page, /onerror/i, 'no event handler');
      assert.match(page, /Content-Security-Policy/);

      // Who may: admins; an agent is refused; an unknown contact is not found; a bad format is a 400.
      const agent = await f.user();
      assert.equal((await agent.client.get(`/api/v1/contacts/${contactId}/export?format=json`)).status, 403);
      assert.equal((await a.get(`/api/v1/contacts/nope${u}/export`)).status, 404);
      assert.equal((await a.get(`/api/v1/contacts/${contactId}/export?format=pdf`)).status, 400);
    });
  });
}
