/** Slack alerts per inbox (F-NOTIFY.3): what admins send to connect an inbox to Slack, and what the API answers. */
import { z } from 'zod';

export const slackModes = ['bot', 'webhook'] as const;
export type SlackMode = (typeof slackModes)[number];
/** `new`: saved, nothing sent yet; `rate_limited`: Slack asked to wait (alerts wait, none is dropped). */
export const slackStates = ['new', 'ok', 'error', 'rate_limited'] as const;
export type SlackState = (typeof slackStates)[number];

/**
 * `PUT /inboxes/:id/slack`. Mode `bot`: a bot token (`xoxb-…`, kept when left out on a later save)
 * and a channel id (`C0123ABCD`); mode `webhook`: an incoming-webhook URL (kept when left out).
 */
export const SlackConnectionPut = z.object({
  mode: z.enum(slackModes),
  token: z
    .string()
    .trim()
    .regex(/^xox[a-z]-[A-Za-z0-9-]+$/, 'must be a Slack bot token (xoxb-…)')
    .max(300)
    .optional(),
  channel: z
    .string()
    .trim()
    .regex(/^[A-Z0-9]{8,20}$/, 'must be a Slack channel id (e.g. C0123ABCD)')
    .optional(),
  webhookUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2000)
    .optional(),
});
export type SlackConnectionPut = z.infer<typeof SlackConnectionPut>;

/** An inbox's Slack connection; secrets are never answered (`hasToken`, `webhookHost` say what is saved). */
export interface SlackConnectionOut {
  inboxId: string;
  connected: boolean;
  mode: SlackMode | null;
  channel: string | null;
  hasToken: boolean;
  /** The incoming webhook's host (its path is the secret). */
  webhookHost: string | null;
  /** Bot mode updates the conversation's message and threads replies; an incoming webhook can only post new messages. */
  updatesMessages: boolean;
  state: SlackState | null;
  /** Slack's error code (`invalid_auth`, `channel_not_found` …) or what went wrong on the way, in English. */
  lastError: string | null;
  lastErrorAt: string | null;
  lastSuccessAt: string | null;
}

/** `POST /inboxes/:id/slack/test`: whether the test message arrived, and the connection after it. */
export interface SlackTestOut {
  ok: boolean;
  /** Why not, when it did not (as `lastError`). */
  error: string | null;
  /** The test message in words (English). */
  message: string;
  connection: SlackConnectionOut;
}
