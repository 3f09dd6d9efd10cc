/**
 * Every hour (at :10, UTC): the report rollups of the days that are over and of the months whose days
 * all are (`reports/rollups.ts`), up to a year of days a run, so a first run on a large history is spread out.
 */
import { z } from 'zod';
import { jobKind } from '../db/job-queue.js';
import { rollUp } from '../reports/rollups.js';
import { defineJob } from './define.js';

export const ROLL_UP_REPORTS_JOB = jobKind('roll-up-reports', z.object({}));

export function nextRollUp(now: Date): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), now.getUTCHours(), 10));
  if (at <= now) at.setUTCHours(at.getUTCHours() + 1);
  return at;
}

export const rollUpReportsJob = defineJob({
  ...ROLL_UP_REPORTS_JOB,
  schedule: nextRollUp,
  async handle(ctx) {
    await rollUp(ctx, { maxDays: 366 });
  },
});
