import { z } from 'zod';
import { jobKind } from '../db/job-queue.js';
import { trimOldRows } from '../db/housekeeping.js';
import type { Retention } from '../config.js';
import type { Ctx } from '../domain/context.js';
import { REPLAY_LIMIT } from '../realtime/stream.js';
import { expireExports } from '../export/archives.js';
import { expireUnusedUploads } from '../import/uploads.js';
import { defineJob } from './define.js';

export const HOUSEKEEPING_JOB = jobKind('housekeeping', z.object({}));

/** The KEEP_*_DAYS defaults (config.ts), for a context built without them (CLI commands, tests). */
export const DEFAULT_RETENTION: Retention = { eventsDays: 30, jobsDays: 14, expiredSessionsDays: 0, loginAttemptsDays: 1 };

/** Next 03:00 UTC after `now`: every process computes the same time, so the run is queued once. */
export function nextHousekeeping(now: Date): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 3));
  if (at <= now) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

/** Daily: trims old events, finished jobs, expired sessions and failed logins (how long each stays: KEEP_*_DAYS). */
export async function runHousekeeping(ctx: Ctx, now = new Date()) {
  // A resume further behind than the replay limit gets `reset` anyway; one more than that always stays, so a
  // resume from a deleted event is always further behind than the limit (and reset), never silently short.
  return trimOldRows(ctx.db, { ...(ctx.retention ?? DEFAULT_RETENTION), keepNewestEvents: REPLAY_LIMIT + 1 }, now);
}

export const housekeepingJob = defineJob({
  ...HOUSEKEEPING_JOB,
  schedule: nextHousekeeping,
  async handle(ctx) {
    await runHousekeeping(ctx);
    await expireExports(ctx);
    await expireUnusedUploads(ctx);
  },
});
