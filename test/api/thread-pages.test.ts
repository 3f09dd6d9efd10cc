/**
 * The thread newest first (`order=desc`): what the app opens a long conversation with. Keyset pages
 * walk back without gaps or repeats, a message arriving meanwhile does not shift them, and a
 * conversation the agent may not read answers 404 in either order.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { testServerPerSuite } from '../support/factory.js';
import type { Client } from '../support/server.js';

/** Every page of a thread in one order, with the size of each page. */
async function walk(c: Client, convId: string, order: 'asc' | 'desc', limit: number) {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const r: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await c.get(
      `/api/v1/conversations/${convId}/messages?order=${order}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    assert.equal(r.status, 200);
    ids.push(...r.body.items.map((m) => m.id));
    sizes.push(r.body.items.length);
    cursor = r.body.nextCursor;
  } while (cursor);
  return { ids, sizes };
}

for (const engine of engines) {
  describe(`the thread newest first on ${engine}`, await engineSuite(engine), () => {
    const t = testServerPerSuite(engine);

    test('pages walk from the newest message back to the first, the reverse of oldest first, across page boundaries', async () => {
      const conv = await t.f.conversation({ body: 'message 1' });
      // Some written at once, so several share a timestamp and only the id orders them.
      for (let i = 2; i <= 22; i += 4)
        await Promise.all([0, 1, 2, 3].map((k) => t.f.message(conv.id, { body: `message ${i + k}`, kind: 'comment' })));
      const a = t.s.adminClient;
      const asc = await walk(a, conv.id, 'asc', 200);
      assert.equal(asc.ids.length, 25);
      const desc = await walk(a, conv.id, 'desc', 4);
      assert.deepEqual(desc.ids, [...asc.ids].reverse(), 'newest first, nothing missing or repeated');
      assert.deepEqual(desc.sizes, [4, 4, 4, 4, 4, 4, 1]);
      const first = (await a.get(`/api/v1/conversations/${conv.id}/messages?order=desc&limit=1`)).body.items[0];
      assert.equal(first.id, asc.ids.at(-1), 'the first page starts at the newest message');
      // The oldest-first default integrators use is unchanged.
      const plain = (await a.get(`/api/v1/conversations/${conv.id}/messages?limit=1`)).body.items[0];
      assert.equal(plain.text, 'message 1');
    });

    test('a message arriving between pages does not shift the older pages', async () => {
      const conv = await t.f.conversation({ body: 'm 1' });
      for (let i = 2; i <= 6; i++) await t.f.message(conv.id, { body: `m ${i}`, kind: 'comment' });
      const a = t.s.adminClient;
      const p1 = (await a.get(`/api/v1/conversations/${conv.id}/messages?order=desc&limit=3`)).body;
      assert.deepEqual(
        p1.items.map((m: { text: string }) => m.text),
        ['m 6', 'm 5', 'm 4'],
      );
      await t.f.message(conv.id, { body: 'm 7', kind: 'comment' });
      const p2 = (await a.get(`/api/v1/conversations/${conv.id}/messages?order=desc&limit=3&cursor=${p1.nextCursor}`)).body;
      assert.deepEqual(
        p2.items.map((m: { text: string }) => m.text),
        ['m 3', 'm 2', 'm 1'],
      );
      assert.equal(p2.nextCursor, null);
    });

    test('find in a conversation lists the messages holding a phrase, any case, newest first, and only of that conversation', async () => {
      const conv = await t.f.conversation({ body: 'The Blue Whale is big' });
      await t.f.message(conv.id, { body: 'nothing here', kind: 'comment' });
      const middle = await t.f.message(conv.id, { body: 'a blue whale again, 100% sure', kind: 'comment' });
      const last = await t.f.message(conv.id, { body: 'BLUE WHALES everywhere' });
      await t.f.conversation({ body: 'another blue whale elsewhere' });
      const a = t.s.adminClient;
      const find = async (q: string) => {
        const r = await a.get(`/api/v1/conversations/${conv.id}/matches?q=${encodeURIComponent(q)}`);
        assert.equal(r.status, 200);
        return r.body.items.map((m: { id: string }) => m.id) as string[];
      };
      const thread = (await a.get(`/api/v1/conversations/${conv.id}/messages`)).body.items;
      assert.deepEqual(await find('blue whale'), [last.id, middle.id, thread[0].id]);
      // LIKE's wildcards are plain characters here.
      assert.deepEqual(await find('100%'), [middle.id]);
      assert.deepEqual(await find('%'), [middle.id]);
      assert.deepEqual(await find('_'), []);
      assert.deepEqual(await find('orca'), []);
      assert.equal((await a.get(`/api/v1/conversations/${conv.id}/matches?q=`)).status, 400);
    });

    test('an agent who may not read the conversation gets 404 newest first too, and for its Reply all and find; an unknown order is a 400', async () => {
      const agent = await t.f.user();
      const a = t.s.adminClient;
      const closed = await t.f.inbox({ access: { mode: 'specific', userIds: [(await a.get('/api/v1/me')).body.id] } });
      const conv = await t.f.conversation({ inboxId: closed.id });
      const page = (await a.get(`/api/v1/conversations/${conv.id}/messages?order=desc&limit=1`)).body;
      assert.equal(page.items.length, 1);
      assert.equal((await agent.client.get(`/api/v1/conversations/${conv.id}/messages?order=desc`)).status, 404);
      assert.equal((await agent.client.get(`/api/v1/conversations/${conv.id}/messages?order=desc&cursor=x`)).status, 404);
      assert.equal((await a.get(`/api/v1/conversations/${conv.id}/messages?order=sideways`)).status, 400);
      // Reply all's Cc is read the same way.
      assert.deepEqual((await a.get(`/api/v1/conversations/${conv.id}/reply-all`)).body, { cc: [] });
      assert.equal((await agent.client.get(`/api/v1/conversations/${conv.id}/reply-all`)).status, 404);
      assert.equal((await agent.client.get(`/api/v1/conversations/${conv.id}/matches?q=hi`)).status, 404);
    });
  });
}
