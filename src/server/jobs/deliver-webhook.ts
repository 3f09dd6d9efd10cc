/**
 * One attempt at one webhook delivery (F-NOTIFY.4): signed by the Standard Webhooks spec, sent to
 * the checked address of the endpoint (ALLOW_PRIVATE_WEBHOOKS), 10 s at most. The delivery row
 * holds the retry state: a failure queues the next attempt itself (exponential backoff with jitter,
 * for about 3 days), so the worker's own retries never add to it. 410 disables the endpoint, and so
 * do 10 failures in a row (the reason kept). A test (`webhook.ping`) of a disabled endpoint is sent
 * once and changes nothing about the endpoint. A delivery waits while an earlier one of the same
 * endpoint and conversation is still on its way, so each conversation's events arrive in order.
 */
import { notifyAdmins } from '../domain/notifications.js';
import type { WebhookDeliveriesTable } from '../db/schema.js';
import { webhookDisabledReasons } from '../../common/webhook-api.js';
import { write, type Ctx } from '../domain/context.js';
import { forgetEnabledWebhooks } from '../domain/webhook-endpoints.js';
import { queueWebhookAttempt, WEBHOOK_JOB } from '../domain/webhook-events.js';
import { webhookHeaders } from '../domain/webhook-signing.js';
import { postChecked, WebhookTargetError } from '../webhook-target.js';
import { defineJob } from './define.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Retries stop this long after the delivery was created. */
export const WEBHOOK_RETRY_WINDOW_MS = 3 * 86_400_000;
export const WEBHOOK_MAX_CONSECUTIVE_FAILURES = 10;
const EXCERPT = 500;

/** The wait before the next attempt after `attempts` failed ones: 30 s doubling up to 8 h, ±20 % jitter. */
export function webhookRetryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 8 * 3_600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

interface Answer {
  status: number | null;
  excerpt: string;
}

const post = (url: string, allowPrivate: boolean, headers: Record<string, string>, body: string): Promise<Answer> =>
  postChecked(url, allowPrivate, {
    headers: { ...headers, 'content-type': 'application/json' },
    body,
    timeoutMs: WEBHOOK_TIMEOUT_MS,
    excerpt: EXCERPT,
  });

/** Sends the delivery once and records what happened; queues the next attempt when there is one. */
export async function deliverWebhook(ctx: Ctx, p: { deliveryId: string; attempt: string }): Promise<void> {
  const k = ctx.db.kysely;
  const d = await k.selectFrom('webhook_deliveries').selectAll().where('id', '=', p.deliveryId).executeTakeFirst();
  if (!d || d.status === 'delivered' || d.status === 'given_up') return;
  const h = await k.selectFrom('webhooks').selectAll().where('id', '=', d.webhook_id).executeTakeFirst();
  if (!h) return;
  const nowMs = Date.now();
  const nowIso = new Date(nowMs).toISOString();
  if (h.status === 'disabled' && d.event_type !== 'webhook.ping') {
    await settle(ctx, d, {
      status: 'given_up',
      next_attempt_at: null,
      response_excerpt: `Not sent: ${h.disabled_reason ?? 'the endpoint is disabled'}`,
    });
    return;
  }
  if (d.conversation_id) {
    const earlier = await k
      .selectFrom('webhook_deliveries')
      .select(['id', 'next_attempt_at'])
      .where('webhook_id', '=', h.id)
      .where('conversation_id', '=', d.conversation_id)
      .where('status', 'in', ['pending', 'failed'])
      .where('id', '<', d.id)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (earlier) {
      // Look again a second after the earlier one's next attempt.
      const after = Math.max(nowMs, Date.parse(earlier.next_attempt_at ?? nowIso)) + 1000;
      const runAt = new Date(after).toISOString();
      await write(ctx, (w) => queueWebhookAttempt(w.trx, d.id, `${p.attempt}:after:${runAt}`, runAt));
      return;
    }
  }
  const secrets = [ctx.secrets.open(h.secret)];
  if (h.previous_secret && h.previous_until && h.previous_until > nowIso) secrets.push(ctx.secrets.open(h.previous_secret));
  const headers = { ...webhookHeaders(secrets, d.id, Math.floor(nowMs / 1000), d.payload), 'user-agent': 'Switchboard-Webhooks/1' };
  const started = performance.now();
  let answer: Answer;
  try {
    answer = await post(h.url, ctx.mail.allowPrivateWebhooks ?? false, headers, d.payload);
  } catch (err) {
    const why =
      err instanceof WebhookTargetError
        ? err.message
        : (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError'
          ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`
          : `could not connect (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
    answer = { status: null, excerpt: why };
  }
  const measured = {
    attempts: d.attempts + 1,
    last_status: answer.status,
    last_duration_ms: Math.round(performance.now() - started),
    response_excerpt: answer.excerpt.slice(0, EXCERPT),
  };
  const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
  if (ok) {
    await write(ctx, async (w) => {
      await w.trx
        .updateTable('webhook_deliveries')
        .set({ ...measured, status: 'delivered', next_attempt_at: null })
        .where('id', '=', d.id)
        .execute();
      if (h.status === 'on') await w.trx.updateTable('webhooks').set({ consecutive_failures: 0 }).where('id', '=', h.id).execute();
    });
    return;
  }
  if (h.status === 'disabled') {
    // A test of a disabled endpoint: tried once, the endpoint left as it is (the admin sends another).
    await settle(ctx, d, { ...measured, status: 'given_up', next_attempt_at: null });
    return;
  }
  const failures = h.consecutive_failures + 1;
  const disable =
    answer.status === 410
      ? webhookDisabledReasons.gone
      : failures >= WEBHOOK_MAX_CONSECUTIVE_FAILURES
        ? webhookDisabledReasons.failures
        : null;
  const next = nowMs + webhookRetryDelayMs(measured.attempts);
  const giveUp = disable !== null || next > Date.parse(d.created_at) + WEBHOOK_RETRY_WINDOW_MS;
  const nextAt = new Date(next).toISOString();
  await write(ctx, async (w) => {
    await w.trx
      .updateTable('webhook_deliveries')
      .set({ ...measured, status: giveUp ? 'given_up' : 'failed', next_attempt_at: giveUp ? null : nextAt })
      .where('id', '=', d.id)
      .execute();
    await w.trx
      .updateTable('webhooks')
      .set(disable ? { consecutive_failures: failures, status: 'disabled', disabled_reason: disable } : { consecutive_failures: failures })
      .where('id', '=', h.id)
      .execute();
    if (!giveUp) await queueWebhookAttempt(w.trx, d.id, String(measured.attempts + 1), nextAt);
  });
  if (!disable) return;
  forgetEnabledWebhooks(ctx);
  // Admins hear of it (in the bell, and by email by default), once per time it is turned off.
  await notifyAdmins(ctx, 'webhook_disabled', `webhook-disabled:${h.id}:${d.id}:${measured.attempts}`, {
    webhookName: h.name,
    webhookReason: answer.status === 410 ? 'gone' : 'failures',
  });
}

async function settle(ctx: Ctx, d: WebhookDeliveriesTable, set: Partial<WebhookDeliveriesTable>): Promise<void> {
  await write(ctx, (w) =>
    w.trx
      .updateTable('webhook_deliveries')
      .set(set)
      .where('id', '=', d.id)
      .execute()
      .then(() => undefined),
  );
}

export const deliverWebhookJob = defineJob({ ...WEBHOOK_JOB, handle: deliverWebhook });
