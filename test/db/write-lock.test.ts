import assert from 'node:assert/strict';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, test } from 'node:test';
import { searchFileOf } from '../../src/server/db/search-store.js';
import { isolatedStorage } from '../support/engines.js';
import { startTestServer, type Client } from '../support/server.js';

/** A server on SQLite storage of its own, and another connection to one of its files (`fileOf` the main database). */
async function withOtherConnection(
  fileOf: (db: string) => string,
  fn: (a: Client, inboxId: string, other: SQLite.Database) => Promise<void>,
) {
  const storage = await isolatedStorage('sqlite');
  const s = await startTestServer({ engine: 'sqlite', storage });
  const other = new SQLite(fileOf(path.join(storage.dataDir, 'switchboard.db')));
  try {
    const inboxId = (await s.adminClient.get('/api/v1/inboxes')).body.items[0].id;
    await fn(s.adminClient, inboxId, other);
  } finally {
    other.close();
    await s.close();
    await storage.drop();
  }
}

const found = async (a: Client, word: string) =>
  ((await a.get(`/api/v1/conversations?limit=10&q=${encodeURIComponent(word)}`)).body.items as { id: string }[]).map((c) => c.id);

// SQLite has one writer at a time; the checkpointer takes the write lock too. A request that has
// to write while another connection holds the lock waits for it without stopping the server.
describe('SQLite write lock held elsewhere', () => {
  test('a write waits for the lock while the server keeps answering, then succeeds', () =>
    withOtherConnection(
      (db) => db,
      async (a, inboxId, other) => {
        other.prepare('begin immediate').run();
        let released = false;
        const writing = a.post(`/api/v1/inboxes/${inboxId}/conversations`, {
          contact: { email: 'waiting@example.com' },
          body: 'written once the lock is free',
        });
        // This process holds the lock itself: a server blocked inside SQLite's busy handler could
        // neither answer the read below nor ever let the lock go.
        const read = await a.get('/api/v1/inboxes');
        assert.equal(read.status, 200);
        assert.equal(released, false);
        await new Promise((r) => setTimeout(r, 200));
        other.prepare('commit').run();
        released = true;
        const w = await writing;
        assert.equal(w.status, 201);
        assert.deepEqual(await found(a, 'lock'), [w.body.id]);
      },
    ));

  // The search worker holds the search file's write lock while it commits (and syncs) a batch.
  // Writes to the conversations never wait for it: the writing connection does not attach that file.
  test('a write goes through while the search index is being written', () =>
    withOtherConnection(searchFileOf, async (a, inboxId, indexer) => {
      indexer.prepare('begin immediate').run();
      const w = await a.post(`/api/v1/inboxes/${inboxId}/conversations`, {
        contact: { email: 'meanwhile@example.com' },
        body: 'stored while the index is busy',
      });
      assert.equal(w.status, 201);
      assert.equal(indexer.inTransaction, true);
      indexer.prepare('commit').run();
      assert.deepEqual(await found(a, 'meanwhile'), [w.body.id]);
    }));
});
