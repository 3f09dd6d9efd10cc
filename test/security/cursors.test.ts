/**
 * List cursors come back from the client: anything but a cursor the list made (numbers beyond
 * the database's integers, NUL characters, wrong types, huge strings, not JSON, not base64) is a
 * 400 on `cursor` on every list, on both engines; real cursors still page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { fuzzSeed, hostileValue, seeded } from './support/hostile.js';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const seed = fuzzSeed();
console.log(`# cursors seed ${seed} (replay with FUZZ_SEED=${seed})`);

/** Hostile cursors: fixed cases and seeded random JSON values, each base64url'd like a real one. */
function hostileCursors(): string[] {
  const r = seeded(seed);
  const fixed: unknown[] = [
    { s: 1e308 },
    { s: -1e308 },
    { s: 2 ** 63 },
    { s: -1 },
    { s: 1.5 },
    { s: '1' },
    { s: null },
    { t: '\u0000', id: 'x' },
    { t: '2026-01-01T00:00:00.000Z', id: 'a\u0000b' },
    { t: 1, id: 2 },
    { t: 'x'.repeat(5000), id: 'y' },
    { t: '2026-01-01T00:00:00.000Z', id: 'x', s: 1e308 },
    { t: ['a'], id: { b: 1 } },
    [],
    null,
    1e308,
    '"\u0000"',
    '{"t":"\\u0000","id":"\\u0000"}',
    '{',
  ];
  // Random JSON values, kept short enough for a URL (a megabyte would be the HTTP server's 431).
  const random = Array.from({ length: 40 }, () => b64(hostileValue(r)))
    // An empty value is no cursor at all (the first page): see the test below.
    .filter((c) => c.length > 0 && c.length < 3000)
    .slice(0, 12);
  return [...fixed.map(b64), ...random, 'not base64!!', '%00', '\u0000'.repeat(3), '_'.repeat(400)];
}

for (const engine of engines) {
  describe(`list cursors on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let conversationId: string;
    let contactId: string;

    before(async () => {
      s = await startTestServer({ engine });
      a = s.adminClient;
      const inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      for (const n of [1, 2, 3]) {
        const c = (
          await a.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: 'same@example.com' }, body: `cursor words ${n}` })
        ).body;
        conversationId = c.id;
        await a.post(`/api/v1/conversations/${c.id}/incoming`, { body: `more cursor words ${n}` });
      }
      contactId = (await a.get(`/api/v1/conversations/${conversationId}`)).body.contact.id;
      await a.post('/api/v1/contacts', { name: 'Second', email: 'second@example.com' });
    });
    after(() => s?.close());

    const lists = () => [
      { name: 'conversations', path: '/api/v1/conversations?limit=1' },
      { name: 'search', path: '/api/v1/conversations?limit=1&q=cursor' },
      { name: 'contact conversations', path: `/api/v1/contacts/${contactId}/conversations` },
      { name: 'messages', path: `/api/v1/conversations/${conversationId}/messages?limit=1` },
      { name: 'contacts', path: '/api/v1/contacts?limit=1' },
    ];

    test('a hostile cursor is a 400 on cursor, on every list', async () => {
      const cursors = hostileCursors();
      for (const list of lists()) {
        for (const cursor of cursors) {
          const sep = list.path.includes('?') ? '&' : '?';
          const r = await a.get(`${list.path}${sep}cursor=${encodeURIComponent(cursor)}`);
          if (r.status === 200) {
            // Only a cursor that decodes to something this list could have made may pass.
            assert.fail(`${list.name}: ${Buffer.from(cursor, 'base64url').toString().slice(0, 100)} was taken`);
          }
          assert.equal(r.status, 400, `${list.name}: ${cursor.slice(0, 80)} answered ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
          assert.ok(r.body.fields?.cursor ?? r.body.fields?.['cursor'], `${list.name}: names the cursor: ${JSON.stringify(r.body)}`);
        }
      }
    });

    test('an empty cursor is no cursor: the first page', async () => {
      for (const list of lists()) {
        const sep = list.path.includes('?') ? '&' : '?';
        const [plain, empty] = [await a.get(list.path), await a.get(`${list.path}${sep}cursor=`)];
        assert.equal(empty.status, 200, list.name);
        assert.deepEqual(
          empty.body.items.map((x: { id: string }) => x.id),
          plain.body.items.map((x: { id: string }) => x.id),
          list.name,
        );
      }
    });

    test('real cursors still page through each list', async () => {
      for (const list of lists().filter((l) => l.name !== 'contact conversations')) {
        const first = await a.get(list.path);
        assert.equal(first.status, 200, list.name);
        assert.ok(first.body.nextCursor, `${list.name} has a next page`);
        const second = await a.get(`${list.path}&cursor=${encodeURIComponent(first.body.nextCursor)}`);
        assert.equal(second.status, 200, list.name);
        assert.equal(second.body.items.length, 1, list.name);
        assert.notEqual(second.body.items[0].id, first.body.items[0].id, list.name);
      }
    });
  });
}
