import { z } from 'zod';
import { jobKind } from '../db/job-queue.js';
import { queueDueNotificationEmails } from '../domain/notification-email.js';
import { defineJob } from './define.js';

/**
 * Every minute: due email notifications become one queued mail per user (`domain/notification-email.ts`).
 * One recurring job rather than a delayed job per notification: batching per user falls out of it, a
 * changed delay or a read notification needs no job to be found and moved, and the work per run is bounded.
 */
export const NOTIFY_EMAILS_JOB = jobKind('notification-emails', z.object({}));

/** The next whole minute after `now`: every process computes the same time, so each run is queued once. */
export function nextMinute(now: Date): Date {
  return new Date((Math.floor(now.getTime() / 60_000) + 1) * 60_000);
}

export const notificationEmailsJob = defineJob({
  ...NOTIFY_EMAILS_JOB,
  schedule: nextMinute,
  async handle(ctx) {
    await queueDueNotificationEmails(ctx);
  },
});
