/**
 * Privacy (issue 20): erasing a contact leaves no trace of their text in search, in the API or in the
 * files, leaves other contacts' messages in the same conversations as they were, keeps the counts, and
 * is for admins only; a plain DELETE refuses a contact with conversations.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { filePath, saveFile } from '../../src/server/files/store.js';
import { engines, engineSuite } from '../support/engines.js';
import { testServerPerSuite } from '../support/factory.js';

for (const engine of engines) {
  describe(`erasing a contact on ${engine}`, await engineSuite(engine), () => {
    const t = testServerPerSuite(engine);

    test('their words, files and details are gone everywhere; the others stay; counts unchanged', async () => {
      const { s, f } = t;
      const a = s.adminClient;
      const inboxId = await f.defaultInbox();
      const u = f.uniq();
      const zelda = { email: `zelda${u}@example.org`, name: `Zelda Quixotic${u}` };
      // Theirs: a conversation with a subject and two messages, a reply to them, an attachment.
      const mine = await a.post(`/api/v1/inboxes/${inboxId}/conversations`, {
        contact: zelda,
        subject: `Xylophonic${u} question`,
        body: `my word flibbertigibbet${u}`,
      });
      assert.equal(mine.status, 201, JSON.stringify(mine.body));
      const convId: string = mine.body.id;
      const zeldaId: string = mine.body.contact.id;
      assert.equal((await a.post(`/api/v1/conversations/${convId}/incoming`, { body: `and snorkelwax${u} too` })).status, 201);
      await f.message(convId, { body: `Dear ${zelda.name}, about snorkelwax${u}` });
      // Someone else's conversation, where Zelda wrote one message too (as if copied in).
      const other = await a.post(`/api/v1/inboxes/${inboxId}/conversations`, {
        contact: { email: `bert${u}@example.org`, name: `Bert ${u}` },
        body: `bert says marmaladex${u}`,
      });
      assert.equal(other.status, 201);
      const otherId: string = other.body.id;
      assert.equal((await a.post(`/api/v1/conversations/${otherId}/incoming`, { body: `zelda says wombatquest${u}` })).status, 201);
      const db = s.running.ctx.db.kysely;
      const hers = await db
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', otherId)
        .where('text', 'like', '%wombatquest%')
        .executeTakeFirstOrThrow();
      await db.updateTable('messages').set({ author_contact_id: zeldaId }).where('id', '=', hers.id).execute();
      const firstMsg = await db
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', convId)
        .where('kind', '=', 'incoming')
        .executeTakeFirstOrThrow();
      const stored = saveFile(s.running.ctx.mail.filesDir, 'attachments', `erase-${u}`, Buffer.from(`secret file ${u}`));
      await db
        .insertInto('attachments')
        .values({
          id: `att-${u}`,
          message_id: firstMsg.id,
          filename: 'zelda.txt',
          content_type: 'text/plain',
          size: 10,
          storage_path: stored,
          content_id: null,
          created_at: new Date().toISOString(),
        })
        .execute();
      // As if they had chatted (a visitor key on their message) and written on Messenger (a sender id).
      const chatMsg = await db
        .selectFrom('messages')
        .select(['id', 'channel_id'])
        .where('conversation_id', '=', convId)
        .where('text', 'like', '%snorkelwax%')
        .executeTakeFirstOrThrow();
      await db
        .updateTable('messages')
        .set({ external_id: `chat:vk${u}:1` })
        .where('id', '=', chatMsg.id)
        .execute();
      await db
        .insertInto('messenger_senders')
        .values({
          channel_id: chatMsg.channel_id,
          psid: `psid${u}`,
          contact_id: zeldaId,
          profile_pic: null,
          profile_fetched_at: null,
          created_at: new Date().toISOString(),
        })
        .execute();
      assert.equal((await a.post(`/api/v1/contacts/${zeldaId}/notes`, { body: `Zelda likes kumquatish${u}` })).status, 201);

      const search = async (q: string) => (await a.get(`/api/v1/conversations?q=${encodeURIComponent(q)}`)).body.items.length;
      for (const w of [`flibbertigibbet${u}`, `snorkelwax${u}`, `xylophonic${u}`, `wombatquest${u}`, `quixotic${u}`])
        assert.equal(await search(w), 1, w);
      const countsBefore = (await a.get(`/api/v1/views?inboxId=${inboxId}`)).body;

      // Who may: not an agent; an unknown contact is not found; nothing changed by a refusal.
      const agent = await f.user();
      assert.equal((await agent.client.delete(`/api/v1/contacts/${zeldaId}?erase=true`)).status, 403);
      assert.equal((await a.delete(`/api/v1/contacts/nope${u}?erase=true`)).status, 404);
      assert.equal((await a.delete(`/api/v1/contacts/${zeldaId}?erase=maybe`)).status, 400);
      // Without erase: refused while they have conversations.
      const plain = await a.delete(`/api/v1/contacts/${zeldaId}`);
      assert.equal(plain.status, 409);
      assert.equal(plain.body.reason, 'contact_has_conversations');
      assert.equal((await a.get(`/api/v1/contacts/${zeldaId}`)).status, 200);

      const r = await a.delete(`/api/v1/contacts/${zeldaId}?erase=true`);
      assert.equal(r.status, 204, JSON.stringify(r.body));

      // Search: none of their words finds anything; Bert's still do.
      for (const w of [`flibbertigibbet${u}`, `snorkelwax${u}`, `xylophonic${u}`, `wombatquest${u}`, `quixotic${u}`, `zelda${u}`])
        assert.equal(await search(w), 0, `${w} is gone from search`);
      assert.equal(await search(`marmaladex${u}`), 1, "the other contact's words are still found");

      // The API: no contact, no list entry, no text of theirs in either conversation.
      assert.equal((await a.get(`/api/v1/contacts/${zeldaId}`)).status, 404);
      assert.equal((await a.get(`/api/v1/contacts?q=${encodeURIComponent(zelda.name)}`)).body.items.length, 0);
      const conv = (await a.get(`/api/v1/conversations/${convId}`)).body;
      assert.equal(conv.contact, null);
      assert.equal(conv.contactErased, true, 'shown as an erased contact');
      const row = (await a.get(`/api/v1/conversations?inboxId=${inboxId}&view=all`)).body.items.find((c: any) => c.id === convId);
      assert.equal(row.contactErased, true);
      assert.equal((await a.get(`/api/v1/conversations/${otherId}`)).body.contactErased, undefined);
      assert.equal(conv.subject, null);
      const list = JSON.stringify((await a.get(`/api/v1/conversations?inboxId=${inboxId}&view=all`)).body);
      const thread = JSON.stringify((await a.get(`/api/v1/conversations/${convId}/messages`)).body);
      const otherThread = JSON.stringify((await a.get(`/api/v1/conversations/${otherId}/messages`)).body);
      for (const text of [list, thread, otherThread])
        for (const w of ['flibbertigibbet', 'snorkelwax', 'xylophonic', 'wombatquest', 'Quixotic', `zelda${u}`])
          assert.doesNotMatch(text, new RegExp(w + u, 'i'));
      assert.match(otherThread, new RegExp(`marmaladex${u}`), "the other contact's message is untouched");
      const lines = (await a.get(`/api/v1/conversations/${convId}/messages`)).body.items.filter((m: any) => m.kind === 'system');
      assert.ok(
        lines.some((m: any) => m.fact?.kind === 'contact_erased'),
        'the erasure is on the timeline',
      );
      assert.equal((await a.get(`/api/v1/attachments/att-${u}`)).status, 404);

      // The database and the disk.
      assert.equal(fs.existsSync(filePath(s.running.ctx.mail.filesDir, stored)), false, 'the attachment file is removed');
      assert.equal((await db.selectFrom('contact_activities').select('id').where('contact_id', '=', zeldaId).execute()).length, 0);
      const leftovers = await db.selectFrom('messages').select('text').where('text', 'like', `%${u}%`).execute();
      assert.deepEqual(
        leftovers.map((m) => m.text).filter((x) => !x.includes(`marmaladex${u}`) && !x.includes(`Bert ${u}`)),
        [],
        'no message text of theirs is left',
      );
      const events = await db.selectFrom('events').select(['type', 'payload']).execute();
      const record = events.filter((e) => e.type === 'contact.updated' && e.payload.includes(zeldaId) && e.payload.includes('erased'));
      assert.equal(record.length, 1, 'the erasure is recorded');
      assert.doesNotMatch(record[0]!.payload, /zelda|quixotic/i, 'without what was erased');
      assert.ok(!events.some((e) => /flibbertigibbet|snorkelwax|wombatquest/.test(e.payload)), 'no event carries their text');
      const revoked = await db.selectFrom('chat_revocations').select('channel_id').where('visitor_key', '=', `vk${u}`).execute();
      assert.deepEqual(revoked, [{ channel_id: chatMsg.channel_id }], 'their chat visitor key no longer works');
      assert.equal((await db.selectFrom('messenger_senders').select('psid').where('psid', '=', `psid${u}`).execute()).length, 0);
      const participants = await db.selectFrom('conversation_participants').select('email').where('email', '=', zelda.email).execute();
      assert.equal(participants.length, 0);

      // The conversations stay, and the counts are what they were.
      assert.equal((await a.get(`/api/v1/conversations/${otherId}`)).status, 200);
      assert.deepEqual((await a.get(`/api/v1/views?inboxId=${inboxId}`)).body, countsBefore);
    });

    test('a contact with nothing attached can simply be deleted', async () => {
      const { s, f } = t;
      const c = await f.contact();
      assert.equal((await s.adminClient.delete(`/api/v1/contacts/${c.id}`)).status, 204);
      assert.equal((await s.adminClient.get(`/api/v1/contacts/${c.id}`)).status, 404);
    });
  });
}
