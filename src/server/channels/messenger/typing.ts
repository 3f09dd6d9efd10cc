/**
 * Messenger's typing indicator: while an agent types in the composer of a Messenger conversation
 * (their presence on it turns `typing`, in whichever process holds their socket), a job sends
 * `sender_action: typing_on` (`jobs/messenger-typing.ts`), at most once per conversation in each
 * `TYPING_EVERY_MS` slot: the slot is in the job's dedupe key, so any number of processes queue it
 * once. Only inside the 24 hour window: a sender action is no reply a tag could carry.
 */
import { z } from 'zod';
import { enqueue, jobKind } from '../../db/job-queue.js';
import type { Ctx } from '../../domain/context.js';
import { replyWindow } from '../../domain/reply-window.js';
import type { Presence } from '../../realtime/presence.js';

export const TYPING_EVERY_MS = 5000;
/** A typing job run later than this after it was queued is dropped: the agent has long stopped or sent. */
export const TYPING_STALE_MS = 10_000;

/** `messenger-typing`: one `typing_on` for a conversation; `at` is when the agent typed (ms). */
export const MESSENGER_TYPING_JOB = jobKind('messenger-typing', z.object({ conversationId: z.string(), at: z.number() }));

/** Whether a typing indicator may go to the customer now: a Messenger conversation inside the 24 hour window. */
export const typingAllowed = (c: { channel_kind: string; last_incoming_at: string | null }, now: Date): boolean =>
  c.channel_kind === 'messenger' && replyWindow(c.last_incoming_at, now).kind === 'response';

/** Listens to presence and queues the typing jobs; conversations of other channels are remembered and skipped. */
export function watchAgentTyping(ctx: Ctx, presence: Presence): void {
  const notMessenger = new Set<string>();
  presence.onChange(async (conversationId) => {
    if (notMessenger.has(conversationId)) return;
    const typing = presence.list(conversationId).some((p) => p.state === 'typing' && !p.userId.startsWith('visitor:'));
    if (!typing) return;
    const c = await ctx.db.kysely
      .selectFrom('conversations')
      .select(['channel_kind', 'last_incoming_at'])
      .where('id', '=', conversationId)
      .executeTakeFirst();
    if (!c) return;
    if (c.channel_kind !== 'messenger') {
      if (notMessenger.size > 50_000) notMessenger.clear();
      notMessenger.add(conversationId);
      return;
    }
    const now = Date.now();
    if (!typingAllowed(c, new Date(now))) return;
    const slot = Math.floor(now / TYPING_EVERY_MS);
    await ctx.db.transaction((trx) =>
      enqueue(trx, MESSENGER_TYPING_JOB, { conversationId, at: now }, { dedupeKey: `messenger-typing:${conversationId}:${slot}` }),
    );
  });
}
