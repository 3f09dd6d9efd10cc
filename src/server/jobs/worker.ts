import type { Ctx } from '../domain/context.js';
import { claimJob, enqueue, type JobLane } from '../db/job-queue.js';
import { allJobs } from './all.js';
import type { JobDefinition } from './define.js';
import { runJob } from './run-job.js';

/**
 * Runs due jobs one at a time in each of two lanes: long work (`long` jobs: exports, imports) and
 * everything else, so a reply's delivery never waits behind an export; stops cleanly. Handlers: one
 * file per job in this folder (`all.ts`).
 */
export function startWorker(ctx: Ctx, pollMs = 1000, jobs: JobDefinition<any>[] = allJobs) {
  const byName = new Map(jobs.map((j) => [j.name, j]));
  const longKinds = jobs.filter((j) => j.long).map((j) => j.name);
  let stopped = false;
  // Recurring jobs: the next run queued now, and again each time one runs.
  const queueNext = async (def: JobDefinition<any>) => {
    const at = def.schedule!(new Date()).toISOString();
    await ctx.db.transaction((trx) => enqueue(trx, def, {}, { runAt: at, dedupeKey: `${def.name}@${at}` }));
  };
  const scheduled: Promise<void> = Promise.all(jobs.filter((j) => j.schedule).map((j) => queueNext(j).catch(() => undefined))).then(
    () => undefined,
  );
  const lane = (which?: JobLane) => {
    const tick = async () => {
      while (!stopped) {
        const job = await claimJob(ctx.db, undefined, which).catch(() => null);
        if (!job) return;
        const def = byName.get(job.kind);
        if (def?.schedule) await queueNext(def).catch(() => undefined);
        await runJob(ctx, def, job);
      }
    };
    // One pass at a time; a wake-up during a pass runs another right after it (jobs committed meanwhile).
    let running = scheduled;
    let passing = false;
    let again = false;
    const wake = () => {
      if (stopped) return;
      if (passing) {
        again = true;
        return;
      }
      passing = true;
      running = running.then(async () => {
        do {
          again = false;
          await tick();
        } while (again && !stopped);
        passing = false;
      });
    };
    return { wake, done: () => running };
  };
  const lanes = longKinds.length ? [lane({ kinds: longKinds, only: false }), lane({ kinds: longKinds, only: true })] : [lane()];
  const wake = () => lanes.forEach((l) => l.wake());
  const timer = setInterval(wake, pollMs);
  timer.unref();
  return {
    /** Committed work may be waiting (an event was published): look now rather than at the next poll. */
    wake,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.all(lanes.map((l) => l.done()));
    },
  };
}
