/** Daily (at 03:30 UTC): deletes the conversations closed longer ago than their inbox keeps them (`domain/retention.ts`). */
import { z } from 'zod';
import { jobKind } from '../db/job-queue.js';
import { applyRetention } from '../domain/retention.js';
import { defineJob } from './define.js';

export const RETENTION_JOB = jobKind('retention', z.object({}));

/** Next 03:30 UTC after `now`: every process computes the same time, so the run is queued once. */
export function nextRetention(now: Date): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 3, 30));
  if (at <= now) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

export const retentionJob = defineJob({
  ...RETENTION_JOB,
  schedule: nextRetention,
  async handle(ctx) {
    await applyRetention(ctx, ctx.clock?.() ?? new Date());
  },
});
