/**
 * `POST /conversations/:id/incoming` posts what the customer wrote: only on API channel
 * conversations. On a chat or email conversation an agent would put words in the customer's mouth
 * (the chat visitor saw them as their own): refused with 409, nothing stored, nothing pushed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { VisitorClient } from '../chat/support/visitor.js';
import { identityHash } from '../../src/server/channels/chat/tokens.js';

let n = 0;
const cid = () => `i${Date.now().toString(36)}x${(n++).toString(36)}`.padEnd(10, '0');

for (const engine of engines) {
  describe(`customer messages only on API channel conversations on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let inboxId: string;
    let channel: any;
    const visitors: VisitorClient[] = [];
    const messages = async (id: string) => (await a.get(`/api/v1/conversations/${id}/messages`)).body.items as any[];

    before(async () => {
      s = await startTestServer({ engine });
      a = s.adminClient;
      inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      channel = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Shop' })).body;
    });
    after(async () => {
      for (const v of visitors) v.close();
      await s?.close();
    });

    test('chat (anonymous and identified visitors) and email conversations refuse customer messages; the visitor sees nothing', async () => {
      const targets: { label: string; id: string; visitor?: VisitorClient }[] = [];
      for (const hello of [{}, { userId: 'u-77', hash: identityHash(channel.identitySecret, 'u-77') }]) {
        const { v } = await VisitorClient.hello(s.url, channel.id, hello);
        visitors.push(v);
        const ack = await v.say(cid(), 'hello from the visitor');
        targets.push({ label: `chat ${JSON.stringify(hello).slice(0, 20)}`, id: ack.conversationId, visitor: v });
      }
      const composed = await a.post('/api/v1/conversations', {
        inboxId,
        to: { email: 'mail@example.org' },
        subject: 'Hi',
        html: '<p>Hello</p>',
      });
      assert.equal(composed.status, 201);
      targets.push({ label: 'email', id: composed.body.id });

      for (const t of targets) {
        const before = await messages(t.id);
        for (const body of ['I never got it', 'Please refund me', '  spaced  ']) {
          const r = await a.post(`/api/v1/conversations/${t.id}/incoming`, { body });
          assert.equal(r.status, 409, `${t.label}: ${JSON.stringify(r.body)}`);
          assert.match(r.body.message, /customer messages can only be posted to API channel conversations/);
        }
        assert.deepEqual(
          (await messages(t.id)).map((m) => m.id),
          before.map((m) => m.id),
          t.label,
        );
        if (t.visitor)
          assert.equal(t.visitor.received.filter((m) => m.type === 'message').length, 0, `${t.label}: the visitor was shown nothing`);
      }
    });

    test('an API channel conversation still takes further customer messages', async () => {
      const c = (await a.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: 'api@example.com' }, body: 'First' })).body;
      const r = await a.post(`/api/v1/conversations/${c.id}/incoming`, { body: 'Second' });
      assert.equal(r.status, 201);
      assert.deepEqual(
        (await messages(c.id)).filter((m) => m.kind === 'incoming').map((m) => m.text),
        ['First', 'Second'],
      );
    });

    test('a conversation the agent cannot read still answers 404, whatever its channel', async () => {
      const mate = await a.post('/api/v1/users', { email: 'outsider@example.com', name: 'Out', role: 'agent', password: 'password-out-1' });
      assert.equal(mate.status, 201);
      const inbox2 = (await a.post('/api/v1/inboxes', { name: 'Private', access: { mode: 'specific', userIds: [], teamIds: [] } })).body;
      const apiConv = (await a.post(`/api/v1/inboxes/${inbox2.id}/conversations`, { contact: { email: 'p@example.com' }, body: 'secret' }))
        .body;
      const out = await s.login('outsider@example.com', 'password-out-1');
      for (const id of [apiConv.id, 'no-such-conversation'])
        assert.equal((await out.post(`/api/v1/conversations/${id}/incoming`, { body: 'x' })).status, 404);
    });
  });
}
