import { z } from 'zod';
import fs from 'node:fs';
import type { HeldReplayProgress } from '../../../common/api.js';
import type { Trx } from '../../db/database.js';
import { decodeJson } from '../../db/json.js';
import type { Ctx } from '../../domain/context.js';
import { newId } from '../../domain/ids.js';
import { enqueue, jobKind } from '../../db/job-queue.js';
import type { MailEnv } from '../../settings.js';
import { filePath, removeFile } from '../../files/store.js';
import { ingestEmail } from './ingest.js';
import type { SmtpEnvelope } from './authentication.js';

/**
 * Mail kept aside while a channel was off (`email_held`, raw files under FILES_DIR) is replayed
 * by the `replay-held` job once the channel is switched on again: the switch answers at once, and
 * the channel's settings show "n of total". Each job's dedupe key is `replay-held:<channel>:<id>`;
 * the newest one for a channel carries its progress.
 */
export const REPLAY_JOB = jobKind(
  'replay-held',
  z.object({
    channelId: z.string(),
    /** Held messages when the channel was switched on: progress is total − still held. */
    total: z.number(),
  }),
);
export type ReplayPayload = z.infer<typeof REPLAY_JOB.payload>;
const keyPrefix = (channelId: string) => `${REPLAY_JOB.name}:${channelId}:`;

/** In the transaction that switches the channel on: queues the replay when mail is held. */
export async function queueHeldReplay(trx: Trx, channelId: string): Promise<void> {
  const held = await trx
    .selectFrom('email_held')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('channel_id', '=', channelId)
    .executeTakeFirstOrThrow();
  const total = Number(held.n);
  // One still waiting to start replays all there is when it runs. (A running one may have seen the
  // channel off and be ending: a new one is queued; two replays side by side are harmless.)
  const waiting = await trx
    .selectFrom('jobs')
    .select('id')
    .where('status', '=', 'pending')
    .where('kind', '=', REPLAY_JOB.name)
    .where('dedupe_key', 'like', keyPrefix(channelId) + '%')
    .executeTakeFirst();
  if (total > 0 && !waiting)
    await enqueue(trx, REPLAY_JOB, { channelId, total } satisfies ReplayPayload, { dedupeKey: keyPrefix(channelId) + newId() });
}

/** How much mail the channel keeps aside, and the queued or running replay of it (or a failed one while mail is still held), else null. */
export async function heldReplayProgress(ctx: Ctx, channelId: string): Promise<{ stillHeld: number; progress: HeldReplayProgress | null }> {
  // By status first (the `jobs_due` index): finished jobs, however many, are not read.
  const job = await ctx.db.kysely
    .selectFrom('jobs')
    .select(['status', 'payload', 'last_error'])
    .where('status', 'in', ['pending', 'running', 'failed'])
    .where('kind', '=', REPLAY_JOB.name)
    .where('dedupe_key', 'like', keyPrefix(channelId) + '%')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  // Counted after the job is read: a run that ends meanwhile is never shown with a count from before it.
  const held = await ctx.db.kysely
    .selectFrom('email_held')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('channel_id', '=', channelId)
    .executeTakeFirstOrThrow();
  const stillHeld = Number(held.n);
  if (!job || job.status === 'done' || (job.status === 'failed' && stillHeld === 0)) return { stillHeld, progress: null };
  const total = decodeJson<ReplayPayload>(job.payload, { channelId, total: 0 }).total;
  return {
    stillHeld,
    progress: {
      state: job.status === 'pending' ? 'queued' : job.status,
      done: Math.max(0, Math.min(total, total - stillHeld)),
      total,
      // A run that failed and waits to try again keeps its error, shown next to the progress.
      error: job.last_error,
    },
  };
}

/**
 * Replays held mail oldest first until none is left, the channel is off again, or `budgetMs` has
 * passed (the caller then continues in a new job, so other jobs are not held up). Crash-safe: a
 * held message is deleted only after it is recorded, and recording again is a no-op (dedupe on
 * Message-ID or the raw message's hash); a replay running alongside skips what the other took.
 * A message that cannot be brought in stays held and does not block the ones after it; the run
 * then fails naming how many, so the job tries them again later.
 */
export async function replayHeld(
  ctx: Ctx,
  env: MailEnv,
  channelId: string,
  budgetMs = Infinity,
): Promise<{ replayed: number; more: boolean }> {
  const k = ctx.db.kysely;
  const end = Date.now() + budgetMs;
  let replayed = 0;
  let failed = 0;
  let lastError: unknown = null;
  let after: { created_at: string; id: string } | null = null;
  for (;;) {
    let q = k.selectFrom('email_held').selectAll().where('channel_id', '=', channelId);
    if (after) {
      const a: { created_at: string; id: string } = after;
      q = q.where((eb) => eb.or([eb('created_at', '>', a.created_at), eb.and([eb('created_at', '=', a.created_at), eb('id', '>', a.id)])]));
    }
    const rows = await q.orderBy('created_at').orderBy('id').limit(100).execute();
    if (!rows.length) break;
    for (const h of rows) {
      after = h;
      const channel = await k.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirst();
      if (!channel || channel.status === 'off') return { replayed, more: false };
      if (Date.now() > end) return { replayed, more: true };
      try {
        let raw: Buffer;
        try {
          raw = fs.readFileSync(filePath(env.filesDir, h.storage_path));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
          // Gone: a replay recorded it and was stopped before deleting the row (the file goes
          // first, so a kill between the two never leaves a file behind), or the file was lost.
          await k.deleteFrom('email_held').where('id', '=', h.id).execute();
          continue;
        }
        const envelope = decodeJson<{ replyConversationId?: string | null; smtp?: SmtpEnvelope }>(h.envelope, {});
        // Sender authentication runs at replay, against the SMTP envelope kept with the mail.
        await ingestEmail(ctx, env, { channelId, replyConversationId: envelope.replyConversationId }, raw, channel, envelope.smtp);
        removeFile(env.filesDir, h.storage_path);
        await k.deleteFrom('email_held').where('id', '=', h.id).execute();
        replayed++;
      } catch (err) {
        failed++;
        lastError = err;
      }
    }
  }
  if (failed)
    throw new Error(
      `${failed} held message${failed === 1 ? '' : 's'} could not be brought in: ${String((lastError as Error)?.message ?? lastError)}`,
    );
  return { replayed, more: false };
}

/** Queues the next part of a replay that ran out of its time budget. */
export async function continueHeldReplay(ctx: Ctx, payload: ReplayPayload): Promise<void> {
  await ctx.db.transaction((trx) => enqueue(trx, REPLAY_JOB, payload, { dedupeKey: keyPrefix(payload.channelId) + newId() }));
}
