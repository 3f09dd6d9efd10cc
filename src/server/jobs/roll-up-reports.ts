/**
 * Every five minutes (at :03, :08, …): the report rollups of the days that are over and of the months
 * whose days all are (`reports/rollups.ts`), up to a year of days a run, so a first run on a large
 * history is spread out; and the running day, summed up to the last five minutes.
 */
import { z } from 'zod';
import { jobKind } from '../db/job-queue.js';
import { rollUp } from '../reports/rollups.js';
import { defineJob } from './define.js';

export const ROLL_UP_REPORTS_JOB = jobKind('roll-up-reports', z.object({}));

const STEP = 5 * 60_000;

export function nextRollUp(now: Date): Date {
  // Three minutes past each five: a minute after the running day's next step (two minutes behind the clock).
  const at = Math.floor(now.getTime() / STEP) * STEP + 3 * 60_000;
  return new Date(at > now.getTime() ? at : at + STEP);
}

export const rollUpReportsJob = defineJob({
  ...ROLL_UP_REPORTS_JOB,
  schedule: nextRollUp,
  async handle(ctx) {
    await rollUp(ctx, { maxDays: 366 });
  },
});
