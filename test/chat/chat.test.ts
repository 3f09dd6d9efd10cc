import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityHash, signVisitorToken } from '../../src/server/channels/chat/tokens.js';
import { engines, engineSuite, isolatedStorage } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { StreamClient } from '../support/stream.js';
import { VisitorClient } from './support/visitor.js';

let n = 0;
const cid = () => `c${Date.now().toString(36)}x${(n++).toString(36)}`.padEnd(10, '0');

for (const engine of engines) {
  describe(`website chat on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let inboxId: string;
    let channel: any;
    const visitors: VisitorClient[] = [];
    const hello = async (h: Record<string, unknown> = {}, channelId = channel.id, origin?: string) => {
      const r = await VisitorClient.hello(s.url, channelId, h, origin);
      visitors.push(r.v);
      return r;
    };
    const secret = () => channel.identitySecret as string;
    const thread = async (conversationId: string) => (await a.get(`/api/v1/conversations/${conversationId}/messages`)).body.items as any[];

    before(async () => {
      s = await startTestServer({ engine });
      a = s.adminClient;
      inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      const r = await a.post(`/api/v1/inboxes/${inboxId}/channels`, {
        kind: 'chat',
        name: 'Website',
        settings: { welcome: 'Hello there', allowedOrigins: ['http://shop.example'] },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      channel = r.body;
    });
    after(async () => {
      for (const v of visitors) v.close();
      await s?.close();
    });

    test('the channel answers its install snippet; the secret is shown to admins only and never in settings', async () => {
      assert.match(
        channel.installSnippet,
        new RegExp(`^<script async src="${s.url}/widget.js" data-switchboard-channel="${channel.id}"></script>$`),
      );
      assert.equal(typeof channel.identitySecret, 'string');
      assert.equal(channel.settings.secret, '********');
      const got = (await a.get(`/api/v1/channels/${channel.id}`)).body;
      assert.equal(got.installSnippet, channel.installSnippet);
      const listed = (await a.get(`/api/v1/inboxes/${inboxId}/channels`)).body.items.find((c: any) => c.id === channel.id);
      assert.equal(listed.settings.secret, '********');
      const agent = await a.post('/api/v1/users', {
        email: 'agent-chat@example.com',
        name: 'Agent',
        role: 'agent',
        paidSeat: true,
        password: 'agent-password-1',
      });
      const ac = await s.login('agent-chat@example.com', 'agent-password-1');
      assert.equal(agent.status, 201);
      const seen = (await ac.get(`/api/v1/channels/${channel.id}`)).body;
      assert.equal(seen.identitySecret, undefined);
      assert.equal(seen.installSnippet, channel.installSnippet);
      const patched = await a.patch(`/api/v1/channels/${channel.id}`, { settings: { welcome: 'Hi from PATCH' } });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.settings.welcome, 'Hi from PATCH');
      assert.equal((await ac.patch(`/api/v1/channels/${channel.id}`, { settings: { welcome: 'x' } })).status, 403);
    });

    test('the widget script is served for any origin, small', async () => {
      const r = await fetch(`${s.url}/widget.js`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /javascript/);
      const js = await r.text();
      assert.ok(js.length > 1000 && js.length < 100_000);
      assert.doesNotMatch(js.slice(0, 40), /^var /, 'no global but Switchboard');
    });

    test('visitor message → recordInbound → live for agents; agent reply → outbox → visitor live; history on reconnect', async () => {
      const agent = await StreamClient.connect(s.url, { cookie: a.cookie });
      const { v, welcome } = await hello({ name: 'Vera Visitor', page: 'http://shop.example/pricing' });
      assert.equal(welcome.type, 'welcome');
      assert.equal(welcome.config.welcome, 'Hi from PATCH');
      assert.deepEqual(welcome.messages, []);
      const id1 = cid();
      const ack = await v.say(id1, 'Do you ship to Norway?');
      assert.equal(ack.type, 'ack');
      const created = await agent.next(
        (m) => m.type === 'event' && m.event === 'conversation.created' && m.conversationId === ack.conversationId,
      );
      assert.equal(created.payload.message.text, 'Do you ship to Norway?');
      assert.equal(created.payload.conversation.channelKind ?? 'chat', 'chat');
      assert.equal(created.payload.conversation.subject, 'Do you ship to Norway?', 'the first message names the chat');
      assert.equal(created.payload.conversation.assignee, null);

      assert.equal(
        (await a.patch('/api/v1/me', { meetingLink: 'https://meet.example.com/admin', avatarUrl: 'https://img.example.com/a.png' })).status,
        200,
      );
      const reply = await a.post(`/api/v1/conversations/${ack.conversationId}/messages`, { kind: 'reply', body: 'Yes, in 3 days.' });
      assert.equal(reply.status, 201);
      const me = (await a.get('/api/v1/me')).body;
      const taken = (await a.get(`/api/v1/conversations/${ack.conversationId}`)).body;
      assert.equal(taken.assignee?.id, me.id, 'answering an unassigned chat takes it');
      assert.equal((await a.get(`/api/v1/views?inboxId=${inboxId}`)).body.mine >= 1, true);
      const comment = await a.post(`/api/v1/conversations/${ack.conversationId}/messages`, { kind: 'comment', body: 'internal: VIP?' });
      assert.equal(comment.status, 201);
      const got = await v.next((m) => m.type === 'message' && m.message.from === 'agent');
      assert.equal(got.message.text, 'Yes, in 3 days.');
      assert.equal(got.message.author, (await a.get('/api/v1/me')).body.name);
      assert.equal(got.message.meetingLink, 'https://meet.example.com/admin');
      assert.equal(got.message.avatarUrl, 'https://img.example.com/a.png');
      // Delivered: the reply is marked sent.
      for (let i = 0; i < 50 && (await thread(ack.conversationId)).find((m) => m.id === reply.body.id)?.deliveryState !== 'sent'; i++)
        await new Promise((r) => setTimeout(r, 100));
      assert.equal((await thread(ack.conversationId)).find((m) => m.id === reply.body.id)?.deliveryState, 'sent');

      // Same token on a new socket: the history, without the comment.
      v.close();
      const again = await hello({ token: welcome.token });
      assert.deepEqual(
        again.welcome.messages.map((m: any) => [m.from, m.text, m.clientId]),
        [
          ['visitor', 'Do you ship to Norway?', id1],
          ['agent', 'Yes, in 3 days.', null],
        ],
      );
      assert.ok(!JSON.stringify(again.welcome).includes('internal'));
      agent.close();
    });

    test('a resent client id after a reconnect is stored once', async () => {
      const { v, welcome } = await hello();
      const id = cid();
      const first = await v.say(id, 'Are you there?');
      v.close();
      const { v: v2 } = await hello({ token: welcome.token });
      const second = await v2.say(id, 'Are you there?');
      assert.equal(second.type, 'ack');
      assert.equal(second.id, first.id);
      const third = await v2.say(cid(), 'Hello?');
      assert.equal(third.conversationId, first.conversationId);
      const texts = (await thread(first.conversationId)).filter((m) => m.kind === 'incoming').map((m) => m.text);
      assert.deepEqual(texts, ['Are you there?', 'Hello?']);
    });

    test('forged, altered and swapped tokens are refused; a visitor never reads another visitor', async () => {
      const victim = await hello();
      await victim.v.say(cid(), 'my secret order 123');
      const [payload, sig] = (victim.welcome.token as string).split('.');
      // Altered payload with the old signature; a token signed with another key; garbage.
      const altered = `${Buffer.from(JSON.stringify({ c: channel.id, k: 'v:someoneelse', t: 1 })).toString('base64url')}.${sig}`;
      const forged = signVisitorToken('not-the-secret', channel.id, JSON.parse(Buffer.from(payload!, 'base64url').toString()).k);
      for (const token of [altered, forged, 'garbage', `${payload}.${sig}.x`]) {
        const r = await hello({ token });
        assert.equal(r.welcome.type, 'error', token);
        assert.equal(r.welcome.code, 'token');
      }
      // A token of another chat channel (signed with that channel's secret) is refused here.
      const other = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Other site' })).body;
      const o = await hello({}, other.id);
      const swapped = await hello({ token: o.welcome.token });
      assert.equal(swapped.welcome.code, 'token');
      // And this channel's token does not open the other channel's conversations.
      const cross = await hello({ token: victim.welcome.token }, other.id);
      assert.equal(cross.welcome.code, 'token');
      // A fresh anonymous visitor starts empty.
      const fresh = await hello();
      assert.deepEqual(fresh.welcome.messages, []);
    });

    test('identity verification: the host user id with its HMAC follows the user across devices; a wrong hash is refused', async () => {
      const hash = identityHash(secret(), 'user-42');
      // The hash covers the email too, so the email is verified.
      const d1 = await hello({
        userId: 'user-42',
        hash: identityHash(secret(), 'user-42', 'u42@example.com'),
        email: 'u42@example.com',
        name: 'User 42',
      });
      assert.equal(d1.welcome.type, 'welcome');
      const ack = await d1.v.say(cid(), 'from my laptop');
      const d2 = await hello({ userId: 'user-42', hash });
      assert.deepEqual(
        d2.welcome.messages.map((m: any) => m.text),
        ['from my laptop'],
      );
      const bad = await hello({ userId: 'user-42', hash: identityHash(secret(), 'user-43') });
      assert.equal(bad.welcome.code, 'identity');
      const noHash = await hello({ userId: 'user-42' });
      assert.equal(noHash.welcome.code, 'identity');
      const conv = (await a.get(`/api/v1/conversations/${ack.conversationId}`)).body;
      assert.equal(conv.contact.email, 'u42@example.com');
      // An unverified visitor cannot claim an address by saying so in hello.
      const claim = await hello({ email: 'u42@example.com', name: 'Impostor' });
      const ack2 = await claim.v.say(cid(), 'I am u42');
      const conv2 = (await a.get(`/api/v1/conversations/${ack2.conversationId}`)).body;
      assert.notEqual(conv2.contact.id, conv.contact.id);
      assert.equal(conv2.contact.email, null);
    });

    test('origins not allowed, unknown channels, rate limits and size limits are enforced on the server', async () => {
      await assert.rejects(VisitorClient.open(s.url, channel.id, 'http://evil.example'), /403/);
      await assert.rejects(VisitorClient.open(s.url, 'nope'), /404/);
      const { v } = await hello();
      const long = await v.say(cid(), 'x'.repeat(5001));
      assert.equal(long.code, 'too_long');
      const answers = [];
      for (let i = 0; i < 25; i++) answers.push(await v.say(cid(), `flood ${i}`));
      const limited = answers.filter((x) => x.code === 'rate_limited');
      assert.ok(limited.length >= 5, `rate limited ${limited.length}`);
      assert.match(limited[0].message, /too quickly/);
      const conv = answers.find((x) => x.type === 'ack').conversationId;
      assert.equal((await thread(conv)).filter((m) => m.kind === 'incoming').length, answers.filter((x) => x.type === 'ack').length);
    });

    test('nobody available: the widget is told so and an email is captured onto the contact, unverified (an existing contact with it is left alone)', async () => {
      const users = (await a.get('/api/v1/users')).body.items as any[];
      const setAll = (availability: string) => Promise.all(users.map((u) => a.patch(`/api/v1/users/${u.id}`, { availability })));
      const first = await hello();
      assert.equal(first.welcome.available, true);
      await setAll('away');
      try {
        const { v, welcome } = await hello();
        assert.equal(welcome.available, false);
        assert.match(welcome.awayMessage, /Leave your email/);
        const ack = await v.say(cid(), 'Anyone?');
        v.send({ type: 'email', email: 'Late@Example.com' });
        await v.next((m) => m.type === 'email-saved');
        const late = (await a.get(`/api/v1/conversations/${ack.conversationId}`)).body.contact;
        assert.equal(late.email, null);
        assert.equal((await a.get(`/api/v1/contacts/${late.id}`)).body.unverifiedEmail, 'late@example.com');
        // Known address: the existing contact is not touched; only an agent's merge joins them.
        const existing = await a.post(`/api/v1/inboxes/${inboxId}/conversations`, {
          contact: { email: 'known@example.com', name: 'Known Person' },
          body: 'earlier',
        });
        const other = await hello();
        const ack2 = await other.v.say(cid(), 'Me again');
        other.v.send({ type: 'email', email: 'known@example.com' });
        await other.v.next((m) => m.type === 'email-saved');
        const c = (await a.get(`/api/v1/conversations/${ack2.conversationId}`)).body;
        assert.notEqual(c.contact.id, existing.body.contact.id);
        assert.equal((await a.get(`/api/v1/contacts/${c.contact.id}`)).body.unverifiedEmail, 'known@example.com');
        const again = await hello({ token: other.welcome.token });
        assert.equal(again.welcome.emailKnown, true);
      } finally {
        await setAll('available');
      }
    });

    test('a server restart loses nothing: the token still works, history is there, a resend is stored once', async () => {
      const storage = await isolatedStorage(engine);
      let s1 = await startTestServer({ engine, storage });
      try {
        const ch = (
          await s1.adminClient.post(`/api/v1/inboxes/${(await s1.adminClient.get('/api/v1/inboxes')).body.items[0].id}/channels`, {
            kind: 'chat',
            name: 'Site',
          })
        ).body;
        const first = await VisitorClient.hello(s1.url, ch.id);
        const id = cid();
        const ack = await first.v.say(id, 'before the restart');
        first.v.close();
        await s1.close();
        s1 = await startTestServer({ engine, storage });
        const again = await VisitorClient.hello(s1.url, ch.id, { token: first.welcome.token });
        assert.deepEqual(
          again.welcome.messages.map((m: any) => m.text),
          ['before the restart'],
        );
        const resend = await again.v.say(id, 'before the restart');
        assert.equal(resend.id, ack.id);
        again.v.close();
        const items = (await s1.adminClient.get(`/api/v1/conversations/${ack.conversationId}/messages`)).body.items as any[];
        assert.equal(items.filter((m) => m.kind === 'incoming').length, 1);
      } finally {
        await s1.close();
        await storage.drop();
      }
    });
  });
}
