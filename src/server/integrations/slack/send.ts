/** Sends through an inbox's Slack connection: its sealed secrets opened here, just before the request. */
import type { SlackConnectionsTable } from '../../db/schema-slack.js';
import type { Ctx } from '../../domain/context.js';
import { callSlack, postToIncomingWebhook, type SlackMessage, type SlackResult } from './web-api.js';

const apiUrl = (ctx: Ctx) => ctx.mail.slackApiUrl ?? 'https://slack.com/api';

/** A new message in the connection's channel (bot) or through its incoming webhook; `threadTs` replies in a thread (bot only). */
export async function sendToSlack(ctx: Ctx, c: SlackConnectionsTable, message: SlackMessage, threadTs?: string): Promise<SlackResult> {
  if (c.mode === 'webhook') {
    if (!c.webhook_url) return { kind: 'error', error: 'no incoming-webhook URL saved', permanent: true };
    return postToIncomingWebhook(ctx.secrets.open(c.webhook_url), ctx.mail.allowPrivateWebhooks ?? false, message);
  }
  if (!c.bot_token || !c.channel) return { kind: 'error', error: 'no bot token or channel saved', permanent: true };
  const body: Record<string, unknown> = { channel: c.channel, ...message, unfurl_links: false };
  if (threadTs) body.thread_ts = threadTs;
  return callSlack(apiUrl(ctx), ctx.secrets.open(c.bot_token), 'chat.postMessage', body);
}

/** Changes a message posted before (bot only: `chat.update`). */
export async function updateInSlack(
  ctx: Ctx,
  c: SlackConnectionsTable,
  posted: { channel: string; ts: string },
  message: SlackMessage,
): Promise<SlackResult> {
  if (c.mode !== 'bot' || !c.bot_token) return { kind: 'error', error: 'only a bot connection can update messages', permanent: true };
  return callSlack(apiUrl(ctx), ctx.secrets.open(c.bot_token), 'chat.update', { channel: posted.channel, ts: posted.ts, ...message });
}
