/**
 * A chat visitor's email counts only with proof. "Leave your email" (anonymous) and identify with a
 * hash over the user id alone put the address on the visitor's own contact as unverified; they never
 * attach the chat to the existing customer who owns the address, however the address is spelled.
 * A hash over the user id and the email links to that customer; an agent's merge joins them too.
 * (Each describe has its own server: the widget allows 10 new conversations a minute per address.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityHash } from '../../src/server/channels/chat/tokens.js';
import { engines, engineSuite, type Engine } from '../support/engines.js';
import { startTestServer, type Client } from '../support/server.js';
import { VisitorClient } from '../chat/support/visitor.js';

let n = 0;
const cid = () => `e${Date.now().toString(36)}x${(n++).toString(36)}`.padEnd(10, '0');
const VERA = 'vera@example.com';

/** Spellings of Vera's address: the same mailbox to a careless comparison, or a distinct one that merely looks alike. */
const variants: { label: string; email: string; distinct: boolean }[] = [
  { label: 'exact', email: VERA, distinct: false },
  { label: 'upper case', email: VERA.toUpperCase(), distinct: false },
  { label: 'mixed case', email: 'Vera@Example.Com', distinct: false },
  { label: 'whitespace', email: `  \t${VERA} \n`, distinct: false },
  { label: 'plus-addressing', email: 'vera+chat@example.com', distinct: true },
  { label: 'cyrillic a in the local part', email: 'ver\u0430@example.com', distinct: true },
  { label: 'cyrillic e in the domain', email: 'vera@\u0435xample.com', distinct: true },
  { label: 'fullwidth v', email: '\uff56era@example.com', distinct: true },
];

async function setup(engine: Engine) {
  const s = await startTestServer({ engine });
  const a = s.adminClient;
  const inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
  const channel = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Shop' })).body;
  // Vera is an existing customer with a private conversation.
  const vera = (
    await a.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: VERA, name: 'Vera' }, body: 'My card ends in 4242' })
  ).body;
  return { s, a, channel, veraId: vera.contact.id as string, veraConv: vera.id as string };
}

/** The chat stayed with the visitor's own contact; Vera's record and conversations are untouched. */
async function assertNotAttached(a: Client, veraId: string, veraConv: string, convId: string, label: string) {
  const conv = (await a.get(`/api/v1/conversations/${convId}`)).body;
  assert.notEqual(conv.contact.id, veraId, `${label}: attached to the existing customer`);
  assert.equal(conv.contact.email, null, `${label}: the visitor's contact has no verified email`);
  const veraConvs = (await a.get(`/api/v1/contacts/${veraId}/conversations`)).body.items.map((c: any) => c.id);
  assert.deepEqual(veraConvs, [veraConv], `${label}: Vera's conversations changed`);
  const vera = (await a.get(`/api/v1/contacts/${veraId}`)).body;
  assert.equal(vera.email, VERA);
  assert.equal(vera.unverifiedEmail, null);
  return (await a.get(`/api/v1/contacts/${conv.contact.id}`)).body;
}

for (const engine of engines) {
  describe(`widget email capture never joins an existing contact on ${engine}`, await engineSuite(engine), () => {
    let env: Awaited<ReturnType<typeof setup>>;
    const visitors: VisitorClient[] = [];
    let veraLike: { contactId: string; convId: string } | null = null;
    before(async () => {
      env = await setup(engine);
    });
    after(async () => {
      for (const v of visitors) v.close();
      await env?.s.close();
    });

    test('an anonymous visitor leaving the customer’s address (any spelling, before or after the first message) gets it only as unverified', async () => {
      const { s, a, channel, veraId, veraConv } = env;
      for (const [i, x] of variants.entries()) {
        const { v } = await VisitorClient.hello(s.url, channel.id, { name: 'Website visitor' });
        visitors.push(v);
        const emailFirst = i % 2 === 1;
        const leave = async () => {
          v.send({ type: 'email', email: x.email });
          return v.next((m) => m.type === 'email-saved' || (m.type === 'error' && m.code === 'invalid'));
        };
        const saved = emailFirst ? await leave() : null;
        const ack = await v.say(cid(), `hello (${x.label})`);
        assert.equal(ack.type, 'ack', JSON.stringify(ack));
        const answer = saved ?? (await leave());
        const contact = await assertNotAttached(a, veraId, veraConv, ack.conversationId, x.label);
        if (answer.type === 'email-saved') {
          assert.equal(contact.unverifiedEmail, x.email.trim().toLowerCase(), `${x.label}: shown as unverified`);
          if (!x.distinct) assert.equal(contact.unverifiedEmail, VERA);
        } else assert.ok(x.distinct, `${x.label}: only a lookalike may be refused as an invalid address`);
        if (x.label === 'exact') veraLike = { contactId: contact.id, convId: ack.conversationId };
      }
    });

    test('an agent can still merge the visitor into the customer explicitly; the address is then verified', async () => {
      const { a, veraId, veraConv } = env;
      assert.ok(veraLike);
      const r = await a.post(`/api/v1/contacts/${veraId}/merge`, { otherId: veraLike.contactId });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal((await a.get(`/api/v1/conversations/${veraLike.convId}`)).body.contact.id, veraId);
      const vera = (await a.get(`/api/v1/contacts/${veraId}`)).body;
      assert.equal(vera.email, VERA);
      assert.equal(vera.unverifiedEmail, null);
      assert.deepEqual(
        new Set((await a.get(`/api/v1/contacts/${veraId}/conversations`)).body.items.map((c: any) => c.id)),
        new Set([veraConv, veraLike.convId]),
      );
    });
  });

  describe(`widget identify: only an email-covering hash links to the email's contact on ${engine}`, await engineSuite(engine), () => {
    let env: Awaited<ReturnType<typeof setup>>;
    const visitors: VisitorClient[] = [];
    const hello = async (h: Record<string, unknown>) => {
      const r = await VisitorClient.hello(env.s.url, env.channel.id, h);
      visitors.push(r.v);
      return r;
    };
    const hash = (userId: string, email?: string) => identityHash(env.channel.identitySecret, userId, email);
    before(async () => {
      env = await setup(engine);
    });
    after(async () => {
      for (const v of visitors) v.close();
      await env?.s.close();
    });

    test('a hash over the user id alone verifies the user, never the email: someone else’s address stays unverified', async () => {
      const { a, veraId, veraConv } = env;
      for (const [i, x] of variants.filter((x) => !x.distinct).entries()) {
        const userId = `mallory-${i}`;
        const { v, welcome } = await hello({ userId, hash: hash(userId), email: x.email.trim(), name: 'Mallory' });
        assert.equal(welcome.type, 'welcome', `${x.label}: the user id itself is verified`);
        const ack = await v.say(cid(), `I am Vera (${x.label})`);
        const contact = await assertNotAttached(a, veraId, veraConv, ack.conversationId, x.label);
        assert.equal(contact.unverifiedEmail, VERA, `${x.label}: shown as unverified`);
        // Vera's history is not shown to the claimant.
        assert.ok(!welcome.messages.some((m: any) => /4242/.test(m.text)));
      }
    });

    test('after an anonymous chat, identify with a user-id-only hash and the customer’s email adopts nothing of hers', async () => {
      const { a, veraId, veraConv } = env;
      const anon = await hello({});
      const ack = await anon.v.say(cid(), 'anonymous first');
      anon.v.close();
      const ided = await hello({
        token: anon.welcome.token,
        userId: 'mallory-anon',
        hash: hash('mallory-anon'),
        email: VERA,
        name: 'Mallory',
      });
      assert.equal(ided.welcome.type, 'welcome');
      assert.deepEqual(
        ided.welcome.messages.map((m: any) => m.text),
        ['anonymous first'],
      );
      const contact = await assertNotAttached(a, veraId, veraConv, ack.conversationId, 'adoption');
      assert.equal(contact.unverifiedEmail, VERA);
    });

    test('a hash for another email, or a user id with a line break, proves nothing', async () => {
      for (const forged of [
        { userId: 'mallory-x', hash: hash('mallory-x', 'mallory@example.com'), email: VERA },
        { userId: 'mallory-x', hash: hash('mallory-x', VERA), email: 'vera+x@example.com' },
        // A user id with a line break is refused even when signed, so no such id is ever in use.
        { userId: `u9\n${VERA}`, hash: hash(`u9\n${VERA}`) },
        { userId: 'u9\n', hash: hash('u9\n') },
      ]) {
        const { v, welcome } = await hello(forged);
        assert.equal(welcome.code, 'identity', JSON.stringify(forged));
        assert.equal((await v.whenClosed()).code, 4001);
      }
    });

    test('the hash over the user id and the email links to the customer with that email', async () => {
      const { a, veraId } = env;
      for (const spelled of [VERA, 'Vera@Example.com']) {
        const { v, welcome } = await hello({ userId: 'vera-real', hash: hash('vera-real', VERA), email: spelled, name: 'Vera' });
        assert.equal(welcome.type, 'welcome', spelled);
        const ack = await v.say(cid(), 'it is really me');
        assert.equal((await a.get(`/api/v1/conversations/${ack.conversationId}`)).body.contact.id, veraId);
        v.close();
      }
      assert.equal((await a.get(`/api/v1/contacts/${veraId}`)).body.unverifiedEmail, null);
    });
  });
}
