/**
 * A lost search index is rebuilt in the background (SQLite): meanwhile a search answers what is indexed
 * and says so (`searchIndex`), and admins see the rebuild's progress; once done, everything is found again.
 * PostgreSQL indexes in the writing transaction and never rebuilds.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { engineSuite, isolatedStorage } from '../support/engines.js';
import { Factory, testPassword } from '../support/factory.js';
import { startTestServer, type Client } from '../support/server.js';
import { waitFor } from '../email/support/mail.js';

const STATUS = '/api/v1/settings/search-index';
const search = (c: Client, q: string) => c.get(`/api/v1/conversations?limit=100&q=${encodeURIComponent(q)}`);

describe('search index rebuild on sqlite', () => {
  test('a search during a rebuild says the index is being built and how far; admins see the progress; then all is found', async () => {
    const storage = await isolatedStorage('sqlite');
    try {
      let s = await startTestServer({ engine: 'sqlite', storage });
      const f = new Factory(s);
      const agent = await f.user({ name: 'rebuildagent' });
      const inboxId = await f.defaultInbox();
      for (let i = 0; i < 7; i++) {
        const r = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/conversations`, {
          contact: { email: `heron${i}@example.com` },
          body: `a question about herons, number ${i}`,
        });
        assert.equal(r.status, 201);
      }
      assert.equal((await search(s.adminClient, 'herons')).body.items.length, 7);
      await s.close();
      for (const file of fs.readdirSync(storage.dataDir).filter((x) => x.startsWith('switchboard.db-search')))
        fs.rmSync(path.join(storage.dataDir, file));

      // Two conversations a slice, and the rebuild held after its first slice.
      const gate = new Int32Array(new SharedArrayBuffer(4));
      gate[0] = 1;
      s = await startTestServer({ engine: 'sqlite', storage, searchIndex: { rebuildSlice: 2, rebuildGate: gate } });
      try {
        const admin = s.adminClient;
        const status = await waitFor('the first slice', async () => {
          const r = await admin.get(STATUS);
          return r.body.building && r.body.done > 0 && r.body;
        });
        assert.deepEqual(status, { building: true, done: 2, total: 7 });

        const partial = await search(admin, 'herons');
        assert.equal(partial.status, 200);
        assert.deepEqual(partial.body.searchIndex, { building: true, done: 2, total: 7 });
        assert.equal(partial.body.items.length, 2, 'only what is indexed so far');
        // The list without a search does not depend on the index and says nothing about it.
        const list = await admin.get(`/api/v1/conversations?limit=100`);
        assert.equal(list.body.items.length, 7);
        assert.equal(list.body.searchIndex, undefined);

        const asAgent = await s.login(agent.email, testPassword(agent.name));
        assert.equal((await asAgent.get(STATUS)).status, 404, 'not for agents');
        assert.deepEqual((await search(asAgent, 'herons')).body.searchIndex, { building: true, done: 2, total: 7 });

        Atomics.store(gate, 0, -1);
        await waitFor('the rebuild to finish', async () => !(await admin.get(STATUS)).body.building);
        assert.deepEqual((await admin.get(STATUS)).body, { building: false });
        const full = await search(admin, 'herons');
        assert.equal(full.body.items.length, 7);
        assert.equal(full.body.searchIndex, undefined);
      } finally {
        await s.close();
      }
    } finally {
      await storage.drop();
    }
  });
});

describe('search index on postgres', await engineSuite('postgres'), () => {
  test('the index is never rebuilt: the status says not building and a search says nothing about it', async () => {
    const s = await startTestServer({ engine: 'postgres' });
    try {
      const f = new Factory(s);
      const inboxId = await f.defaultInbox();
      await s.adminClient.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: 'egret@example.com' }, body: 'egrets' });
      assert.deepEqual((await s.adminClient.get(STATUS)).body, { building: false });
      const found = await search(s.adminClient, 'egrets');
      assert.equal(found.body.items.length, 1);
      assert.equal(found.body.searchIndex, undefined);
      const agent = await f.user();
      assert.equal((await agent.client.get(STATUS)).status, 404);
    } finally {
      await s.close();
    }
  });
});
