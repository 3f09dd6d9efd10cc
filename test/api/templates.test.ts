/** Email templates: admins manage them, everyone uses them, tokens fill in escaped, unknown tokens stay, inbox templates stay in their inbox. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';

for (const engine of engines) {
  describe(`email templates on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let agent: Client;

    before(async () => {
      s = await startTestServer({ engine });
      a = s.adminClient;
      assert.equal(
        (await a.post('/api/v1/users', { email: 'tess@example.com', name: 'Tess Agent', role: 'agent', password: 'password-tess-1' }))
          .status,
        201,
      );
      agent = await s.login('tess@example.com', 'password-tess-1');
    });
    after(() => s?.close());

    test('create, list, edit and delete (admins); agents may only use them; the body is stored sanitized', async () => {
      const bad = await a.post('/api/v1/templates', { name: ' ', subject: 'x', body: '' });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.fields.name && bad.body.fields.body);
      // Said as a person would, not as the schema library does.
      assert.deepEqual((await a.post('/api/v1/templates', { subject: 'x', body: '<p>x</p>' })).body.fields, { name: 'is required' });
      assert.equal(
        (await a.post('/api/v1/templates', { name: 'x'.repeat(500), subject: 'x', body: '<p>x</p>' })).body.fields.name,
        'must be at most 100 characters',
      );
      const created = await a.post('/api/v1/templates', {
        name: 'Welcome',
        subject: 'Welcome, {{contact.first_name}}',
        body: '<p onclick="x()">Hi <b>{{contact.first_name}}</b></p><script>alert(1)</script><img src="/api/v1/uploads/abc">',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.body, '<p>Hi <b>{{contact.first_name}}</b></p>');
      assert.equal((await agent.post('/api/v1/templates', { name: 'Mine', subject: '', body: '<p>x</p>' })).status, 403);
      assert.equal((await agent.patch(`/api/v1/templates/${created.body.id}`, { name: 'Hacked' })).status, 403);
      assert.equal((await agent.delete(`/api/v1/templates/${created.body.id}`)).status, 403);
      const list = (await agent.get('/api/v1/templates')).body.items;
      assert.deepEqual(
        list.map((t: any) => t.name),
        ['Welcome'],
      );
      const edited = await a.patch(`/api/v1/templates/${created.body.id}`, {
        name: 'Welcome mail',
        subject: 'Hello {{contact.first_name}}',
      });
      assert.equal(edited.status, 200);
      assert.equal(edited.body.body, created.body.body, 'an edit of the name keeps the body');
      assert.equal((await agent.get('/api/v1/templates')).body.items[0].subject, 'Hello {{contact.first_name}}');
      assert.equal((await a.delete(`/api/v1/templates/${created.body.id}`)).status, 204);
      assert.deepEqual((await agent.get('/api/v1/templates')).body.items, []);
      assert.equal((await a.delete(`/api/v1/templates/${created.body.id}`)).status, 404);
    });

    test('rendering: tokens for the contact and me, HTML in a name stays text, unknown tokens stay visible', async () => {
      const t = (
        await a.post('/api/v1/templates', {
          name: 'Follow-up',
          subject: 'For {{contact.full_name}} at {{company.name}}',
          body: '<p>Hi {{contact.first_name}} {{ contact.last_name }} ({{contact.email}}),</p><p>{{contact.shoe_size}} {{agent.first_name}} / {{agent.full_name}}</p>',
        })
      ).body;
      const contact = (
        await a.post('/api/v1/contacts', { name: '<img src=x onerror=alert(1)> Smith', email: 'evil@example.org', company: 'Tom & Co' })
      ).body;
      const r = await agent.get(`/api/v1/templates/${t.id}/render?contactId=${contact.id}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.subject, 'For <img src=x onerror=alert(1)> Smith at Tom & Co', 'the subject is plain text');
      assert.equal(
        r.body.html,
        '<p>Hi &lt;img src=x onerror=alert(1)&gt; Smith (evil@example.org),</p><p>{{contact.shoe_size}} Tess / Tess Agent</p>',
      );
      assert.doesNotMatch(r.body.html, /<img/);
      const noContact = await agent.get(`/api/v1/templates/${t.id}/render`);
      assert.equal(noContact.body.html, '<p>Hi   (),</p><p>{{contact.shoe_size}} Tess / Tess Agent</p>');
      assert.equal((await agent.get(`/api/v1/templates/${t.id}/render?contactId=nope`)).status, 404);
    });

    test('a template of an inbox is seen only by those who can read that inbox', async () => {
      const priv = (await a.post('/api/v1/inboxes', { name: 'Secret', access: { mode: 'specific', userIds: [], teamIds: [] } })).body;
      const t = (await a.post('/api/v1/templates', { name: 'Secret offer', subject: 's', body: '<p>x</p>', inboxId: priv.id })).body;
      assert.ok((await a.get('/api/v1/templates')).body.items.some((x: any) => x.id === t.id));
      assert.ok(!(await agent.get('/api/v1/templates')).body.items.some((x: any) => x.id === t.id));
      assert.equal((await agent.get(`/api/v1/templates/${t.id}/render`)).status, 404);
    });

    test('snippet and template names are unique among what an inbox offers, whatever their case', async () => {
      const inboxA = (await a.post('/api/v1/inboxes', { name: 'Names A' })).body;
      const inboxB = (await a.post('/api/v1/inboxes', { name: 'Names B' })).body;
      const snip = (body: object) => a.post('/api/v1/snippets', { body: 'x', ...body });
      assert.equal((await snip({ name: 'Refund', inboxId: inboxA.id })).status, 201);
      const again = await snip({ name: ' refund ', inboxId: inboxA.id });
      assert.equal(again.status, 400);
      assert.equal(again.body.fieldErrors.name.code, 'name_taken');
      assert.equal((await snip({ name: 'Refund', inboxId: inboxB.id })).status, 201, 'another inbox may use the name');
      assert.equal((await snip({ name: 'REFUND', inboxId: null })).body.fieldErrors?.name?.code, 'name_taken', 'everyone’s would clash');
      const global = (await snip({ name: 'Greeting', inboxId: null })).body;
      assert.equal((await snip({ name: 'greeting', inboxId: inboxA.id })).status, 400, 'an inbox would offer two');
      const other = (await snip({ name: 'Goodbye', inboxId: inboxA.id })).body;
      assert.equal((await a.patch(`/api/v1/snippets/${other.id}`, { name: 'Greeting' })).status, 400, 'renaming too');
      assert.equal((await a.patch(`/api/v1/snippets/${global.id}`, { name: 'GREETING' })).status, 200, 'its own name in another case');
      const names = (await a.get('/api/v1/snippets')).body.items.filter((x: any) => x.inboxId === inboxA.id).map((x: any) => x.name);
      assert.deepEqual(names.sort(), ['Goodbye', 'Refund']);
      const tpl = (name: string) => a.post('/api/v1/templates', { name, subject: 's', body: '<p>x</p>', inboxId: inboxA.id });
      assert.equal((await tpl('Shipped')).status, 201);
      assert.equal((await tpl('shipped')).body.fieldErrors.name.code, 'name_taken');
    });
  });
}
