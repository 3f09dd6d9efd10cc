/**
 * F-CHAT.7: a visitor chats anonymously, then the host page identifies them (user id + HMAC): the
 * anonymous conversation becomes the user's (their contact, their history on other devices). A
 * forged hash merges nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityHash } from '../../src/server/channels/chat/tokens.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { VisitorClient } from './support/visitor.js';

let n = 0;
const cid = () => `m${Date.now().toString(36)}x${(n++).toString(36)}`.padEnd(10, '0');

for (const engine of engines) {
  describe(`website chat: anonymous history joins the identified user on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let channel: any;
    let inboxId: string;
    const visitors: VisitorClient[] = [];
    const hello = async (h: Record<string, unknown> = {}) => {
      const r = await VisitorClient.hello(s.url, channel.id, h);
      visitors.push(r.v);
      return r;
    };
    const conversation = async (id: string) => (await a.get(`/api/v1/conversations/${id}`)).body;
    /** With an email, the hash covers it (the host site vouches for the email too). */
    const hash = (userId: string, email?: string) => identityHash(channel.identitySecret, userId, email);

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

    test('a known user: the anonymous chat moves to their contact, the anonymous contact is merged, history follows to another device', async () => {
      // The user chatted before on their laptop, identified.
      const laptop = await hello({ userId: 'cust-1', hash: hash('cust-1', 'ann@example.com'), email: 'ann@example.com', name: 'Ann' });
      const first = await laptop.v.say(cid(), 'laptop question');
      const annId = (await conversation(first.conversationId)).contact.id;
      // On the phone, anonymous at first.
      const phone = await hello({ name: 'Website visitor' });
      const anon = await phone.v.say(cid(), 'phone question before login');
      const anonContact = (await conversation(anon.conversationId)).contact.id;
      assert.notEqual(anonContact, annId);
      // Logs in: the widget reconnects with its anonymous token and the identity.
      phone.v.close();
      const identified = await hello({
        token: phone.welcome.token,
        userId: 'cust-1',
        hash: hash('cust-1', 'ann@example.com'),
        email: 'ann@example.com',
        name: 'Ann',
      });
      assert.equal(identified.welcome.type, 'welcome');
      assert.deepEqual(
        identified.welcome.messages.map((m: any) => m.text),
        ['phone question before login'],
      );
      const moved = await conversation(anon.conversationId);
      assert.equal(moved.contact.id, annId);
      assert.equal(moved.contact.email, 'ann@example.com');
      // The throwaway anonymous contact is gone (merged), recorded on Ann's timeline.
      assert.equal((await a.get(`/api/v1/contacts/${anonContact}`)).status, 404);
      const timeline = (await a.get(`/api/v1/contacts/${annId}/timeline`)).body.items as any[];
      assert.ok(timeline.some((i) => i.type === 'activity' && i.activity.kind === 'merge'));
      // The laptop (another device, same user) now sees that conversation too.
      const laptop2 = await hello({ userId: 'cust-1', hash: hash('cust-1') });
      assert.deepEqual(
        laptop2.welcome.messages.map((m: any) => m.text),
        ['phone question before login'],
      );
      // The anonymous token opens nothing any more.
      const stale = await hello({ token: phone.welcome.token });
      assert.equal(stale.welcome.code, 'token');
      const fresh = await stale.v.next((m) => m.type === 'welcome');
      assert.deepEqual(fresh.messages, []);
      // And a new message continues the adopted conversation, not a new one.
      const more = await laptop2.v.say(cid(), 'and one more');
      assert.equal(more.conversationId, anon.conversationId);
    });

    test('a user seen for the first time keeps the anonymous contact, now with their name and email', async () => {
      const anon = await hello();
      const ack = await anon.v.say(cid(), 'hi, new here');
      const before = (await conversation(ack.conversationId)).contact;
      const r = await hello({
        token: anon.welcome.token,
        userId: 'cust-2',
        hash: hash('cust-2', 'bo@example.com'),
        email: 'bo@example.com',
        name: 'Bo',
      });
      assert.deepEqual(
        r.welcome.messages.map((m: any) => m.text),
        ['hi, new here'],
      );
      const after = (await conversation(ack.conversationId)).contact;
      assert.equal(after.id, before.id);
      assert.equal(after.email, 'bo@example.com');
      assert.equal(after.name, 'Bo');
    });

    test('a forged hash merges nothing: the anonymous chat stays with the anonymous visitor', async () => {
      const victim = await hello({ userId: 'cust-3', hash: hash('cust-3', 'cy@example.com'), email: 'cy@example.com', name: 'Cy' });
      const victimAck = await victim.v.say(cid(), 'private to Cy');
      const attacker = await hello();
      const ack = await attacker.v.say(cid(), 'attacker text');
      const contactBefore = (await conversation(ack.conversationId)).contact.id;
      const forged = await hello({ token: attacker.welcome.token, userId: 'cust-3', hash: hash('cust-4'), email: 'cy@example.com' });
      assert.equal(forged.welcome.code, 'identity');
      assert.equal((await forged.v.whenClosed()).code, 4001);
      assert.equal((await conversation(ack.conversationId)).contact.id, contactBefore);
      assert.notEqual((await conversation(victimAck.conversationId)).contact.id, contactBefore);
      // The anonymous token still opens only the attacker's own chat; Cy's history is unchanged.
      const again = await hello({ token: attacker.welcome.token });
      assert.deepEqual(
        again.welcome.messages.map((m: any) => m.text),
        ['attacker text'],
      );
      const cy = await hello({ userId: 'cust-3', hash: hash('cust-3') });
      assert.deepEqual(
        cy.welcome.messages.map((m: any) => m.text),
        ['private to Cy'],
      );
    });
  });
}
