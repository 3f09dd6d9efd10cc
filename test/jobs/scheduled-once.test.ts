/**
 * Recurring jobs (housekeeping, the report roll-up, notification mail) run once per scheduled time
 * however many worker processes there are: each run is a row whose dedupe key holds its time, and one
 * worker claims it. Two workers on one PostgreSQL schema, with a job due every 100 ms.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { jobKind } from '../../src/server/db/job-queue.js';
import { migrate } from '../../src/server/db/migrate.js';
import { openDatabase } from '../../src/server/db/open.js';
import { createCtx, type Ctx } from '../../src/server/domain/context.js';
import { EventBus } from '../../src/server/events/bus.js';
import { defineJob } from '../../src/server/jobs/define.js';
import { startWorker } from '../../src/server/jobs/worker.js';
import { Secrets } from '../../src/server/secrets.js';
import { isolatedStorage, missing } from '../support/engines.js';
import { waitFor } from '../email/support/mail.js';

const TICK = jobKind('test-tick', z.object({}));
const skip = await missing('postgres');

describe('a recurring job with two workers on PostgreSQL', skip ? { skip } : {}, () => {
  let storage: Awaited<ReturnType<typeof isolatedStorage>>;
  const ctxs: Ctx[] = [];
  const runs: string[] = [];

  before(async () => {
    storage = await isolatedStorage('postgres');
    for (let i = 0; i < 2; i++) {
      const db = openDatabase({ databaseUrl: storage.databaseUrl, dataDir: storage.dataDir }, storage.schema);
      await migrate(db);
      ctxs.push(
        createCtx({
          db,
          bus: new EventBus(db),
          secrets: new Secrets(randomBytes(32), 'test'),
          mail: { filesDir: storage.dataDir, mailDomain: 'example.com', maxMessageBytes: 1024 },
        }),
      );
    }
  });
  after(async () => {
    for (const c of ctxs) await c.db.close();
    await storage?.drop();
  });

  test('every scheduled run is queued once and run by one worker', async () => {
    const tick = (name: string) =>
      defineJob({
        ...TICK,
        // The next tenth of a second: both workers compute the same time, hence the same row.
        schedule: (now) => new Date(Math.ceil((now.getTime() + 1) / 100) * 100),
        async handle(ctx) {
          await ctx.db.kysely.selectFrom('jobs').select('id').limit(1).execute();
          runs.push(name);
        },
      });
    const workers = [startWorker(ctxs[0]!, 10, [tick('A')]), startWorker(ctxs[1]!, 10, [tick('B')])];
    try {
      await waitFor('30 runs', () => runs.length >= 30, 60_000);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const rows = await ctxs[0]!.db.kysely
      .selectFrom('jobs')
      .select(['dedupe_key', 'status', 'attempts'])
      .where('kind', '=', 'test-tick')
      .execute();
    const done = rows.filter((r) => r.status === 'done');
    assert.equal(runs.length, done.length, `runs ${runs.length} (A ${runs.filter((r) => r === 'A').length}), rows done ${done.length}`);
    assert.ok(
      done.every((r) => r.attempts === 1),
      'each claimed once',
    );
    assert.equal(new Set(rows.map((r) => r.dedupe_key)).size, rows.length, 'one row per scheduled time');
  });
});
