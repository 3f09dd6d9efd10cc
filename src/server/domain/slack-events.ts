/**
 * Committed events become Slack alerts (F-NOTIFY.3): a new conversation, or an assignment, team
 * change, close or reopen of one, in an inbox connected to Slack, gets one `slack_posts` row and a
 * `slack-post` job (`jobs/slack-post.ts`). Every process sees every event; the unique
 * (conversation, event) index and the job's dedupe key make it happen once between them. Internal
 * comments never go to Slack, nor does mail filtered to spam or trash.
 */
import { z } from 'zod';
import type { Trx } from '../db/database.js';
import { enqueue, jobKind } from '../db/job-queue.js';
import { encodeJson } from '../db/json.js';
import type { StoredEvent } from '../events/events.js';
import { write, type Ctx } from './context.js';
import { newId } from './ids.js';

/** `slack-post`: one attempt at one alert (`attempt` keeps each queued attempt distinct). */
export const SLACK_JOB = jobKind('slack-post', z.object({ postId: z.string(), attempt: z.string() }));

/** The stored event types the subscriber listens to. */
export const SLACK_SOURCE_EVENTS = ['conversation.created', 'conversation.updated'] as const;

/** What a change did, kept with the alert (names are looked up when it is sent). */
export interface SlackChange {
  assigned: boolean;
  assigneeId: string | null;
  teamId: string | null;
  closed: boolean;
  reopened: boolean;
}

export async function queueSlackAttempt(trx: Trx, postId: string, attempt: string, runAt?: string): Promise<void> {
  await enqueue(trx, SLACK_JOB, { postId, attempt }, { dedupeKey: `slack:${postId}:${attempt}`, runAt });
}

/** The alert an event makes, or null (a change Slack is not told about). */
export function slackAlertOf(e: StoredEvent): { kind: 'created' | 'changed'; change: SlackChange | null } | null {
  if (e.internal || !e.conversationId || !e.inboxId) return null;
  const conv = (
    e.payload as {
      conversation?: { status?: string; folder?: string; assignee?: { id?: string } | null; teamId?: string | null; isBot?: boolean };
    }
  ).conversation;
  if (conv?.folder === 'spam' || conv?.folder === 'trash') return null;
  // A bot's conversation is new to people when the bot lets go of it (handed over, or taken over), as for notifications.
  if (e.type === 'conversation.created') return conv?.isBot ? null : { kind: 'created', change: null };
  if (e.type !== 'conversation.updated') return null;
  const changes = ((e.payload as { changes?: unknown }).changes as string[] | undefined) ?? [];
  if (changes.includes('is_bot') && !conv?.isBot) return { kind: 'created', change: null };
  const assigned = changes.includes('assignee_id') || changes.includes('team_id');
  const statusChanged = changes.includes('status');
  const change: SlackChange = {
    assigned,
    assigneeId: conv?.assignee?.id ?? null,
    teamId: conv?.teamId ?? null,
    closed: statusChanged && conv?.status === 'closed',
    reopened: statusChanged && conv?.status === 'open',
  };
  return change.assigned || change.closed || change.reopened ? { kind: 'changed', change } : null;
}

/** The subscriber, one event at a time in event order, so a conversation's alerts are queued as they happened. */
export function slackSubscriber(ctx: Ctx): (e: StoredEvent) => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return (e) => (last = last.catch(() => undefined).then(() => queueSlackPost(ctx, e)));
}

/** The row and job of one committed event, when its inbox is connected to Slack. */
export async function queueSlackPost(ctx: Ctx, e: StoredEvent): Promise<void> {
  const alert = slackAlertOf(e);
  if (!alert) return;
  const connected = await ctx.db.kysely
    .selectFrom('slack_connections')
    .select('inbox_id')
    .where('inbox_id', '=', e.inboxId!)
    .executeTakeFirst();
  if (!connected) return;
  await write(ctx, async (w) => {
    const id = newId();
    const inserted = await w.trx
      .insertInto('slack_posts')
      .values({
        id,
        inbox_id: e.inboxId!,
        conversation_id: e.conversationId!,
        event_id: e.id,
        kind: alert.kind,
        detail: encodeJson(alert.change ?? {}),
        status: 'pending',
        attempts: 0,
        next_attempt_at: w.at,
        last_error: null,
        created_at: w.at,
        sent_at: null,
      })
      .onConflict((oc) => oc.columns(['conversation_id', 'event_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) await queueSlackAttempt(w.trx, id, '1');
  });
}
