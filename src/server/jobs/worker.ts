import type { Ctx } from '../domain/context.js';
import { decodeJson } from '../db/json.js';
import { claimJob, enqueue, failJob, finishJob, holdJob } from '../db/job-queue.js';
import { allJobs } from './all.js';
import type { JobDefinition } from './define.js';
import { isHeld } from './deliver-message.js';
import { metrics } from '../metrics.js';

/** A payload that does not match its job's schema: it can never succeed, so it is failed at once. */
class BadPayload extends Error {}

/** Runs due jobs one at a time; stops cleanly. Handlers: one file per job in this folder (`all.ts`). */
export function startWorker(ctx: Ctx, pollMs = 1000, jobs: JobDefinition<any>[] = allJobs) {
  const byName = new Map(jobs.map((j) => [j.name, j]));
  let stopped = false;
  // Recurring jobs: the next run queued now, and again each time one runs.
  const queueNext = async (def: JobDefinition<any>) => {
    const at = def.schedule!(new Date()).toISOString();
    await ctx.db.transaction((trx) => enqueue(trx, def, {}, { runAt: at, dedupeKey: `${def.name}@${at}` }));
  };
  let running: Promise<void> = Promise.all(jobs.filter((j) => j.schedule).map((j) => queueNext(j).catch(() => undefined))).then(
    () => undefined,
  );
  const tick = async () => {
    while (!stopped) {
      const job = await claimJob(ctx.db).catch(() => null);
      if (!job) return;
      const def = byName.get(job.kind);
      try {
        if (!def) throw new Error(`No handler for job kind ${job.kind}`);
        if (def.schedule) await queueNext(def);
        const parsed = def.payload.safeParse(decodeJson(job.payload, {}));
        if (!parsed.success)
          throw new BadPayload(
            `The payload of this ${job.kind} job does not match its schema: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ')}`,
          );
        await def.handle(ctx, parsed.data);
        await finishJob(ctx.db, job.id);
      } catch (err) {
        const error = String((err as Error).message ?? err);
        if (isHeld(err)) await holdJob(ctx.db, job, error).catch(() => undefined);
        else {
          const final = await failJob(ctx.db, job, error, { final: err instanceof BadPayload }).catch(() => false);
          metrics.jobFailures.inc({ kind: job.kind, final: String(final) });
        }
      }
    }
  };
  const timer = setInterval(() => {
    running = running.then(tick);
  }, pollMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
