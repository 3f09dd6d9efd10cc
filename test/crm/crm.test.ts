/** Contacts (list, create, edit, merge, link), notes/tasks/calls/deals, tickets and pipelines, on both engines. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';

for (const engine of engines) {
  describe(`contacts and tickets on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let inboxId: string;
    let meId: string;
    const open = (contact: object, body: string, subject?: string, inbox = inboxId) =>
      a.post(`/api/v1/inboxes/${inbox}/conversations`, { contact, body, subject });

    before(async () => {
      s = await startTestServer({ engine });
      a = s.adminClient;
      inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      meId = (await a.get('/api/v1/me')).body.id;
    });
    after(() => s?.close());

    test('create, edit, search and filter contacts', async () => {
      const c = await a.post('/api/v1/contacts', {
        name: 'Zoë Quist',
        email: 'Zoe@Acme.test',
        company: 'Acme',
        ownerId: meId,
        properties: { plan: 'gold' },
      });
      assert.equal(c.status, 201, JSON.stringify(c.body));
      assert.equal(c.body.email, 'zoe@acme.test');
      assert.equal((await a.post('/api/v1/contacts', { email: 'zoe@acme.test' })).status, 409);
      assert.equal((await a.post('/api/v1/contacts', {})).status, 400);
      assert.equal((await a.post('/api/v1/contacts', { name: 'X', ownerId: 'nobody' })).status, 400);
      const e = await a.patch(`/api/v1/contacts/${c.body.id}`, { phone: '+31 6 1234', properties: { plan: null, seats: 5 } });
      assert.equal(e.status, 200);
      assert.deepEqual(e.body.properties, { seats: 5 });
      assert.equal(e.body.phone, '+31 6 1234');
      await a.post('/api/v1/contacts', { name: 'Other 100%', company: 'Globex' });
      const byQ = (await a.get('/api/v1/contacts?q=acme')).body.items;
      assert.deepEqual(
        byQ.map((x: any) => x.id),
        [c.body.id],
      );
      assert.equal((await a.get('/api/v1/contacts?q=100%25')).body.items.length, 1);
      assert.equal((await a.get('/api/v1/contacts?q=0_')).body.items.length, 0, 'LIKE wildcards are literal');
      assert.deepEqual(
        (await a.get(`/api/v1/contacts?ownerId=${meId}`)).body.items.map((x: any) => x.id),
        [c.body.id],
      );
      assert.deepEqual(
        (await a.get('/api/v1/contacts?company=globex')).body.items.map((x: any) => x.name),
        ['Other 100%'],
      );
      await open({ email: 'zoe@acme.test' }, 'Help');
      const withOpen = (await a.get('/api/v1/contacts?hasOpenConversations=true')).body.items.map((x: any) => x.id);
      assert.ok(withOpen.includes(c.body.id));
      assert.ok(!(await a.get('/api/v1/contacts?hasOpenConversations=false')).body.items.some((x: any) => x.id === c.body.id));
      const p1 = (await a.get('/api/v1/contacts?limit=1')).body;
      const p2 = (await a.get(`/api/v1/contacts?limit=1&cursor=${p1.nextCursor}`)).body;
      assert.notEqual(p1.items[0].id, p2.items[0].id);
    });

    test('notes, tasks, calls and deals on a contact, and its timeline', async () => {
      const c = (await a.post('/api/v1/contacts', { name: 'Tim Line' })).body;
      assert.equal((await a.post(`/api/v1/contacts/${c.id}/notes`, { body: 'Prefers phone' })).status, 201);
      const task = await a.post(`/api/v1/contacts/${c.id}/tasks`, { title: 'Call back', dueAt: '2030-01-01T09:00:00Z' });
      assert.equal(task.status, 201);
      assert.equal(task.body.assigneeId, meId);
      const done = await a.patch(`/api/v1/tasks/${task.body.id}`, { done: true });
      assert.equal(done.body.done, true);
      assert.equal(
        (await a.post(`/api/v1/contacts/${c.id}/calls`, { summary: 'Discussed renewal', outcome: 'connected', durationMinutes: 12 }))
          .status,
        201,
      );
      const deal = await a.post(`/api/v1/contacts/${c.id}/deals`, { name: 'Renewal', amount: 1234.5, stage: 'qualified' });
      assert.equal(deal.status, 201);
      assert.equal(deal.body.amount, 1234.5);
      assert.equal((await a.patch(`/api/v1/deals/${deal.body.id}`, { stage: 'won' })).body.stage, 'won');
      assert.equal((await a.get(`/api/v1/contacts/${c.id}/notes`)).body.items[0].body, 'Prefers phone');
      assert.equal((await a.get(`/api/v1/contacts/${c.id}/tasks`)).body.items.length, 1);
      assert.equal((await a.get(`/api/v1/contacts/${c.id}/calls`)).body.items[0].data.durationMinutes, 12);
      assert.equal((await a.get(`/api/v1/contacts/${c.id}/deals`)).body.items.length, 1);
      const tl = (await a.get(`/api/v1/contacts/${c.id}/timeline`)).body.items;
      assert.deepEqual(tl.map((x: any) => x.activity.kind).sort(), ['call', 'note', 'task']);
      assert.equal((await a.get('/api/v1/contacts/nope/notes')).status, 404);
    });

    test('merge moves conversations, notes, deals and tickets, fills gaps, and is recorded', async () => {
      const keep = (await a.post('/api/v1/contacts', { name: 'Mia Keep' })).body;
      const conv = (await open({ email: 'mia.dup@example.com', name: 'Mia D' }, 'Duplicate me', 'Dup')).body;
      const other = conv.contact.id;
      await a.post(`/api/v1/contacts/${other}/notes`, { body: 'note on dup' });
      await a.post(`/api/v1/contacts/${other}/deals`, { name: 'Dup deal', amount: 10 });
      const ticket = (await a.post(`/api/v1/conversations/${conv.id}/tickets`, {})).body;
      const m = await a.post(`/api/v1/contacts/${keep.id}/merge`, { otherId: other });
      assert.equal(m.status, 200, JSON.stringify(m.body));
      assert.equal(m.body.name, 'Mia Keep');
      assert.equal(m.body.email, 'mia.dup@example.com', 'the survivor takes the email it lacked');
      assert.equal((await a.get(`/api/v1/contacts/${other}`)).status, 404);
      assert.equal((await a.get(`/api/v1/conversations/${conv.id}`)).body.contact.id, keep.id);
      assert.equal((await a.get(`/api/v1/contacts/${keep.id}/conversations`)).body.items.length, 1);
      assert.equal((await a.get(`/api/v1/contacts/${keep.id}/notes`)).body.items[0].body, 'note on dup');
      assert.equal((await a.get(`/api/v1/contacts/${keep.id}/deals`)).body.items.length, 1);
      assert.equal((await a.get(`/api/v1/tickets/${ticket.id}`)).body.contact.id, keep.id);
      const merges = (await a.get(`/api/v1/contacts/${keep.id}/timeline`)).body.items.filter(
        (x: any) => x.type === 'activity' && x.activity.kind === 'merge',
      );
      assert.equal(merges.length, 1);
      assert.match(merges[0].activity.body, /Merged Mia D <mia.dup@example.com>/);
      assert.equal(merges[0].activity.data.merged.id, other);
      // The next email from that address lands on the survivor.
      assert.equal((await open({ email: 'mia.dup@example.com' }, 'Again')).body.contact.id, keep.id);
      assert.equal((await a.post(`/api/v1/contacts/${keep.id}/merge`, { otherId: keep.id })).status, 400);
    });

    test('link a conversation to a contact (anonymous visitor) and disassociate it', async () => {
      const conv = (await open({ name: 'Visitor 42' }, 'Hi from chat')).body;
      const linked = await a.post(`/api/v1/conversations/${conv.id}/contact`, { name: 'Vera', email: 'vera@example.com' });
      assert.equal(linked.status, 200);
      assert.equal(linked.body.contact.email, 'vera@example.com');
      const gone = await a.delete(`/api/v1/conversations/${conv.id}/contact`);
      assert.equal(gone.status, 200);
      assert.equal(gone.body.contact, null);
      const again = await a.post(`/api/v1/conversations/${conv.id}/contact`, { contactId: linked.body.contact.id });
      assert.equal(again.body.contact.id, linked.body.contact.id);
      const lines = (await a.get(`/api/v1/conversations/${conv.id}/messages`)).body.items
        .filter((m: any) => m.kind === 'system')
        .map((m: any) => m.text);
      assert.ok(lines.some((l: string) => /linked this conversation to Vera/.test(l)));
      assert.ok(lines.some((l: string) => /removed Vera <vera@example.com> from this conversation/.test(l)));
    });

    test('tickets: default Support pipeline, from a conversation (owner = assignee), moved across stages', async () => {
      const pipelines = (await a.get('/api/v1/pipelines')).body.items;
      const support = pipelines.find((p: any) => p.isDefault);
      assert.equal(support.name, 'Support');
      assert.deepEqual(
        support.stages.map((x: any) => x.name),
        ['New', 'Waiting on contact', 'Waiting on us', 'Closed'],
      );
      // The default stages carry a key, so the app shows them in the reader's language.
      assert.deepEqual(
        support.stages.map((x: any) => x.key),
        ['new', 'waiting_contact', 'waiting_us', 'closed'],
      );
      const conv = (await open({ email: 'tix@example.com' }, 'Broken', 'Printer broken')).body;
      await a.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: meId });
      const t = await a.post(`/api/v1/conversations/${conv.id}/tickets`, {});
      assert.equal(t.status, 201);
      assert.equal(t.body.title, 'Printer broken');
      assert.equal(t.body.owner.id, meId);
      assert.equal(t.body.stageName, 'New');
      assert.equal(t.body.contact.email, 'tix@example.com');
      assert.equal(t.body.conversationId, conv.id);
      const moved = await a.patch(`/api/v1/tickets/${t.body.id}`, { stageId: support.stages[2].id });
      assert.equal(moved.body.stageName, 'Waiting on us');
      assert.equal(moved.body.stageKey, 'waiting_us');
      const sales = await a.post('/api/v1/pipelines', { name: 'Sales', stages: ['Lead', 'Won'] });
      assert.equal(sales.status, 201);
      assert.deepEqual(
        sales.body.stages.map((x: any) => x.key),
        [null, null],
        "an admin's own stages have no key",
      );
      assert.equal(
        (await a.patch(`/api/v1/tickets/${t.body.id}`, { stageId: sales.body.stages[0].id })).status,
        400,
        'a stage of another pipeline',
      );
      const board = (await a.get(`/api/v1/tickets?pipelineId=${support.id}`)).body.items;
      assert.ok(board.some((x: any) => x.id === t.body.id && x.stageId === support.stages[2].id));
      assert.equal((await a.get(`/api/v1/contacts/${t.body.contact.id}/tickets`)).body.items.length, 1);
      const plain = await a.post('/api/v1/tickets', { title: 'Standalone', pipelineId: sales.body.id });
      assert.equal(plain.body.stageName, 'Lead');
      assert.equal(plain.body.owner, null);
      const thread = (await a.get(`/api/v1/conversations/${conv.id}/messages`)).body.items.map((m: any) => m.text);
      assert.ok(thread.includes('Ticket created: Printer broken'));
      const line = (await a.get(`/api/v1/conversations/${conv.id}/messages`)).body.items.find(
        (m: any) => m.text === 'Ticket created: Printer broken',
      );
      assert.deepEqual(line.fact, { kind: 'ticket_created', title: 'Printer broken' });
    });

    test("a contact's timeline and conversations list only what the viewer may read", async () => {
      const agent = (
        await a.post('/api/v1/users', { email: 'scope@example.com', name: 'Scope', role: 'agent', password: 'password-scope' })
      ).body;
      const secret = (await a.post('/api/v1/inboxes', { name: 'Legal', access: { mode: 'specific', userIds: [meId], teamIds: [] } })).body;
      const conv = (await open({ email: 'shared@example.com' }, 'hush', 'Secret settlement', secret.id)).body;
      await a.post(`/api/v1/conversations/${conv.id}/tickets`, {});
      await open({ email: 'shared@example.com' }, 'hello', 'Public question');
      const ag = await s.login('scope@example.com', 'password-scope');
      const contactId = conv.contact.id;
      assert.equal((await ag.get(`/api/v1/contacts/${contactId}`)).status, 200, 'contacts are shared');
      const tl = JSON.stringify((await ag.get(`/api/v1/contacts/${contactId}/timeline`)).body);
      assert.doesNotMatch(tl, /Secret settlement/);
      assert.match(tl, /Public question/);
      const convs = (await ag.get(`/api/v1/contacts/${contactId}/conversations`)).body.items.map((c: any) => c.subject);
      assert.deepEqual(convs, ['Public question']);
      assert.doesNotMatch(JSON.stringify((await ag.get('/api/v1/tickets')).body), /Secret settlement/);
      assert.equal((await ag.get(`/api/v1/contacts/${contactId}/tickets`)).body.items.length, 0);
      const hidden = (await open({ email: 'only-legal@example.com' }, 'hush', 'Only in Legal', secret.id)).body.contact.id;
      const withOpen = (await ag.get('/api/v1/contacts?hasOpenConversations=true&limit=100')).body.items.map((c: any) => c.id);
      assert.ok(withOpen.includes(contactId));
      assert.ok(!withOpen.includes(hidden), 'open conversations count only where the viewer may read');
      assert.ok((await a.get('/api/v1/contacts?hasOpenConversations=true&limit=100')).body.items.some((c: any) => c.id === hidden));
      assert.ok(agent.id);
    });
  });
}

for (const engine of engines) {
  describe(`writing to a contact first on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer({ engine });
    });
    after(() => s?.close());

    test('an individual email and a meeting link start email conversations sent through the outbox', async () => {
      const a = s.adminClient;
      const inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      const me = (await a.get('/api/v1/me')).body;
      const c = (await a.post('/api/v1/contacts', { name: 'Olga Out', email: 'olga@example.com' })).body;
      const r = await a.post(`/api/v1/contacts/${c.id}/emails`, { inboxId, subject: 'Your renewal', body: 'Hi Olga, shall we talk?' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.channel, 'email');
      assert.equal(r.body.assignee.id, me.id);
      assert.equal(r.body.contact.id, c.id);
      const msgs = (await a.get(`/api/v1/conversations/${r.body.id}/messages`)).body.items;
      assert.equal(msgs[0].kind, 'reply');
      assert.equal(msgs[0].deliveryState, 'queued');
      const job = await s.running.ctx.db.kysely
        .selectFrom('jobs')
        .select(['kind'])
        .where('dedupe_key', '=', `deliver:${msgs[0].id}`)
        .executeTakeFirst();
      assert.equal(job?.kind, 'deliver-message', 'one outbox job in the same transaction');
      assert.equal((await a.get(`/api/v1/contacts/${c.id}/conversations`)).body.items.length, 1);
      assert.equal((await a.post(`/api/v1/contacts/${c.id}/meeting-link`, { inboxId })).status, 400, 'no meeting link in the profile yet');
      await a.patch('/api/v1/me', { meetingLink: 'https://meet.example.com/admin' });
      const m = await a.post(`/api/v1/contacts/${c.id}/meeting-link`, { inboxId, note: 'As promised:' });
      assert.equal(m.status, 201);
      const text = (await a.get(`/api/v1/conversations/${m.body.id}/messages`)).body.items[0].text;
      assert.match(text, /As promised:\n\nBook a time with .*: https:\/\/meet\.example\.com\/admin/);
      const anon = (await a.post('/api/v1/contacts', { name: 'No Mail' })).body;
      assert.equal((await a.post(`/api/v1/contacts/${anon.id}/emails`, { inboxId, subject: 'x', body: 'y' })).status, 400);
    });
  });
}
