/** An inbox's business hours changed: its report facts' business time is counted again (calendar time stays). */
import { RECOUNT_BUSINESS_TIME_JOB } from '../domain/business-hours.js';
import { recountBusinessTime } from '../reports/rebuild.js';
import { dropRollups, rollUp } from '../reports/rollups.js';
import { defineJob } from './define.js';

export const recountBusinessTimeJob = defineJob({
  ...RECOUNT_BUSINESS_TIME_JOB,
  async handle(ctx, { inboxId }) {
    await recountBusinessTime(ctx, inboxId);
    // The rollups hold business time too: made again from the facts (the hours change seldom).
    await dropRollups(ctx);
    await rollUp(ctx);
  },
});
