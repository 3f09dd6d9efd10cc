/**
 * Round robin is fair under concurrency: 1,000 conversations at once to a channel with 5 eligible
 * agents give each 200 (± 1). On both engines (with two workers in one process), and with two
 * real server processes on one PostgreSQL schema and Redis.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { recordInbound } from '../../src/server/domain/inbound.js';
import { startWorker } from '../../src/server/jobs/worker.js';
import { engines, engineSuite, isolatedStorage, missing, PG_URL, REDIS_URL } from '../support/engines.js';
import { startServerProcess, type ServerProcess } from '../support/process.js';
import { Client, startTestServer, type TestServer } from '../support/server.js';
import { jobsDone } from '../support/jobs.js';

const N = 1000;
const AGENTS = 5;

async function makeAgents(a: Client): Promise<{ ids: string[]; teamId: string; apiChannelId: string; inboxId: string }> {
  const ids: string[] = [];
  for (let i = 0; i < AGENTS; i++)
    ids.push(
      (await a.post('/api/v1/users', { email: `fair${i}@example.com`, name: `Fair ${i}`, role: 'agent', password: 'password-fair' })).body
        .id,
    );
  // Ineligible ones the rule must skip every time.
  const away = (await a.post('/api/v1/users', { email: 'fair-away@example.com', name: 'Away', role: 'agent', password: 'password-fair' }))
    .body.id;
  await a.patch(`/api/v1/users/${away}`, { availability: 'away' });
  const noSeat = (
    await a.post('/api/v1/users', {
      email: 'fair-noseat@example.com',
      name: 'No seat',
      role: 'agent',
      paidSeat: false,
      password: 'password-fair',
    })
  ).body.id;
  const teamId = (await a.post('/api/v1/teams', { name: 'Fair', userIds: [...ids, away, noSeat] })).body.id;
  const inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
  const apiChannelId = (await a.get(`/api/v1/inboxes/${inboxId}/channels`)).body.items.find((c: any) => c.kind === 'api').id;
  const r = await a.patch(`/api/v1/channels/${apiChannelId}`, { routing: { mode: 'specific', teamIds: [teamId] } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return { ids, teamId, apiChannelId, inboxId };
}

function assertFair(counts: Map<string, number>, ids: string[], label: string) {
  const got = ids.map((id) => counts.get(id) ?? 0);
  console.log(`# fairness ${label}: ${got.join(', ')} (unassigned ${counts.get('') ?? 0})`);
  assert.equal(counts.get('') ?? 0, 0, 'every conversation assigned');
  assert.equal([...counts.keys()].filter((k) => k && !ids.includes(k)).length, 0, 'only eligible agents');
  for (const n of got) assert.ok(Math.abs(n - N / AGENTS) <= 1, `${label}: ${got.join(', ')}`);
}

for (const engine of engines) {
  describe(`round robin fairness on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let extraWorker: { stop(): Promise<void> } | undefined;
    before(async () => {
      s = await startTestServer({ engine });
    });
    after(async () => {
      await extraWorker?.stop();
      await s?.close();
    });

    test(`${N} conversations at once, ${AGENTS} eligible agents, two workers`, { timeout: 240_000 }, async () => {
      const { ids, apiChannelId } = await makeAgents(s.adminClient);
      extraWorker = startWorker(s.running.ctx, 50);
      const ctx = s.running.ctx;
      const t0 = Date.now();
      await Promise.all(
        Array.from({ length: N }, (_, i) =>
          recordInbound(ctx, { channelId: apiChannelId, contact: { email: `load${i}@example.com` }, text: `hello ${i}` }),
        ),
      );
      const t1 = Date.now();
      await jobsDone(s, 200_000);
      const t2 = Date.now();
      console.log(`# ${engine}: ${N} inbound in ${t1 - t0} ms, routed in ${t2 - t1} ms`);
      const rows = await ctx.db.kysely.selectFrom('conversations').select(['assignee_id']).where('channel_id', '=', apiChannelId).execute();
      assert.equal(rows.length, N);
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(r.assignee_id ?? '', (counts.get(r.assignee_id ?? '') ?? 0) + 1);
      assertFair(counts, ids, engine);
    });
  });
}

const skip = (await missing('postgres')) ?? (await missing('redis'));

describe('round robin fairness with two server processes on PostgreSQL', skip ? { skip } : { timeout: 300_000 }, () => {
  const procs: ServerProcess[] = [];
  let storage: Awaited<ReturnType<typeof isolatedStorage>>;
  let urls: string[] = [];
  before(async () => {
    storage = await isolatedStorage('postgres');
    const env = {
      DATABASE_URL: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${storage.schema}`)}`,
      REDIS_URL,
      DATA_DIR: storage.dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      SMTP_PORT: 'off',
      LOG_LEVEL: 'silent',
      ADMIN_EMAIL: 'admin@example.com',
      ADMIN_PASSWORD: 'admin-password-1',
    };
    const a = await startServerProcess(env);
    procs.push(a);
    const b = await startServerProcess(env);
    procs.push(b);
    urls = [a.url, b.url];
  });
  after(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await storage?.drop();
  });

  test(`${N} conversations through both processes, ${AGENTS} eligible agents`, { timeout: 300_000 }, async () => {
    const clients = await Promise.all(
      urls.map(async (u) => {
        const c = new Client(u);
        assert.equal((await c.post('/api/v1/auth/login', { email: 'admin@example.com', password: 'admin-password-1' })).status, 200);
        return c;
      }),
    );
    const { ids, inboxId, apiChannelId } = await makeAgents(clients[0]!);
    let next = 0;
    const t0 = Date.now();
    // 50 requests in flight at a time, alternating between the processes.
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < N) {
          const i = next++;
          const r = await clients[i % 2]!.post(`/api/v1/inboxes/${inboxId}/conversations`, {
            contact: { email: `mp${i}@example.com` },
            body: `hi ${i}`,
          });
          assert.equal(r.status, 201);
        }
      }),
    );
    const db = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${storage.schema}` });
    await db.connect();
    try {
      const end = Date.now() + 240_000;
      let pending = N;
      while (Date.now() < end) {
        pending = Number(
          (await db.query(`select count(*) as n from jobs where kind = 'route-conversation' and status in ('pending', 'running')`)).rows[0]
            .n,
        );
        if (pending === 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      assert.equal(pending, 0, 'routing jobs finished');
      console.log(`# two processes: ${N} conversations posted and routed in ${Date.now() - t0} ms`);
      const byWorker = (await db.query(`select count(*) as n from jobs where kind = 'route-conversation' and status = 'done'`)).rows[0].n;
      assert.equal(Number(byWorker), N);
      const rows = (await db.query(`select assignee_id from conversations where channel_id = $1`, [apiChannelId])).rows as {
        assignee_id: string | null;
      }[];
      assert.equal(rows.length, N);
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(r.assignee_id ?? '', (counts.get(r.assignee_id ?? '') ?? 0) + 1);
      assertFair(counts, ids, 'two processes on postgres');
    } finally {
      await db.end();
    }
  });
});
