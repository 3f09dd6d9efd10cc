/**
 * One attempt at one Slack alert (F-NOTIFY.3). Bot mode: a new conversation is posted
 * (`chat.postMessage`) and its channel + ts kept; a change updates that message (`chat.update`)
 * and replies in its thread. Incoming webhooks cannot update: a change is a short message of its
 * own. An alert waits while an earlier one of the same conversation is on its way, and for the
 * channel's next free moment (one message a second). HTTP 429 waits for Retry-After and tries
 * again (never dropped); an error Slack will repeat (`invalid_auth`, `channel_not_found` …) stops
 * the alert and shows on the connection; others are retried with backoff.
 */
import type { SlackConnectionsTable, SlackPostsTable } from '../db/schema-slack.js';
import { decodeJson } from '../db/json.js';
import { write, type Ctx } from '../domain/context.js';
import { queueSlackAttempt, SLACK_JOB, type SlackChange } from '../domain/slack-events.js';
import { findSlackConnection, recordSlackResult, reserveSlackSlot } from '../domain/slack.js';
import { changeMessage, conversationMessage, threadReply, type ChangeView, type ConversationView } from '../integrations/slack/message.js';
import { sendToSlack, updateInSlack } from '../integrations/slack/send.js';
import type { SlackResult } from '../integrations/slack/web-api.js';
import { defineJob } from './define.js';

/** Attempts at an alert that failed on the way (not rate limits, which wait without limit). */
export const SLACK_MAX_ATTEMPTS = 6;
/** A message Slack no longer has (deleted there): the conversation gets a new one. */
const GONE = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);

const at = (ms: number) => new Date(ms).toISOString();

async function conversationView(ctx: Ctx, conversationId: string): Promise<ConversationView | null> {
  const r = await ctx.db.kysely
    .selectFrom('conversations as c')
    .innerJoin('inboxes as i', 'i.id', 'c.inbox_id')
    .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .leftJoin('users as u', 'u.id', 'c.assignee_id')
    .leftJoin('teams as t', 't.id', 'c.team_id')
    .select([
      'c.id',
      'c.inbox_id',
      'c.subject',
      'c.status',
      'ct.name as contact',
      'ct.email as email',
      'i.name as inbox',
      'u.name as assignee',
      't.name as team',
    ])
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
  if (!r) return null;
  const base = (ctx.mail.appUrl ?? '').replace(/\/+$/, '');
  return {
    subject: r.subject,
    contactName: r.contact ?? r.email,
    inboxName: r.inbox,
    assigneeName: r.assignee,
    teamName: r.team,
    status: r.status,
    link: `${base}/inbox/${encodeURIComponent(r.inbox_id)}/all/${encodeURIComponent(r.id)}`,
  };
}

async function changeView(ctx: Ctx, c: SlackChange): Promise<ChangeView> {
  const k = ctx.db.kysely;
  const user = c.assigneeId ? await k.selectFrom('users').select('name').where('id', '=', c.assigneeId).executeTakeFirst() : undefined;
  const team = c.teamId ? await k.selectFrom('teams').select('name').where('id', '=', c.teamId).executeTakeFirst() : undefined;
  return { assigned: c.assigned, closed: c.closed, reopened: c.reopened, assigneeName: user?.name ?? null, teamName: team?.name ?? null };
}

/** Sends the alert; answers Slack's result and the message to remember (a new root message), if any. */
async function send(ctx: Ctx, c: SlackConnectionsTable, post: SlackPostsTable, view: ConversationView) {
  const change = post.kind === 'changed' ? await changeView(ctx, decodeJson<SlackChange>(post.detail, {} as SlackChange)) : null;
  if (c.mode === 'webhook') {
    const result = await sendToSlack(ctx, c, change ? changeMessage(view, change) : conversationMessage(view, true));
    return { result, posted: null };
  }
  const k = ctx.db.kysely;
  const earlier = await k.selectFrom('slack_messages').selectAll().where('conversation_id', '=', post.conversation_id).executeTakeFirst();
  if (change && earlier && earlier.channel === c.channel) {
    let result: SlackResult = await updateInSlack(ctx, c, earlier, conversationMessage(view, false));
    if (result.kind === 'sent') return { result: await sendToSlack(ctx, c, threadReply(change), earlier.ts), posted: null };
    if (!(result.kind === 'error' && GONE.has(result.error))) return { result, posted: null };
    result = await sendToSlack(ctx, c, conversationMessage(view, false));
    return { result, posted: result.kind === 'sent' && result.ts ? { channel: result.channel ?? c.channel!, ts: result.ts } : null };
  }
  // A new conversation, or a change of one Slack has no message for yet (connected later, or another channel now).
  const result = await sendToSlack(ctx, c, conversationMessage(view, post.kind === 'created'));
  return { result, posted: result.kind === 'sent' && result.ts ? { channel: result.channel ?? c.channel!, ts: result.ts } : null };
}

async function retryAt(ctx: Ctx, post: SlackPostsTable, attempt: string, runAtMs: number): Promise<void> {
  const runAt = at(runAtMs);
  await write(ctx, async (w) => {
    await w.trx.updateTable('slack_posts').set({ next_attempt_at: runAt }).where('id', '=', post.id).execute();
    await queueSlackAttempt(w.trx, post.id, attempt, runAt);
  });
}

async function fail(ctx: Ctx, post: SlackPostsTable, why: string): Promise<void> {
  await write(ctx, (w) =>
    w.trx
      .updateTable('slack_posts')
      .set({ status: 'failed', last_error: why, next_attempt_at: null })
      .where('id', '=', post.id)
      .execute()
      .then(() => undefined),
  );
}

export async function sendSlackPost(ctx: Ctx, p: { postId: string; attempt: string }): Promise<void> {
  const k = ctx.db.kysely;
  const post = await k.selectFrom('slack_posts').selectAll().where('id', '=', p.postId).executeTakeFirst();
  if (!post || post.status !== 'pending') return;
  const c = await findSlackConnection(k, post.inbox_id);
  if (!c) return fail(ctx, post, 'disconnected');
  const nowMs = Date.now();
  // The conversation's alerts in event order: look again a second after the earlier one's next attempt.
  const before = await k
    .selectFrom('slack_posts')
    .select(['id', 'next_attempt_at'])
    .where('conversation_id', '=', post.conversation_id)
    .where('status', '=', 'pending')
    .where('event_id', '<', post.event_id)
    .orderBy('event_id')
    .limit(1)
    .executeTakeFirst();
  if (before) {
    const after = Math.max(nowMs, Date.parse(before.next_attempt_at ?? at(nowMs))) + 1000;
    return retryAt(ctx, post, `${p.attempt}:after:${at(after)}`, after);
  }
  const wait = await reserveSlackSlot(ctx, c.inbox_id, nowMs);
  if (wait) return retryAt(ctx, post, `${p.attempt}:slot:${wait}`, Math.max(Date.parse(wait), nowMs + 50));
  const view = await conversationView(ctx, post.conversation_id);
  if (!view) return fail(ctx, post, 'the conversation no longer exists');

  const { result, posted } = await send(ctx, c, post, view);
  const attempts = post.attempts + 1;
  const rest = { attempts, last_error: result.kind === 'error' ? result.error : result.kind === 'rate_limited' ? 'rate_limited' : null };
  await write(ctx, async (w) => {
    await recordSlackResult(w.trx, c.inbox_id, result, w.at);
    const q = w.trx.updateTable('slack_posts').where('id', '=', post.id);
    if (result.kind === 'sent') {
      await q.set({ ...rest, status: 'sent', sent_at: w.at, next_attempt_at: null }).execute();
      if (posted) {
        await w.trx
          .insertInto('slack_messages')
          .values({ conversation_id: post.conversation_id, inbox_id: post.inbox_id, ...posted, created_at: w.at })
          .onConflict((oc) => oc.column('conversation_id').doUpdateSet({ ...posted, inbox_id: post.inbox_id }))
          .execute();
      }
      return;
    }
    let next: number | null;
    if (result.kind === 'rate_limited') next = Date.parse(w.at) + result.retryAfterS * 1000;
    else if (result.permanent || attempts >= SLACK_MAX_ATTEMPTS) next = null;
    else next = Date.parse(w.at) + Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);
    await q.set({ ...rest, status: next === null ? 'failed' : 'pending', next_attempt_at: next === null ? null : at(next) }).execute();
    if (next !== null) await queueSlackAttempt(w.trx, post.id, String(attempts + 1), at(next));
  });
}

export const slackPostJob = defineJob({ ...SLACK_JOB, handle: sendSlackPost });
