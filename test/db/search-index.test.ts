import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { engines, engineSuite, isolatedStorage } from '../support/engines.js';
import { startTestServer, type Client } from '../support/server.js';

const ids = async (a: Client, q: string) =>
  ((await a.get(`/api/v1/conversations?limit=100&q=${encodeURIComponent(q)}`)).body.items as { id: string }[]).map((x) => x.id);

for (const engine of engines) {
  describe(`search index on ${engine}`, await engineSuite(engine), () => {
    test('every message is searchable as soon as it is answered, newest text first, across a burst', async () => {
      const s = await startTestServer({ engine });
      try {
        const a = s.adminClient;
        const inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
        const convs = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            a.post(`/api/v1/inboxes/${inboxId}/conversations`, {
              contact: { email: `burst${i}@example.com` },
              body: `walrus number w${i}`,
            }),
          ),
        );
        assert.equal((await ids(a, 'walrus')).length, 40);
        // A reply to the oldest moves it to the front, and its words are found with the earlier ones.
        const oldest = (await ids(a, 'walrus')).at(-1)!;
        assert.equal((await a.post(`/api/v1/conversations/${oldest}/messages`, { kind: 'reply', body: 'a pelican answer' })).status, 201);
        assert.deepEqual(await ids(a, 'walrus pelican'), [oldest]);
        assert.equal((await ids(a, 'walrus'))[0], oldest);
        assert.ok(convs.every((c) => c.status === 201));
      } finally {
        await s.close();
      }
    });
  });
}

describe('SQLite search file', () => {
  test('a lost search file is rebuilt from the conversations on the next start, newest first, notes and replies included', async () => {
    const storage = await isolatedStorage('sqlite');
    try {
      let s = await startTestServer({ engine: 'sqlite', storage });
      const a = s.adminClient;
      const inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      const first = (
        await a.post(`/api/v1/inboxes/${inboxId}/conversations`, {
          contact: { email: 'olga@example.com', name: 'Olga Nyström' },
          body: 'the kettle leaks',
          subject: 'Kettle',
        })
      ).body;
      const second = (
        await a.post(`/api/v1/inboxes/${inboxId}/conversations`, {
          contact: { email: 'piet@example.com' },
          body: 'another kettle question',
        })
      ).body;
      await a.post(`/api/v1/conversations/${first.id}/messages`, { kind: 'reply', body: 'send us a photograph' });
      await a.post(`/api/v1/conversations/${second.id}/messages`, { kind: 'comment', body: 'internal tortoise remark' });
      await s.close();

      const files = fs.readdirSync(storage.dataDir).filter((f) => f.startsWith('switchboard.db-search'));
      assert.ok(files.length > 0, 'the index is a file of its own');
      for (const f of files) fs.rmSync(path.join(storage.dataDir, f));

      s = await startTestServer({ engine: 'sqlite', storage });
      const b = s.adminClient;
      try {
        // The rebuild runs on the worker; a search waits for the queue, so ask until it is there.
        let found: string[] = [];
        for (let i = 0; i < 100 && found.length < 2; i++) {
          found = await ids(b, 'kettle');
          if (found.length < 2) await new Promise((r) => setTimeout(r, 50));
        }
        // Rebuilt in the list's order: the reply made the first conversation the newest (a note does not count).
        assert.deepEqual(found, [first.id, second.id]);
        assert.deepEqual(await ids(b, 'nystrom photograph'), [first.id]);
        assert.deepEqual(await ids(b, 'tortoise'), [second.id]);
        // And it goes on indexing new text.
        await b.post(`/api/v1/conversations/${first.id}/messages`, { kind: 'reply', body: 'flamingo' });
        assert.deepEqual(await ids(b, 'flamingo kettle'), [first.id]);
      } finally {
        await s.close();
      }
    } finally {
      await storage.drop();
    }
  });
});
