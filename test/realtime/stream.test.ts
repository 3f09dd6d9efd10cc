import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { StreamClient } from '../support/stream.js';

for (const engine of engines) {
  describe(`realtime stream on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let outsider: Client;
    let inboxId: string;
    let privateInbox: string;
    let agent: Client;

    before(async () => {
      s = await startTestServer({ engine });
      a = s.adminClient;
      inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      const me = (await a.get('/api/v1/me')).body.id;
      for (const n of ['agent', 'outsider'])
        await a.post('/api/v1/users', { email: `${n}@example.com`, name: n, role: 'agent', password: `${n}-password` });
      privateInbox = (await a.post('/api/v1/inboxes', { name: 'Private', access: { mode: 'specific', userIds: [me], teamIds: [] } })).body
        .id;
      agent = await s.login('agent@example.com', 'agent-password');
      outsider = await s.login('outsider@example.com', 'outsider-password');
    });
    after(() => s?.close());

    test('events arrive in order and resume after a reconnect without loss or repeats', async () => {
      const st = await StreamClient.connect(s.url, { cookie: agent.cookie });
      const c = (await a.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: 'r@example.com' }, body: 'first' })).body;
      const created = await st.next((m) => m.event === 'conversation.created' && m.conversationId === c.id);
      assert.equal(created.payload.conversation.preview, 'first');
      assert.equal(created.inboxId, inboxId);
      st.close();
      // Missed while away:
      await a.post(`/api/v1/conversations/${c.id}/incoming`, { body: 'second' });
      await a.patch(`/api/v1/conversations/${c.id}`, { status: 'closed' });
      const again = await StreamClient.connect(s.url, { cookie: agent.cookie }, created.id);
      const replayed = again.events();
      assert.ok(replayed.length >= 2, 'the missed events were replayed before ready');
      assert.deepEqual(
        replayed.map((e) => e.id),
        [...replayed.map((e) => e.id)].sort((x, y) => x - y),
        'in id order',
      );
      assert.equal(new Set(replayed.map((e) => e.id)).size, replayed.length, 'no repeats');
      assert.ok(replayed.every((e) => e.id > created.id));
      assert.ok(replayed.some((e) => e.event === 'message.created' && e.payload.message.text === 'second'));
      assert.ok(replayed.some((e) => e.event === 'conversation.updated' && e.payload.conversation.status === 'closed'));
      const readyIdx = again.messages.findIndex((m) => m.type === 'ready');
      assert.equal(again.messages[readyIdx].lastEventId, replayed[replayed.length - 1].id);
      await a.post(`/api/v1/conversations/${c.id}/incoming`, { body: 'third' });
      const live = await again.next((m) => m.event === 'message.created' && m.payload.message.text === 'third');
      assert.ok(live.id > replayed[replayed.length - 1].id);
      again.close();
    });

    test('a private inbox sends nothing to those who may not read it, comments included', async () => {
      const out = await StreamClient.connect(s.url, { cookie: outsider.cookie });
      const mine = await StreamClient.connect(s.url, { cookie: a.cookie });
      const c = (
        await a.post(`/api/v1/inboxes/${privateInbox}/conversations`, { contact: { email: 'p@example.com' }, body: 'private words' })
      ).body;
      await a.post(`/api/v1/conversations/${c.id}/messages`, { kind: 'comment', body: 'internal note' });
      await mine.next((m) => m.event === 'message.created' && m.payload.message?.text === 'internal note');
      // A public event everyone gets, after the private ones: once it arrives, the private ones would have too.
      const pub = (await a.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: 'q@example.com' }, body: 'public' })).body;
      await out.next((m) => m.conversationId === pub.id);
      assert.ok(!JSON.stringify(out.messages).includes('private words'));
      assert.ok(!JSON.stringify(out.messages).includes('internal note'));
      assert.ok(!out.events().some((e) => e.conversationId === c.id));
      out.close();
      mine.close();
    });

    test('access changes apply to open sockets', async () => {
      const out = await StreamClient.connect(s.url, { cookie: outsider.cookie });
      const outsiderId = (await outsider.get('/api/v1/me')).body.id;
      const me = (await a.get('/api/v1/me')).body.id;
      await a.patch(`/api/v1/inboxes/${privateInbox}`, { access: { mode: 'specific', userIds: [me, outsiderId], teamIds: [] } });
      const c = (
        await a.post(`/api/v1/inboxes/${privateInbox}/conversations`, { contact: { email: 'now@example.com' }, body: 'now you see it' })
      ).body;
      await out.next((m) => m.conversationId === c.id);
      await a.patch(`/api/v1/inboxes/${privateInbox}`, { access: { mode: 'specific', userIds: [me], teamIds: [] } });
      const hidden = (
        await a.post(`/api/v1/inboxes/${privateInbox}/conversations`, { contact: { email: 'gone@example.com' }, body: 'now you do not' })
      ).body;
      const pub = (await a.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: 'fence@example.com' }, body: 'fence' }))
        .body;
      await out.next((m) => m.conversationId === pub.id);
      assert.ok(!out.events().some((e) => e.conversationId === hidden.id));
      out.close();
    });

    test("a team that reads an inbox, and a role, change what an open socket receives; others' changes leave it as it was", async () => {
      const out = await StreamClient.connect(s.url, { cookie: outsider.cookie });
      const outsiderId = (await outsider.get('/api/v1/me')).body.id;
      const agentId = (await agent.get('/api/v1/me')).body.id;
      const me = (await a.get('/api/v1/me')).body.id;
      const team = (await a.post('/api/v1/teams', { name: 'Readers', userIds: [] })).body;
      await a.patch(`/api/v1/inboxes/${privateInbox}`, { access: { mode: 'specific', userIds: [me], teamIds: [team.id] } });
      const say = async (inbox: string, body: string) =>
        (await a.post(`/api/v1/inboxes/${inbox}/conversations`, { contact: { email: `${body.replace(/\W/g, '')}@example.com` }, body }))
          .body.id;
      const seen = async (inbox: string, body: string) => {
        const id = await say(inbox, body);
        // A public message after it: once that arrives, the private one would have arrived before it.
        const fence = await say(inboxId, `${body} fence`);
        await out.next((m) => m.conversationId === fence);
        return out.events().some((e) => e.conversationId === id);
      };

      assert.equal(await seen(privateInbox, 'before the team'), false);
      await a.patch(`/api/v1/teams/${team.id}`, { userIds: [outsiderId] });
      assert.equal(await seen(privateInbox, 'in the team'), true, 'joining a team that reads the inbox');
      // Another agent's availability: the socket keeps its access as it is.
      await a.patch(`/api/v1/users/${agentId}`, { availability: 'away' });
      await a.patch(`/api/v1/users/${agentId}`, { availability: 'available' });
      assert.equal(await seen(privateInbox, 'others changed'), true);
      await a.patch(`/api/v1/teams/${team.id}`, { userIds: [] });
      assert.equal(await seen(privateInbox, 'left the team'), false, 'leaving the team');
      await a.patch(`/api/v1/users/${outsiderId}`, { role: 'admin' });
      assert.equal(await seen(privateInbox, 'made admin'), true, 'an admin reads every inbox');
      await a.patch(`/api/v1/users/${outsiderId}`, { role: 'agent' });
      assert.equal(await seen(privateInbox, 'agent again'), false, 'back to agent');
      out.close();
    });

    test('presence: viewing and typing are shared with readers, and cleared on leave or disconnect', async () => {
      const c = (await a.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: 'pr@example.com' }, body: 'who is here' }))
        .body;
      const x = await StreamClient.connect(s.url, { cookie: a.cookie });
      const y = await StreamClient.connect(s.url, { cookie: agent.cookie });
      const agentId = (await agent.get('/api/v1/me')).body.id;
      y.send({ type: 'presence', conversationId: c.id, state: 'viewing' });
      const seen = await x.next((m) => m.type === 'presence' && m.conversationId === c.id && m.users.some((u: any) => u.id === agentId));
      assert.equal(seen.users.find((u: any) => u.id === agentId).state, 'viewing');
      y.send({ type: 'presence', conversationId: c.id, state: 'typing' });
      await x.next((m) => m.type === 'presence' && m.users.some((u: any) => u.id === agentId && u.state === 'typing'));
      y.close();
      await x.next((m) => m.type === 'presence' && m.conversationId === c.id && !m.users.some((u: any) => u.id === agentId));
      x.close();
    });

    test('presence on a conversation one may not read is refused like an unknown one', async () => {
      const c = (await a.post(`/api/v1/inboxes/${privateInbox}/conversations`, { contact: { email: 'pp@example.com' }, body: 'x' })).body;
      const out = await StreamClient.connect(s.url, { cookie: outsider.cookie });
      out.send({ type: 'presence', conversationId: c.id, state: 'viewing' });
      const e1 = await out.next((m) => m.type === 'error');
      out.send({ type: 'presence', conversationId: 'does-not-exist', state: 'viewing' });
      const errors = () => out.messages.filter((m) => m.type === 'error');
      await out.next(() => errors().length === 2);
      assert.equal(errors()[1].message, e1.message);
      out.close();
    });

    test('the stream refuses anonymous and cross-site connections', async () => {
      await assert.rejects(StreamClient.connect(s.url, {}), /401/);
      const ws = await import('ws');
      const evil = new ws.default(`${s.url.replace('http', 'ws')}/api/v1/stream`, {
        headers: { origin: 'https://evil.example', cookie: a.cookie },
      });
      const status = await new Promise<number>((r) => evil.once('unexpected-response', (_q, res) => r(res.statusCode ?? 0)));
      assert.equal(status, 403);
    });
  });
}
