/**
 * The worker runs typed jobs: a payload is checked against its job's schema; one that does not match
 * fails at once, never retried; long jobs run in a lane of their own.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { enqueue, jobKind } from '../../src/server/db/job-queue.js';
import { migrate } from '../../src/server/db/migrate.js';
import { createCtx, type Ctx } from '../../src/server/domain/context.js';
import { EventBus } from '../../src/server/events/bus.js';
import { defineJob } from '../../src/server/jobs/define.js';
import { startWorker } from '../../src/server/jobs/worker.js';
import { openDatabase } from '../../src/server/db/open.js';
import { Secrets } from '../../src/server/secrets.js';
import { engines, engineSuite, isolatedStorage } from '../support/engines.js';

const ECHO = jobKind('test-echo', z.object({ n: z.number(), note: z.string().optional() }));

for (const engine of engines) {
  describe(`job worker on ${engine}`, await engineSuite(engine), () => {
    let storage: Awaited<ReturnType<typeof isolatedStorage>>;
    let ctx: Ctx;
    let worker: { stop(): Promise<void> };
    const seen: unknown[] = [];
    const echo = defineJob({
      ...ECHO,
      async handle(_ctx, p) {
        if (p.note === 'throw') throw new Error('not yet');
        seen.push(p);
      },
    });

    before(async () => {
      storage = await isolatedStorage(engine);
      const db = openDatabase({ databaseUrl: storage.databaseUrl, dataDir: storage.dataDir }, storage.schema);
      await migrate(db);
      ctx = createCtx({
        db,
        bus: new EventBus(db),
        secrets: new Secrets(randomBytes(32), 'test'),
        mail: { filesDir: storage.dataDir, mailDomain: 'example.com', maxMessageBytes: 1024 },
      });
      worker = startWorker(ctx, 20, [echo]);
    });
    after(async () => {
      await worker.stop();
      await ctx.db.close();
      await storage.drop();
    });

    const queue = (payload: unknown, key: string) => ctx.db.transaction((trx) => enqueue(trx, ECHO, payload as never, { dedupeKey: key }));
    /** The job's row once the worker has taken it up (no longer pending with no attempts). */
    async function settled(key: string) {
      for (let i = 0; i < 500; i++) {
        const j = await ctx.db.kysely.selectFrom('jobs').selectAll().where('dedupe_key', '=', key).executeTakeFirstOrThrow();
        if (j.status === 'done' || j.status === 'failed' || (j.status === 'pending' && j.attempts > 0)) return j;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`job ${key} was never run`);
    }

    test('a payload that matches its schema reaches the handler', async () => {
      await queue({ n: 7 }, 'good');
      const j = await settled('good');
      assert.equal(j.status, 'done');
      assert.deepEqual(seen, [{ n: 7 }]);
    });

    test('a payload that does not match fails at once, saying what is wrong, and is not retried', async () => {
      await queue({ n: 'seven' }, 'bad');
      const j = await settled('bad');
      assert.equal(j.status, 'failed');
      assert.equal(j.attempts, 1);
      assert.match(j.last_error ?? '', /test-echo job does not match its schema: n: /);
      assert.equal(seen.length, 1, 'the handler never saw it');
    });

    test('a handler that throws is retried later, as before', async () => {
      await queue({ n: 1, note: 'throw' }, 'later');
      const j = await settled('later');
      assert.equal(j.status, 'pending');
      assert.equal(j.attempts, 1);
      assert.equal(j.last_error, 'not yet');
    });

    test('woken, a worker that polls once an hour runs a committed job at once', async () => {
      // Only this worker: the quick-polling one is stopped, so nothing else could run the job.
      await worker.stop();
      const slow = startWorker(ctx, 3_600_000, [echo]);
      try {
        await queue({ n: 42 }, 'woken');
        slow.wake();
        assert.equal((await settled('woken')).status, 'done');
        assert.ok(seen.some((p) => (p as { n: number }).n === 42));
      } finally {
        await slow.stop();
      }
    });

    test('a long job (an export, an import) runs in a lane of its own: other jobs do not wait behind it', async () => {
      const LONG = jobKind('test-long', z.object({}));
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let started = false;
      const long = defineJob({
        ...LONG,
        long: true,
        async handle() {
          started = true;
          await released;
        },
      });
      const w = startWorker(ctx, 20, [echo, long]);
      try {
        await ctx.db.transaction((trx) => enqueue(trx, LONG, {}, { dedupeKey: 'long' }));
        for (let i = 0; i < 250 && !started; i++) await new Promise((r) => setTimeout(r, 20));
        assert.ok(started, 'the long job runs');
        await queue({ n: 99 }, 'behind-long');
        assert.equal((await settled('behind-long')).status, 'done', 'done while the long job still runs');
        const longRow = await ctx.db.kysely.selectFrom('jobs').select('status').where('dedupe_key', '=', 'long').executeTakeFirstOrThrow();
        assert.equal(longRow.status, 'running');
      } finally {
        release();
        await w.stop();
      }
    });
  });
}
