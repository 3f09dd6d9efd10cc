/**
 * Messenger as the agent uses it, against the fake Graph: typing in the composer shows the customer
 * a typing indicator (only inside the 24 hour window, not once per keystroke); the sender's profile
 * picture becomes the contact's, served to users only; a long reply goes in pieces and a retry after
 * a failed piece sends only the rest; a contact an agent edits, relinks or merges keeps its Messenger
 * sender: the next message lands on it, in the same thread, and replies still reach the person.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { PICTURE } from '../support/fake-graph.js';
import { startMessengerRig, type MessengerRig } from '../support/messenger.js';
import { StreamClient } from '../support/stream.js';
import { waitFor } from '../email/support/mail.js';

const DAY = 24 * 3600_000;

for (const engine of engines) {
  describe(`Messenger for agents on ${engine}`, await engineSuite(engine), () => {
    let m: MessengerRig;
    before(async () => {
      m = await startMessengerRig(engine, { profiles: { '3000000003': { first_name: 'Grace', last_name: 'Hopper' } } });
    });
    after(() => m?.close());

    const typingTo = (psid: string) => m.graph.calls.filter((c) => c.body.sender_action === 'typing_on' && c.body.recipient?.id === psid);

    test('typing in the composer sends typing_on to the customer, not once per keystroke, never outside the 24 hour window', async () => {
      await m.deliver(m.text('3000000001', 'Hello?'), m.text('3000000002', 'Hi there'));
      const fresh = await m.conversationOf('3000000001');
      const old = await m.conversationOf('3000000002');
      await m.s.running.ctx.db.kysely
        .updateTable('conversations')
        .set({ last_incoming_at: new Date(Date.now() - 3 * DAY).toISOString() })
        .where('id', '=', old.id)
        .execute();
      const stream = await StreamClient.connect(m.s.url, { cookie: m.s.adminClient.cookie });
      // The composer says `typing` when the agent starts and `viewing` when they pause: several times here.
      for (let i = 0; i < 6; i++) {
        stream.send({ type: 'presence', conversationId: old.id, state: 'typing' });
        stream.send({ type: 'presence', conversationId: fresh.id, state: 'typing' });
        stream.send({ type: 'presence', conversationId: fresh.id, state: 'viewing' });
      }
      await stream.next((x) => x.type === 'presence' && x.conversationId === fresh.id && x.users.some((u: any) => u.state === 'viewing'));
      const first = await waitFor('typing_on', async () => typingTo('3000000001')[0]);
      assert.deepEqual(first.body, { recipient: { id: '3000000001' }, sender_action: 'typing_on' });
      // The jobs run in order: once a later one ran, the earlier ones had their turn.
      await m.f.message(fresh.id, { body: 'Here I am' });
      await waitFor('the reply', async () => m.graph.sends().find((c) => c.body.message.text === 'Here I am'));
      assert.ok(typingTo('3000000001').length <= 2, `${typingTo('3000000001').length} typing_on for 6 starts of typing in a moment`);
      assert.equal(typingTo('3000000002').length, 0, 'nothing outside the 24 hour window');
      stream.close();
    });

    test("the sender's profile picture is fetched once and shown as the contact's, to users only", async () => {
      await m.deliver(m.text('3000000003', 'Hi, a question'));
      const c = await m.conversationOf('3000000003');
      const contact = await waitFor('the picture', async () => {
        const r = (await m.s.adminClient.get(`/api/v1/contacts/${c.contact_id}`)).body;
        return r.pictureUrl ? r : null;
      });
      assert.equal(contact.name, 'Grace Hopper');
      const agent = await m.f.user();
      for (const client of [m.s.adminClient, agent.client]) {
        const got = await client.request('GET', contact.pictureUrl);
        assert.equal(got.status, 200);
        assert.equal(got.headers.get('content-type'), 'image/png');
        assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
      }
      const raw = await fetch(m.s.url + contact.pictureUrl, { headers: { cookie: m.s.adminClient.cookie } });
      assert.deepEqual(Buffer.from(await raw.arrayBuffer()), PICTURE);
      assert.equal((await m.s.anonymous().request('GET', contact.pictureUrl)).status, 401);
      // A contact without a picture and one that does not exist answer alike.
      const plain = await m.f.contact({ name: 'No Picture' });
      for (const id of [plain.id, 'no-such-contact'])
        assert.equal((await m.s.adminClient.request('GET', `/api/v1/contacts/${id}/picture`)).status, 404, id);
      // Once: a second message fetches neither the profile nor the picture again.
      await m.deliver(m.text('3000000003', 'Still there?'));
      await m.f.message(c.id, { body: 'Yes!' });
      await waitFor('the reply', async () => m.graph.sends().find((x) => x.body.message.text === 'Yes!'));
      assert.equal(m.graph.calls.filter((x) => x.path.endsWith('/3000000003')).length, 1);
      assert.equal(m.graph.calls.filter((x) => x.path === '/pics/3000000003.png').length, 1);
    });

    test('a reply over 2,000 characters goes in pieces; a retry after a failed piece sends only the pieces not yet sent', async () => {
      await m.deliver(m.text('3000000004', 'Tell me everything'));
      const c = await m.conversationOf('3000000004');
      const words = (letter: string, n: number) => Array.from({ length: n }, () => letter.repeat(9)).join(' ');
      // Three pieces: about 1,999, 1,999 and 499 characters, cut at spaces.
      const body = [words('a', 200), words('b', 200), words('c', 50)].join(' ');
      const piecesSent = () => m.graph.sends().filter((x) => x.body.recipient.id === '3000000004' && x.status === 200);
      m.graph.failWhen((b) => typeof b.message?.text === 'string' && b.message.text.startsWith('bbbbbbbbb'), 100, 'Invalid parameter');
      const reply = await m.f.message(c.id, { body });
      const failed = await waitFor('the failed reply', async () => {
        const r = (await m.s.adminClient.get(`/api/v1/conversations/${c.id}/messages`)).body.items.find((x: any) => x.id === reply.id);
        return r?.deliveryState === 'failed' ? r : null;
      });
      assert.match(failed.deliveryError, /Invalid parameter/);
      assert.deepEqual(
        piecesSent().map((x) => x.body.message.text[0]),
        ['a'],
        'the first piece went, the second was refused',
      );
      assert.equal((await m.s.adminClient.post(`/api/v1/messages/${reply.id}/retry`, {})).status, 200);
      await waitFor('the reply sent', async () => {
        const r = (await m.s.adminClient.get(`/api/v1/conversations/${c.id}/messages`)).body.items.find((x: any) => x.id === reply.id);
        return r?.deliveryState === 'sent';
      });
      const texts = piecesSent().map((x) => x.body.message.text as string);
      assert.deepEqual(
        texts.map((t) => t[0]),
        ['a', 'b', 'c'],
        'each piece once, in order',
      );
      assert.ok(texts.every((t) => t.length <= 2000));
      assert.equal(texts.join(' '), body, 'nothing lost or doubled at the cuts');
    });

    test("a contact edited, relinked or merged by hand keeps the sender's next message and the replies", async () => {
      const admin = m.s.adminClient;
      // Each way an agent changes who the conversation's contact is: the contact it should be afterwards.
      const ways: [string, (conversationId: string, contactId: string) => Promise<string>][] = [
        [
          'edited',
          async (_conv, contactId) => {
            const r = await admin.patch(`/api/v1/contacts/${contactId}`, {
              name: 'Edited By Hand',
              email: `edited${Date.now()}@example.com`,
            });
            assert.equal(r.status, 200, JSON.stringify(r.body));
            return contactId;
          },
        ],
        [
          'linked to a new contact from a name and email',
          async (conv) => {
            const r = await admin.post(`/api/v1/conversations/${conv}/contact`, {
              name: 'New Person',
              email: `new${Date.now()}@example.com`,
            });
            assert.equal(r.status, 200, JSON.stringify(r.body));
            return r.body.contact.id;
          },
        ],
        [
          'linked to an existing contact',
          async (conv) => {
            const other = await m.f.contact({ name: 'Existing Person' });
            const r = await admin.post(`/api/v1/conversations/${conv}/contact`, { contactId: other.id });
            assert.equal(r.status, 200, JSON.stringify(r.body));
            return other.id;
          },
        ],
        [
          'merged into another contact',
          async (_conv, contactId) => {
            const keep = await m.f.contact({ name: 'Kept Person' });
            const r = await admin.post(`/api/v1/contacts/${keep.id}/merge`, { otherId: contactId });
            assert.equal(r.status, 200, JSON.stringify(r.body));
            return keep.id;
          },
        ],
        [
          'kept in a merge of another contact into it',
          async (_conv, contactId) => {
            const gone = await m.f.contact({ name: 'Merged Away' });
            const r = await admin.post(`/api/v1/contacts/${contactId}/merge`, { otherId: gone.id });
            assert.equal(r.status, 200, JSON.stringify(r.body));
            return contactId;
          },
        ],
      ];
      for (const [i, [way, change]] of ways.entries()) {
        const psid = `30000001${String(i).padStart(2, '0')}`;
        await m.deliver(m.text(psid, `First words (${way})`));
        const before = await m.conversationOf(psid);
        const expected = await change(before.id, before.contact_id!);
        const mid = `m_after_${psid}`;
        assert.equal((await m.deliver(m.text(psid, `After the change (${way})`, mid))).status, 200);
        const stored = await m.s.running.ctx.db.kysely
          .selectFrom('messages')
          .select(['conversation_id', 'author_contact_id'])
          .where('external_id', '=', mid)
          .executeTakeFirstOrThrow();
        assert.equal(stored.conversation_id, before.id, `${way}: the same thread`);
        assert.equal(stored.author_contact_id, expected, `${way}: the contact it now has`);
        const conv = (await admin.get(`/api/v1/conversations/${before.id}`)).body;
        assert.equal(conv.contact.id, expected, way);
        const body = `Reply after it was ${way}`;
        await m.f.message(before.id, { body });
        const sent = await waitFor(`the reply (${way})`, async () => m.graph.sends().find((x) => x.body.message.text === body));
        assert.equal(sent.body.recipient.id, psid, `${way}: the reply reaches the person`);
      }
    });
  });
}
