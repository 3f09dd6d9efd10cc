/**
 * An inbox's Slack connection, as admins manage it (F-NOTIFY.3): a bot token and channel, or an
 * incoming-webhook URL (both sealed at rest, never answered back), its state and last error, and
 * "Send test message". Alerts themselves are queued in `slack-events.ts` and sent by
 * `jobs/slack-post.ts`; both record what Slack answered through `recordSlackResult`.
 */
import type { SlackConnectionOut, SlackConnectionPut, SlackTestOut } from '../../common/slack-api.js';
import type { Db, Trx } from '../db/database.js';
import type { SlackConnectionsTable } from '../db/schema-slack.js';
import { sendToSlack } from '../integrations/slack/send.js';
import { testMessage } from '../integrations/slack/message.js';
import type { SlackResult } from '../integrations/slack/web-api.js';
import { authorizeInboxIntegrations, type Actor } from '../permissions/policy.js';
import { resolveWebhookTarget, WebhookTargetError } from '../webhook-target.js';
import { write, type Ctx } from './context.js';
import { invalid, notFound } from './errors.js';

/** One message a second per channel (Slack's guidance for chat.postMessage). */
export const SLACK_SPACING_MS = 1000;

export function presentSlack(inboxId: string, c: SlackConnectionsTable | undefined, open?: (v: string) => string): SlackConnectionOut {
  let webhookHost: string | null = null;
  if (c?.webhook_url && open) {
    try {
      webhookHost = new URL(open(c.webhook_url)).host;
    } catch {
      webhookHost = null;
    }
  }
  return {
    inboxId,
    connected: !!c,
    mode: c?.mode ?? null,
    channel: c?.mode === 'bot' ? c.channel : null,
    hasToken: !!c?.bot_token,
    webhookHost: c?.mode === 'webhook' ? webhookHost : null,
    updatesMessages: c?.mode === 'bot',
    state: c?.state ?? null,
    lastError: c?.last_error ?? null,
    lastErrorAt: c?.last_error_at ?? null,
    lastSuccessAt: c?.last_success_at ?? null,
  };
}

export const findSlackConnection = (q: Db, inboxId: string) =>
  q.selectFrom('slack_connections').selectAll().where('inbox_id', '=', inboxId).executeTakeFirst();

async function requireInbox(q: Db, inboxId: string): Promise<{ id: string; name: string }> {
  const inbox = await q.selectFrom('inboxes').select(['id', 'name']).where('id', '=', inboxId).executeTakeFirst();
  if (!inbox) throw notFound('Inbox not found');
  return inbox;
}

export async function getSlackConnection(ctx: Ctx, actor: Actor, inboxId: string): Promise<SlackConnectionOut> {
  authorizeInboxIntegrations(actor, inboxId);
  await requireInbox(ctx.db.kysely, inboxId);
  return presentSlack(inboxId, await findSlackConnection(ctx.db.kysely, inboxId), (v) => ctx.secrets.open(v));
}

/** Saves the connection; a secret left out keeps the saved one. Changing anything starts the state afresh. */
export async function putSlackConnection(ctx: Ctx, actor: Actor, inboxId: string, input: SlackConnectionPut): Promise<SlackConnectionOut> {
  authorizeInboxIntegrations(actor, inboxId);
  await requireInbox(ctx.db.kysely, inboxId);
  const before = await findSlackConnection(ctx.db.kysely, inboxId);
  const set: Pick<SlackConnectionsTable, 'mode' | 'bot_token' | 'channel' | 'webhook_url'> = {
    mode: input.mode,
    bot_token: null,
    channel: null,
    webhook_url: null,
  };
  if (input.mode === 'bot') {
    set.bot_token = input.token ? ctx.secrets.seal(input.token) : (before?.bot_token ?? null);
    if (!set.bot_token) throw invalid('token', 'is required for a bot connection', 'required');
    set.channel = input.channel ?? (before?.mode === 'bot' ? before.channel : null);
    if (!set.channel) throw invalid('channel', 'is required for a bot connection', 'required');
  } else {
    if (input.webhookUrl) {
      try {
        await resolveWebhookTarget(input.webhookUrl, ctx.mail.allowPrivateWebhooks ?? false);
      } catch (err) {
        if (!(err instanceof WebhookTargetError)) throw err;
        throw err.kind === 'private'
          ? invalid('webhookUrl', 'is a loopback, private or link-local address (refused unless ALLOW_PRIVATE_WEBHOOKS=1)', 'private_host')
          : invalid('webhookUrl', 'was not found (no such host)', 'unknown_host');
      }
    }
    set.webhook_url = input.webhookUrl ? ctx.secrets.seal(input.webhookUrl) : (before?.webhook_url ?? null);
    if (!set.webhook_url) throw invalid('webhookUrl', 'is required for an incoming-webhook connection', 'required');
  }
  const row = await write(ctx, async (w) => {
    const fresh = { state: 'new' as const, last_error: null, last_error_at: null, updated_at: w.at };
    if (before) {
      await w.trx
        .updateTable('slack_connections')
        .set({ ...set, ...fresh })
        .where('inbox_id', '=', inboxId)
        .execute();
    } else {
      await w.trx
        .insertInto('slack_connections')
        .values({ inbox_id: inboxId, ...set, ...fresh, last_success_at: null, next_post_at: null, created_at: w.at })
        .execute();
    }
    return findSlackConnection(w.trx, inboxId);
  });
  return presentSlack(inboxId, row, (v) => ctx.secrets.open(v));
}

/** Disconnects: alerts not yet sent are dropped with it; messages already in Slack stay there. */
export async function deleteSlackConnection(ctx: Ctx, actor: Actor, inboxId: string): Promise<void> {
  authorizeInboxIntegrations(actor, inboxId);
  await write(ctx, async (w) => {
    await requireInbox(w.trx, inboxId);
    await w.trx.deleteFrom('slack_connections').where('inbox_id', '=', inboxId).execute();
    await w.trx
      .updateTable('slack_posts')
      .set({ status: 'failed', last_error: 'disconnected' })
      .where('inbox_id', '=', inboxId)
      .where('status', '=', 'pending')
      .execute();
    await w.trx.deleteFrom('slack_messages').where('inbox_id', '=', inboxId).execute();
  });
}

/** Records what Slack answered on the connection: its state, last error or last success, the next free moment. */
export async function recordSlackResult(trx: Trx, inboxId: string, r: SlackResult, at: string): Promise<void> {
  const q = trx.updateTable('slack_connections').where('inbox_id', '=', inboxId);
  if (r.kind === 'sent') await q.set({ state: 'ok', last_success_at: at }).execute();
  else if (r.kind === 'rate_limited') {
    const until = new Date(Date.parse(at) + r.retryAfterS * 1000).toISOString();
    await q
      .set({
        state: 'rate_limited',
        last_error: `rate limited: Slack asked to wait ${r.retryAfterS} s`,
        last_error_at: at,
        next_post_at: until,
      })
      .execute();
  } else await q.set({ state: 'error', last_error: r.error, last_error_at: at }).execute();
}

/**
 * Takes the channel's next free moment (one message a second per channel): null when it is now
 * (and the one after is a second later), else the time to wait until. Conditional on what was
 * read, so two processes never take the same moment.
 */
export async function reserveSlackSlot(ctx: Ctx, inboxId: string, nowMs = Date.now()): Promise<string | null> {
  const c = await findSlackConnection(ctx.db.kysely, inboxId);
  if (!c) return null;
  if (c.next_post_at && Date.parse(c.next_post_at) > nowMs) return c.next_post_at;
  const next = new Date(nowMs + SLACK_SPACING_MS).toISOString();
  let q = ctx.db.kysely.updateTable('slack_connections').set({ next_post_at: next }).where('inbox_id', '=', inboxId);
  q = c.next_post_at === null ? q.where('next_post_at', 'is', null) : q.where('next_post_at', '=', c.next_post_at);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows) > 0 ? null : next;
}

/** "Send test message": posted now (waiting for the channel's free moment, a second at most) and answered in words. */
export async function testSlackConnection(ctx: Ctx, actor: Actor, inboxId: string): Promise<SlackTestOut> {
  authorizeInboxIntegrations(actor, inboxId);
  const inbox = await requireInbox(ctx.db.kysely, inboxId);
  const c = await findSlackConnection(ctx.db.kysely, inboxId);
  if (!c) throw notFound('This inbox is not connected to Slack');
  for (let i = 0; i < 3; i++) {
    const wait = await reserveSlackSlot(ctx, inboxId);
    if (!wait) break;
    await new Promise((r) => setTimeout(r, Math.min(SLACK_SPACING_MS, Math.max(0, Date.parse(wait) - Date.now()))));
  }
  const result = await sendToSlack(ctx, c, testMessage(inbox.name));
  const row = await write(ctx, async (w) => {
    await recordSlackResult(w.trx, inboxId, result, w.at);
    return findSlackConnection(w.trx, inboxId);
  });
  const connection = presentSlack(inboxId, row, (v) => ctx.secrets.open(v));
  const where = c.mode === 'bot' ? `channel ${c.channel}` : 'the incoming webhook';
  if (result.kind === 'sent') return { ok: true, error: null, message: `The test message was posted to ${where}.`, connection };
  const error = result.kind === 'rate_limited' ? 'rate_limited' : result.error;
  const why =
    result.kind === 'rate_limited'
      ? `Slack asked to wait ${result.retryAfterS} s (rate limited)`
      : result.permanent
        ? `Slack refused it: ${result.error}`
        : `It did not get through: ${result.error}`;
  return { ok: false, error, message: `The test message was not posted to ${where}. ${why}.`, connection };
}
