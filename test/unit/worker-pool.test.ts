/** The worker pool (the parse workers' and others'): resized or given other heap limits while it runs, no job is lost. */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { WorkerPool } from '../../src/server/worker-pool.js';
import type { ParseJob } from '../../src/server/channels/email/parse-pool.js';
import type { ParsedEmail } from '../../src/server/channels/email/parse.js';

const pool = new WorkerPool<ParseJob, ParsedEmail>(new URL('../../src/server/channels/email/parse-worker.ts', import.meta.url), {
  size: 2,
  timeoutMs: 20_000,
});
after(() => pool.close());

const mail = (i: number) => ({ raw: Buffer.from(`From: a@example.org\r\nTo: b@example.org\r\nSubject: number ${i}\r\n\r\nbody ${i}\r\n`) });

test('a pool made smaller and given heap limits while jobs run: every job is answered, and the extra worker leaves', async () => {
  pool.start();
  assert.equal(pool.workers, 2);
  const first = Array.from({ length: 6 }, (_, i) => pool.run(mail(i)));
  // As `switchboard import` does before it starts: one worker, a small young generation.
  pool.start({ size: 1, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  const second = Array.from({ length: 6 }, (_, i) => pool.run(mail(6 + i)));
  const subjects = (await Promise.all([...first, ...second])).map((m) => m.subject);
  assert.deepEqual(
    subjects,
    Array.from({ length: 12 }, (_, i) => `number ${i}`),
  );
  assert.equal(pool.workers, 1);
  pool.start({ size: 2 });
  assert.equal(pool.workers, 2);
  assert.equal((await pool.run(mail(12))).subject, 'number 12');
});

test('a pool configured before it runs starts no worker until its first job, then the configured number', async () => {
  const lazy = new WorkerPool<ParseJob, ParsedEmail>(new URL('../../src/server/channels/email/parse-worker.ts', import.meta.url), {
    size: 3,
    timeoutMs: 20_000,
  });
  try {
    // As `switchboard import` does: big messages only go to a worker, and there may be none.
    lazy.configure({ size: 1, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    assert.equal(lazy.workers, 0);
    assert.equal((await lazy.run(mail(1))).subject, 'number 1');
    assert.equal(lazy.workers, 1);
  } finally {
    await lazy.close();
  }
});
