/**
 * Slack's Web API as Switchboard uses it (https://api.slack.com/web): `chat.postMessage` and
 * `chat.update` with a bot token (`Authorization: Bearer`, JSON bodies), and incoming webhooks.
 * Every answer becomes one `SlackResult`: sent (with the message's channel and ts), rate limited
 * (HTTP 429 and its Retry-After), or an error, permanent when sending again cannot help
 * (`invalid_auth`, `channel_not_found`, `not_in_channel`, `token_revoked` …).
 */
import { postChecked, WebhookTargetError } from '../../webhook-target.js';

export const SLACK_TIMEOUT_MS = 10_000;

export type SlackResult =
  | { kind: 'sent'; channel: string | null; ts: string | null }
  | { kind: 'rate_limited'; retryAfterS: number }
  | { kind: 'error'; error: string; permanent: boolean };

/** A message as Slack takes it: `text` (the notification and fallback) and Block Kit blocks. */
export interface SlackMessage {
  text: string;
  blocks?: unknown[];
}

/** Slack errors worth sending again later; any other `ok: false` needs someone to change something. */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);

/** Retry-After in seconds (Slack sends whole seconds); 1 s when missing or unreadable. */
export function retryAfterSeconds(header: string | null): number {
  const n = Number(header);
  if (Number.isFinite(n) && n > 0) return Math.min(Math.ceil(n), 3600);
  const when = header ? Date.parse(header) : NaN;
  if (Number.isFinite(when)) return Math.min(Math.max(1, Math.ceil((when - Date.now()) / 1000)), 3600);
  return 1;
}

function networkError(err: unknown): SlackResult {
  const e = err as Error & { code?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return { kind: 'error', error: `no answer within ${SLACK_TIMEOUT_MS / 1000} s`, permanent: false };
  return { kind: 'error', error: `could not connect (${e.code ?? e.cause?.code ?? e.message})`, permanent: false };
}

async function send(url: string, headers: Record<string, string>, body: unknown): Promise<Response | SlackResult> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Switchboard-Slack/1' },
      body: JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(SLACK_TIMEOUT_MS),
    });
  } catch (err) {
    return networkError(err);
  }
}

/** One Web API method with a bot token. */
export async function callSlack(
  apiUrl: string,
  token: string,
  method: 'chat.postMessage' | 'chat.update',
  body: Record<string, unknown>,
): Promise<SlackResult> {
  const res = await send(`${apiUrl}/${method}`, { authorization: `Bearer ${token}` }, body);
  if (!(res instanceof Response)) return res;
  if (res.status === 429) return { kind: 'rate_limited', retryAfterS: retryAfterSeconds(res.headers.get('retry-after')) };
  const text = await res.text().catch(() => '');
  if (res.status >= 500) return { kind: 'error', error: `Slack answered HTTP ${res.status}`, permanent: false };
  let json: { ok?: boolean; error?: string; channel?: string; ts?: string };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return { kind: 'error', error: `Slack answered HTTP ${res.status} without JSON`, permanent: res.status >= 400 };
  }
  if (json.ok) return { kind: 'sent', channel: json.channel ?? null, ts: json.ts ?? null };
  const error = String(json.error ?? `http_${res.status}`).slice(0, 200);
  if (error === 'ratelimited') return { kind: 'rate_limited', retryAfterS: retryAfterSeconds(res.headers.get('retry-after')) };
  return { kind: 'error', error, permanent: !TRANSIENT.has(error) };
}

/**
 * A message to an incoming webhook. Its host must resolve to a public address unless
 * ALLOW_PRIVATE_WEBHOOKS=1 (checked before each request, as for outgoing webhooks).
 */
export async function postToIncomingWebhook(url: string, allowPrivate: boolean, message: SlackMessage): Promise<SlackResult> {
  let res: Awaited<ReturnType<typeof postChecked>>;
  try {
    res = await postChecked(url, allowPrivate, {
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Switchboard-Slack/1' },
      body: JSON.stringify(message),
      timeoutMs: SLACK_TIMEOUT_MS,
      excerpt: 200,
    });
  } catch (err) {
    if (err instanceof WebhookTargetError) return { kind: 'error', error: `the webhook URL's host ${err.message}`, permanent: true };
    return networkError(err);
  }
  if (res.status === 429) return { kind: 'rate_limited', retryAfterS: retryAfterSeconds(res.retryAfter) };
  if (res.status >= 200 && res.status < 300) return { kind: 'sent', channel: null, ts: null };
  // Incoming webhooks answer errors as plain text codes: invalid_token, no_service, channel_is_archived …
  const text = res.excerpt.trim();
  const error = /^[a-z_]+$/.test(text) ? text : `Slack answered HTTP ${res.status}`;
  return { kind: 'error', error, permanent: res.status < 500 };
}
