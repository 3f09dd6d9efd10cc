/**
 * DATABASE_READ_URL against a real streaming replica (test/support/replica.ts): lists, counts and
 * searches read the replica, a user's own writes stay visible to them at once, and reads go to the
 * primary while the replica is down.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isolatedStorage, missing } from '../support/engines.js';
import { Factory, type TestUser } from '../support/factory.js';
import { replicaMissing, startReplicaPair, type ReplicaPair } from '../support/replica.js';
import { Client, startTestServer, type TestServer } from '../support/server.js';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
const skip = replicaMissing();

/** Storage on the pair's primary: its own database, not a schema of the shared test server. */
function onPrimary(pair: ReplicaPair) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-test-'));
  return { dataDir, databaseUrl: pair.primaryUrl, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

describe('read replica (DATABASE_READ_URL)', skip ? { skip } : {}, () => {
  let pair: ReplicaPair;
  let s: TestServer;
  let f: Factory;
  let agent: TestUser;
  let other: TestUser;
  let inboxId: string;
  const listIds = async (c: Client, q = '') => {
    const r = await c.get(`/api/v1/conversations?inboxId=${inboxId}&view=all${q}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return (r.body.items as { id: string }[]).map((i) => i.id);
  };
  const allCount = async (c: Client) => (await c.get(`/api/v1/views?inboxId=${inboxId}`)).body.all as number;
  const lag = async () => {
    const r = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const m = /^switchboard_read_replica_lag_bytes (\S+)$/m.exec(await r.text());
    assert.ok(m, 'the replica lag gauge is shown');
    return Number(m[1]);
  };

  before(async () => {
    pair = await startReplicaPair();
    s = await startTestServer({
      engine: 'postgres',
      storage: onPrimary(pair),
      env: { DATABASE_READ_URL: pair.replicaUrl, METRICS_TOKEN },
    });
    f = new Factory(s);
    inboxId = await f.defaultInbox();
    agent = await f.user({ name: `agent${f.uniq()}` });
    other = await f.user({ name: `other${f.uniq()}` });
    await pair.caughtUp();
  });
  after(async () => {
    await s?.close();
    await pair?.close();
  });

  test("an agent's new conversations and replies show in their own list and counts at once, even while the replica lags", async () => {
    await pair.pauseReplay();
    try {
      for (let i = 0; i < 5; i++) {
        const before = await allCount(agent.client);
        const c = await f.conversation({ as: agent.client, body: `order ${i} is late` });
        assert.ok((await listIds(agent.client)).includes(c.id), `conversation ${i} is in the list`);
        assert.equal(await allCount(agent.client), before + 1);
        await f.message(c.id, { as: agent.client, body: `reply marker${i}x` });
        const row = (await agent.client.get(`/api/v1/conversations?inboxId=${inboxId}&view=all`)).body.items[0];
        assert.equal(row.id, c.id);
        assert.match(row.preview, new RegExp(`marker${i}x`));
        assert.deepEqual(await listIds(agent.client, `&q=marker${i}x`), [c.id], 'search finds the reply');
      }
    } finally {
      await pair.resumeReplay();
    }
  });

  test('while replay is held, another user who wrote nothing reads the replica: the new conversation shows once it is replayed', async () => {
    await pair.caughtUp();
    await pair.pauseReplay();
    let c: { id: string };
    try {
      c = await f.conversation({ as: agent.client, body: 'held back' });
      assert.ok((await listIds(agent.client)).includes(c.id));
      assert.ok(!(await listIds(other.client)).includes(c.id), 'the other user reads the replica, which has not replayed it');
      assert.ok(!(await listIds(other.client, '&q=held')).includes(c.id));
      assert.ok((await lag()) > 0, 'the lag gauge shows WAL waiting to be replayed');
    } finally {
      await pair.resumeReplay();
    }
    await pair.caughtUp();
    assert.ok((await listIds(other.client)).includes(c.id));
    assert.ok((await listIds(other.client, '&q=held')).includes(c.id));
  });

  test('with the replica stopped, lists, counts and reports answer from the primary', async () => {
    const c = await f.conversation({ as: agent.client, body: 'while the replica is down' });
    await pair.stopReplica();
    try {
      assert.ok((await listIds(other.client)).includes(c.id));
      assert.ok((await listIds(agent.client)).includes(c.id));
      assert.ok((await allCount(other.client)) > 0);
      const report = await s.adminClient.get('/api/v1/reports/volume');
      assert.equal(report.status, 200, JSON.stringify(report.body));
      assert.equal(await lag(), -1, 'the gauge says the replica does not answer');
      const later = await f.conversation({ as: agent.client, body: 'written while it is down' });
      assert.ok((await listIds(other.client)).includes(later.id));
    } finally {
      await pair.startReplica();
    }
  });
});

describe('read replica with several processes (Redis)', skip ? { skip } : await missingRedis(), () => {
  let pair: ReplicaPair;
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    pair = await startReplicaPair();
    const redisPrefix = `rr${randomBytes(4).toString('hex')}`;
    // Processes sharing a database share its secrets key.
    const env = { DATABASE_READ_URL: pair.replicaUrl, SECRET_KEY: randomBytes(32).toString('base64') };
    a = await startTestServer({ engine: 'postgres', storage: onPrimary(pair), redis: true, redisPrefix, env });
    b = await startTestServer({ engine: 'postgres', storage: onPrimary(pair), redis: true, redisPrefix, env });
    await pair.caughtUp();
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await pair?.close();
  });

  test('a conversation written through one process shows at once in the same agent’s list from another', async () => {
    const inboxId = (await a.adminClient.get('/api/v1/inboxes')).body.items[0].id as string;
    const onB = new Client(b.url);
    onB.cookie = a.adminClient.cookie;
    await pair.pauseReplay();
    try {
      for (let i = 0; i < 3; i++) {
        const r = await a.adminClient.post(`/api/v1/inboxes/${inboxId}/conversations`, {
          contact: { email: `p${i}@example.com` },
          body: 'hi',
        });
        assert.equal(r.status, 201);
        const list = await onB.get(`/api/v1/conversations?inboxId=${inboxId}&view=all`);
        assert.ok(
          list.body.items.some((c: { id: string }) => c.id === r.body.id),
          `conversation ${i} shows through the other process`,
        );
      }
    } finally {
      await pair.resumeReplay();
    }
  });
});

async function missingRedis(): Promise<{ skip?: string }> {
  const why = await missing('redis');
  return why ? { skip: why } : {};
}

describe('DATABASE_READ_URL configuration', () => {
  const refused = async (url: string, message: RegExp) => {
    const storage = await isolatedStorage('sqlite');
    try {
      await assert.rejects(startTestServer({ engine: 'sqlite', storage, env: { DATABASE_READ_URL: url } }), message);
    } finally {
      await storage.drop();
    }
  };
  test('with SQLite (no DATABASE_URL) the server does not start, naming the variable', () =>
    refused('postgres://postgres@127.0.0.1:5433/switchboard', /DATABASE_READ_URL: a read replica needs PostgreSQL/));
  test('a replica URL that is not postgres:// is refused, naming the variable', () =>
    refused('mysql://replica/switchboard', /DATABASE_READ_URL: must start with postgres:\/\//));
});
