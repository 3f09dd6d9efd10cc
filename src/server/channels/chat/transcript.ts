import { z } from 'zod';
import { enqueue, jobKind } from '../../db/job-queue.js';
import { write, type Ctx } from '../../domain/context.js';
import type { StoredEvent } from '../../events/events.js';

/** `chat-transcript`: mails a closed chat's transcript to its assigned agent (`jobs/chat-transcript.ts`). */
export const TRANSCRIPT_JOB = jobKind('chat-transcript', z.object({ conversationId: z.string(), closedAt: z.string() }));

/**
 * A closed chat queues its transcript for the assigned agent: an outbox job, deduplicated per
 * closing (so every process seeing the event queues it once between them).
 */
export async function queueTranscriptOnClose(ctx: Ctx, e: StoredEvent): Promise<void> {
  if (e.type !== 'conversation.updated' || !e.conversationId) return;
  const changes = (e.payload as { changes?: string[] }).changes ?? [];
  if (!changes.includes('status')) return;
  const c = await ctx.db.kysely
    .selectFrom('conversations')
    .select(['id', 'channel_kind', 'status', 'closed_at', 'assignee_id'])
    .where('id', '=', e.conversationId)
    .executeTakeFirst();
  if (!c || c.channel_kind !== 'chat' || c.status !== 'closed' || !c.closed_at || !c.assignee_id) return;
  const closedAt = c.closed_at;
  await write(ctx, (w) =>
    enqueue(w.trx, TRANSCRIPT_JOB, { conversationId: c.id, closedAt }, { dedupeKey: `transcript:${c.id}:${closedAt}` }),
  );
}
