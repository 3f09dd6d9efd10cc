/**
 * What the server decides, whatever the widget does: targeting and audience refuse to start a
 * conversation from an excluded page (at the socket, with a page claimed from another origin
 * counting as no page), and open widgets are told when agents go away or come back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityHash } from '../../src/server/channels/chat/tokens.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { StreamClient } from '../support/stream.js';
import { VisitorClient } from './support/visitor.js';

let n = 0;
const cid = () => `t${Date.now().toString(36)}x${(n++).toString(36)}`.padEnd(10, '0');

for (const engine of engines) {
  describe(`website chat rules held on the server on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let inboxId: string;
    const visitors: VisitorClient[] = [];
    const hello = async (channelId: string, h: Record<string, unknown> = {}, origin?: string) => {
      const r = await VisitorClient.hello(s.url, channelId, h, origin);
      visitors.push(r.v);
      return r;
    };
    const incoming = async () => {
      const all = (await a.get(`/api/v1/conversations?inboxId=${inboxId}&limit=100`)).body.items as any[];
      return all.length;
    };

    before(async () => {
      s = await startTestServer({ engine });
      a = s.adminClient;
      inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
    });
    after(async () => {
      for (const v of visitors) v.close();
      await s?.close();
    });

    test('targeting: no conversation starts from a page the rules exclude; a changed rule counts at once', async () => {
      const ch = (
        await a.post(`/api/v1/inboxes/${inboxId}/channels`, {
          kind: 'chat',
          name: 'Targeted',
          settings: {
            targeting: [
              { op: 'starts_with', value: 'http://shop.example/help' },
              { op: 'is', value: 'http://shop.example/contact' },
            ],
          },
        })
      ).body;
      const before = await incoming();
      // Excluded page, no page at all, and an allowed page claimed from a socket of another origin.
      for (const [page, origin] of [
        ['http://shop.example/pricing', undefined],
        [undefined, undefined],
        ['http://shop.example/help/faq', 'http://evil.example'],
      ] as const) {
        const { v } = await hello(ch.id, page ? { page } : {}, origin);
        const r = await v.say(cid(), 'may I chat here?');
        assert.equal(r.type, 'error', String(page));
        assert.equal(r.code, 'targeting');
        assert.match(r.message, /not available on this page/);
      }
      assert.equal(await incoming(), before, 'nothing stored');
      // Pages the rules include.
      for (const page of ['http://shop.example/help/faq', 'http://shop.example/contact']) {
        const { v } = await hello(ch.id, { page });
        assert.equal((await v.say(cid(), `from ${page}`)).type, 'ack');
      }
      // An admin widens the rules: the next start on /pricing is allowed without reconnecting.
      const { v } = await hello(ch.id, { page: 'http://shop.example/pricing' });
      assert.equal((await v.say(cid(), 'too early')).code, 'targeting');
      assert.equal(
        (await a.patch(`/api/v1/channels/${ch.id}`, { settings: { targeting: [{ op: 'contains', value: 'shop.example' }] } })).status,
        200,
      );
      await v.next((m) => m.type === 'config');
      assert.equal((await v.say(cid(), 'now it works')).type, 'ack');
      // A visitor with a conversation goes on writing on any page.
      assert.equal(
        (await a.patch(`/api/v1/channels/${ch.id}`, { settings: { targeting: [{ op: 'is', value: 'http://shop.example/nowhere' }] } }))
          .status,
        200,
      );
      assert.equal((await v.say(cid(), 'still here')).type, 'ack');
    });

    test('audience: known-only refuses anonymous starts, anonymous-only refuses identified ones', async () => {
      const known = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Known', settings: { audience: 'known' } }))
        .body;
      const anon = await hello(known.id);
      assert.match((await anon.v.say(cid(), 'hi')).message, /only for signed-in users/);
      const user = await hello(known.id, { userId: 'k1', hash: identityHash(known.identitySecret, 'k1') });
      assert.equal((await user.v.say(cid(), 'hi')).type, 'ack');
      const anonOnly = (
        await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Anon', settings: { audience: 'anonymous' } })
      ).body;
      const signedIn = await hello(anonOnly.id, { userId: 'k2', hash: identityHash(anonOnly.identitySecret, 'k2') });
      assert.equal((await signedIn.v.say(cid(), 'hi')).code, 'targeting');
      assert.equal((await (await hello(anonOnly.id)).v.say(cid(), 'hi')).type, 'ack');
    });

    test('known contacts with a property: only an identified visitor whose contact has the value sees the widget and may chat', async () => {
      const contact = async (email: string, plan: string) =>
        assert.equal((await a.post('/api/v1/contacts', { name: email, email, properties: { plan } })).status, 201);
      await contact('gold@shop.example', 'Gold');
      await contact('silver@shop.example', 'Silver');
      assert.ok(((await a.get('/api/v1/contacts/properties')).body.items as string[]).includes('plan'), 'the wizard can pick it');
      // The audience needs its property and value.
      const missing = await a.post(`/api/v1/inboxes/${inboxId}/channels`, {
        kind: 'chat',
        name: 'No prop',
        settings: { audience: 'property' },
      });
      assert.equal(missing.status, 400);
      assert.ok(missing.body.fields.audienceProperty);
      const ch = (
        await a.post(`/api/v1/inboxes/${inboxId}/channels`, {
          kind: 'chat',
          name: 'Members',
          settings: { audience: 'property', audienceProperty: { key: 'plan', value: 'gold' } },
        })
      ).body;
      /** An identified visitor; `covered` false: the hash proves the user id only, not the email. */
      const as = (userId: string, email?: string, covered = true) => ({
        userId,
        ...(email ? { email } : {}),
        hash: identityHash(ch.identitySecret, userId, covered ? email : undefined),
      });

      // Anonymous: told the same as for "known contacts", nothing about the property.
      const anon = await hello(ch.id);
      assert.equal(anon.welcome.config.audience, 'known');
      assert.equal(anon.welcome.config.excluded, undefined);
      assert.doesNotMatch(JSON.stringify(anon.welcome), /plan|gold/i);
      const refused = await anon.v.say(cid(), 'hi');
      assert.equal(refused.code, 'targeting');
      assert.match(refused.message, /only for signed-in users/);

      // The gold contact, with a verified email: shown, may chat.
      const gold = await hello(ch.id, as('gold-1', 'gold@shop.example'));
      assert.equal(gold.welcome.config.excluded, undefined);
      assert.equal((await gold.v.say(cid(), 'gold here')).type, 'ack');

      // Another contact, no email, or an email the hash does not cover: excluded and refused.
      for (const who of [as('silver-1', 'silver@shop.example'), as('nomail-1'), as('claim-1', 'gold@shop.example', false)]) {
        const r = await hello(ch.id, who);
        assert.equal(r.welcome.config.excluded, true, who.userId);
        assert.doesNotMatch(JSON.stringify(r.welcome), /plan|gold"/i);
        const no = await r.v.say(cid(), 'may I?');
        assert.equal(no.code, 'targeting', who.userId);
        assert.match(no.message, /not available to you/);
      }

      // The admin changes the value: the open silver widget is let in at once, the gold one shut out.
      const silver = await hello(ch.id, as('silver-2', 'silver@shop.example'));
      assert.equal(
        (await a.patch(`/api/v1/channels/${ch.id}`, { settings: { audienceProperty: { key: 'plan', value: 'Silver' } } })).status,
        200,
      );
      assert.equal((await silver.v.next((m) => m.type === 'config')).config.excluded, undefined);
      assert.equal((await silver.v.say(cid(), 'silver now')).type, 'ack');
      const goldAgain = await hello(ch.id, as('gold-2', 'gold@shop.example'));
      assert.equal(goldAgain.welcome.config.excluded, true);
    });

    test('availability is pushed: open widgets switch to away and back without reconnecting', async () => {
      const ch = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Live' })).body;
      const users = (await a.get('/api/v1/users')).body.items as any[];
      const setAll = (availability: string) => Promise.all(users.map((u) => a.patch(`/api/v1/users/${u.id}`, { availability })));
      const { v, welcome } = await hello(ch.id);
      assert.equal(welcome.available, true);
      try {
        await setAll('away');
        assert.equal((await v.next((m) => m.type === 'availability')).available, false);
        await setAll('available');
        await v.next((m) => m.type === 'availability' && m.available === true);
        assert.deepEqual(
          v.received.filter((m) => m.type === 'availability').map((m) => m.available),
          [false, true],
          'told once per change',
        );
      } finally {
        await setAll('available');
      }
    });

    test('auto-away: an idle agent counts as away; opening the app makes an open widget available at once', async () => {
      const ch = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Auto' })).body;
      assert.equal((await a.patch('/api/v1/settings/availability', { autoAwayMinutes: 5 })).status, 200);
      try {
        // Nobody has had the app open for a while.
        await s.running.ctx.db.kysely.updateTable('user_seen').set({ seen_at: '2000-01-01T00:00:00.000Z' }).execute();
        const { v, welcome } = await hello(ch.id);
        assert.equal(welcome.available, false);
        const agent = await StreamClient.connect(s.url, { cookie: a.cookie });
        try {
          assert.equal((await v.next((m) => m.type === 'availability')).available, true);
        } finally {
          agent.close();
        }
      } finally {
        await a.patch('/api/v1/settings/availability', { autoAwayMinutes: null });
      }
    });
  });
}
