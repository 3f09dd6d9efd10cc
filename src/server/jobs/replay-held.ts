import { continueHeldReplay, REPLAY_JOB, replayHeld, type ReplayPayload } from '../channels/email/held.js';
import { write, type Ctx } from '../domain/context.js';
import { defineJob } from './define.js';

/** How long one run replays before handing over to a new job, so replies and routing are not held up behind it. */
const BUDGET_MS = 10_000;

/**
 * `replay-held`: replays the mail a channel kept aside while it was off (queued when it is switched
 * on). A run that hits its time budget queues the next part; the last one tells open settings pages.
 */
async function replayHeldRun(ctx: Ctx, payload: ReplayPayload): Promise<void> {
  const { more } = await replayHeld(ctx, ctx.mail, payload.channelId, BUDGET_MS);
  if (more) return continueHeldReplay(ctx, payload);
  const channel = await ctx.db.kysely.selectFrom('channels').select(['inbox_id']).where('id', '=', payload.channelId).executeTakeFirst();
  if (channel)
    await write(ctx, async (w) =>
      w.emit({ type: 'inbox.updated', inboxId: channel.inbox_id, payload: { inboxId: channel.inbox_id, channelId: payload.channelId } }),
    );
}

export const replayHeldJob = defineJob({ ...REPLAY_JOB, handle: replayHeldRun });
