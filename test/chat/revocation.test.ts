/**
 * Visitor tokens expire and can be revoked: an expired token, a forgotten visitor's token, a token
 * after `Switchboard('shutdown')` and tokens from before a secret rotation are all refused, and the
 * socket carries on as a fresh anonymous visitor who sees none of the old conversation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityHash, signVisitorToken, TOKEN_TTL_MS } from '../../src/server/channels/chat/tokens.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { VisitorClient } from './support/visitor.js';

let n = 0;
const cid = () => `r${Date.now().toString(36)}x${(n++).toString(36)}`.padEnd(10, '0');
const keyOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).k as string;

for (const engine of engines) {
  describe(`website chat tokens expire and are revoked on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let channel: any;
    const visitors: VisitorClient[] = [];
    const hello = async (h: Record<string, unknown> = {}) => {
      const r = await VisitorClient.hello(s.url, channel.id, h);
      visitors.push(r.v);
      return r;
    };
    /** A visitor with one message; resolves with its welcome and the conversation id. */
    const chatting = async (text: string) => {
      const r = await hello();
      const ack = await r.v.say(cid(), text);
      assert.equal(ack.type, 'ack');
      return { ...r, conversationId: ack.conversationId as string };
    };
    /** The token is refused, and the same socket goes on as a new visitor with an empty history. */
    const refusedThenFresh = async (token: string, why: RegExp) => {
      const r = await hello({ token });
      assert.equal(r.welcome.type, 'error');
      assert.equal(r.welcome.code, 'token');
      assert.match(r.welcome.message, why);
      const fresh = await r.v.next((m) => m.type === 'welcome');
      assert.deepEqual(fresh.messages, []);
      assert.notEqual(keyOf(fresh.token), keyOf(token));
      return { ...r, fresh };
    };

    before(async () => {
      s = await startTestServer({ engine });
      a = s.adminClient;
      const inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      channel = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Shop' })).body;
    });
    after(async () => {
      for (const v of visitors) v.close();
      await s?.close();
    });

    test('an expired token is refused; one just inside the period still works and is renewed', async () => {
      const { welcome } = await chatting('my order 77');
      const key = keyOf(welcome.token);
      const secret = channel.identitySecret as string;
      const old = signVisitorToken(secret, channel.id, key, Date.now() - TOKEN_TTL_MS - 60_000);
      const r = await refusedThenFresh(old, /expired/);
      assert.ok(!JSON.stringify(r.fresh).includes('order 77'));
      const aging = signVisitorToken(secret, channel.id, key, Date.now() - TOKEN_TTL_MS + 3600_000);
      const ok = await hello({ token: aging });
      assert.equal(ok.welcome.type, 'welcome');
      assert.deepEqual(
        ok.welcome.messages.map((m: any) => m.text),
        ['my order 77'],
      );
      // Renewed: the new token carries a fresh issue time.
      const issued = JSON.parse(Buffer.from(ok.welcome.token.split('.')[0], 'base64url').toString()).t;
      assert.ok(Date.now() - issued < 60_000);
    });

    test('"forget this visitor" revokes the token and closes the open widget; the conversation stays for agents', async () => {
      const { v, welcome, conversationId } = await chatting('please forget me');
      const r = await a.post(`/api/v1/conversations/${conversationId}/forget-visitor`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal((await v.whenClosed()).code, 4003);
      const again = await refusedThenFresh(welcome.token, /revoked/);
      // Writing now starts a new conversation: nothing lands in the forgotten one.
      const ack = await again.v.say(cid(), 'hello again');
      assert.notEqual(ack.conversationId, conversationId);
      const items = (await a.get(`/api/v1/conversations/${conversationId}/messages`)).body.items as any[];
      assert.deepEqual(
        items.filter((m) => m.kind === 'incoming').map((m) => m.text),
        ['please forget me'],
      );
      // Not a chat conversation: a clear error, nothing changes.
      const email = (
        await a.post(`/api/v1/inboxes/${channel.inboxId}/conversations`, { contact: { email: 'x@example.com' }, body: 'mail' })
      ).body;
      const bad = await a.post(`/api/v1/conversations/${email.id}/forget-visitor`);
      assert.equal(bad.status, 400);
      assert.match(bad.body.message, /not a website chat/);
    });

    test("Switchboard('shutdown') forgets the visitor on the server: the token left behind opens nothing", async () => {
      const { v, welcome } = await chatting('logged-in stuff');
      v.send({ type: 'forget' });
      assert.equal((await v.whenClosed()).code, 4003);
      await refusedThenFresh(welcome.token, /revoked/);
    });

    test('rotating the identity secret refuses every older token and identity hash, and drops open widgets', async () => {
      const one = await chatting('before rotation');
      const oldHash = identityHash(channel.identitySecret, 'user-rot');
      const r = await a.post(`/api/v1/channels/${channel.id}/rotate-secret`);
      assert.equal(r.status, 200);
      assert.notEqual(r.body.identitySecret, channel.identitySecret);
      assert.equal((await one.v.whenClosed()).code, 4003);
      await refusedThenFresh(one.welcome.token, /not valid/);
      channel = { ...channel, identitySecret: r.body.identitySecret };
      const next = await hello();
      assert.equal(next.welcome.type, 'welcome');
      assert.equal((await hello({ userId: 'user-rot', hash: oldHash })).welcome.code, 'identity');
      assert.equal((await hello({ userId: 'user-rot', hash: identityHash(r.body.identitySecret, 'user-rot') })).welcome.type, 'welcome');
      // Only admins may rotate.
      await a.post('/api/v1/users', {
        email: 'agent-rot@example.com',
        name: 'Agent',
        role: 'agent',
        paidSeat: true,
        password: 'agent-password-1',
      });
      const ag = await s.login('agent-rot@example.com', 'agent-password-1');
      assert.equal((await ag.post(`/api/v1/channels/${channel.id}/rotate-secret`)).status, 403);
    });
  });
}
