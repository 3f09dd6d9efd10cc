/** The demo's steps: each a moment and the work done then, run in time order through the domain. */
import { finishJob } from '../db/job-queue.js';
import type { Ctx } from '../domain/context.js';
import { deliverMessageJob } from '../jobs/deliver-message.js';

export interface Step {
  at: number;
  n: number;
  keys: string[];
  run: (c: Ctx) => Promise<unknown>;
}
/** Steps in flight at once: their commits share disk syncs; steps that share a key run one after the other. */
const IN_FLIGHT = 8;

/** Runs the steps in time order, each with a context whose clock says its moment. */
export async function runSteps(ctx: Ctx, steps: Step[]): Promise<void> {
  const last = new Map<string, Promise<void>>();
  const running = new Set<Promise<void>>();
  let failed: { error: unknown } | null = null;
  for (const s of steps) {
    while (running.size >= IN_FLIGHT) await Promise.race(running);
    if (failed) break;
    const c: Ctx = { ...ctx, clock: () => new Date(s.at) };
    const p: Promise<void> = Promise.all(s.keys.map((k) => last.get(k)))
      .then(() => s.run(c))
      .then(() => undefined);
    for (const k of s.keys) last.set(k, p);
    const tracked = p.catch((error: unknown) => {
      failed ??= { error };
    });
    running.add(tracked);
    void tracked.then(() => running.delete(tracked));
  }
  await Promise.all(running);
  if (failed) throw (failed as { error: unknown }).error;
}

/** Plays the worker's part for the demo's own reply: the outbox job runs now, on the demo wire. */
export async function deliver(ctx: Ctx, messageId: string): Promise<void> {
  const job = await ctx.db.kysely.selectFrom('jobs').select('id').where('dedupe_key', '=', `deliver:${messageId}`).executeTakeFirst();
  if (!job) return;
  await deliverMessageJob.handle(ctx, { messageId });
  await finishJob(ctx.db, job.id);
}
