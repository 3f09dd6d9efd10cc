/**
 * Outgoing webhooks, as admins manage them (F-NOTIFY.4): endpoints with the event types they want
 * and an optional inbox, their secret (sealed at rest, shown once), rotation (the old secret signs
 * too for 24 hours), a ping, the delivery log and "send again". Installation settings: for anyone
 * but an admin these do not exist (404).
 */
import { webhookDisabledReasons, type WebhookDisabledCode } from '../../common/webhook-api.js';
import type {
  WebhookCreate,
  WebhookDeliveryOut,
  WebhookDeliveryQuery,
  WebhookEventType,
  WebhookListedOut,
  WebhookOut,
  WebhookUpdate,
  WebhookWithSecretOut,
} from '../../common/webhook-api.js';
import type { Db } from '../db/database.js';
import { decodeJson, encodeJson } from '../db/json.js';
import { decodeCursor, keysetCursor, pageOf } from '../db/pagination.js';
import type { WebhookDeliveriesTable, WebhooksTable } from '../db/schema.js';
import { authorizeInstallationSettings, type Actor } from '../permissions/policy.js';
import { resolveWebhookTarget, WebhookTargetError } from '../webhook-target.js';
import { write, type Ctx } from './context.js';
import { invalid, notFound } from './errors.js';
import { newId } from './ids.js';
import { forgetEnabledWebhooks } from './webhook-endpoints.js';
import { newDelivery, queueWebhookAttempt, webhookBody } from './webhook-events.js';
import { newWebhookSecret } from './webhook-signing.js';

/** How long a rotated-out secret still signs. */
export const PREVIOUS_SECRET_MS = 24 * 60 * 60 * 1000;

const codeOfReason = new Map(Object.entries(webhookDisabledReasons).map(([code, text]) => [text as string, code as WebhookDisabledCode]));

export function presentWebhook(h: WebhooksTable, nowIso = new Date().toISOString()): WebhookOut {
  const rotating = h.previous_secret && h.previous_until && h.previous_until > nowIso ? h.previous_until : null;
  return {
    id: h.id,
    name: h.name,
    url: h.url,
    eventTypes: decodeJson<WebhookEventType[]>(h.event_types, []),
    inboxId: h.inbox_id,
    status: h.status,
    disabledReason: h.disabled_reason,
    disabledCode: h.status === 'disabled' ? (codeOfReason.get(h.disabled_reason ?? '') ?? null) : null,
    consecutiveFailures: h.consecutive_failures,
    previousSecretUntil: rotating,
    createdBy: h.created_by,
    createdAt: h.created_at,
  };
}

export function presentDelivery(d: WebhookDeliveriesTable): WebhookDeliveryOut {
  return {
    id: d.id,
    webhookId: d.webhook_id,
    eventType: d.event_type,
    conversationId: d.conversation_id,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' || d.status === 'failed' ? d.next_attempt_at : null,
    lastStatus: d.last_status,
    lastDurationMs: d.last_duration_ms,
    responseExcerpt: d.response_excerpt,
    createdAt: d.created_at,
  };
}

/** The URL's host must resolve, and to a public address unless ALLOW_PRIVATE_WEBHOOKS=1. */
async function checkUrl(ctx: Ctx, url: string): Promise<void> {
  try {
    await resolveWebhookTarget(url, ctx.mail.allowPrivateWebhooks ?? false);
  } catch (err) {
    if (!(err instanceof WebhookTargetError)) throw err;
    throw err.kind === 'private'
      ? invalid('url', 'is a loopback, private or link-local address (refused unless ALLOW_PRIVATE_WEBHOOKS=1)', 'private_host')
      : invalid('url', 'was not found (no such host)', 'unknown_host');
  }
}

async function checkInbox(q: Db, inboxId: string | null | undefined): Promise<void> {
  if (!inboxId) return;
  const found = await q.selectFrom('inboxes').select('id').where('id', '=', inboxId).executeTakeFirst();
  if (!found) throw invalid('inboxId', 'is not an inbox', 'invalid_choice');
}

async function findWebhook(q: Db, id: string): Promise<WebhooksTable> {
  const h = await q.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!h) throw notFound('Webhook not found');
  return h;
}

/** The endpoints, each with its newest delivery (one indexed look-up each: an installation has a handful). */
export async function listWebhooks(ctx: Ctx, actor: Actor): Promise<WebhookListedOut[]> {
  authorizeInstallationSettings(actor);
  const k = ctx.db.kysely;
  const rows = await k.selectFrom('webhooks').selectAll().orderBy('created_at').orderBy('id').execute();
  return Promise.all(
    rows.map(async (h) => {
      const last = await k
        .selectFrom('webhook_deliveries')
        .select(['status', 'last_status', 'created_at'])
        .where('webhook_id', '=', h.id)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const lastDelivery = last ? { status: last.status, lastStatus: last.last_status, createdAt: last.created_at } : null;
      return { ...presentWebhook(h), lastDelivery };
    }),
  );
}

export async function createWebhook(ctx: Ctx, actor: Actor, input: WebhookCreate): Promise<WebhookWithSecretOut> {
  authorizeInstallationSettings(actor);
  await checkUrl(ctx, input.url);
  await checkInbox(ctx.db.kysely, input.inboxId);
  const secret = newWebhookSecret();
  const row = await write(ctx, async (w) => {
    const h: WebhooksTable = {
      id: newId(),
      name: input.name,
      url: input.url,
      secret: ctx.secrets.seal(secret),
      previous_secret: null,
      previous_until: null,
      event_types: encodeJson([...new Set(input.eventTypes)]),
      inbox_id: input.inboxId,
      status: 'on',
      disabled_reason: null,
      created_by: actor.id,
      created_at: w.at,
      consecutive_failures: 0,
    };
    await w.trx.insertInto('webhooks').values(h).execute();
    return h;
  });
  forgetEnabledWebhooks(ctx);
  return { ...presentWebhook(row), secret };
}

export async function updateWebhook(ctx: Ctx, actor: Actor, id: string, c: WebhookUpdate): Promise<WebhookOut> {
  authorizeInstallationSettings(actor);
  await findWebhook(ctx.db.kysely, id);
  if (c.url !== undefined) await checkUrl(ctx, c.url);
  await checkInbox(ctx.db.kysely, c.inboxId);
  const out = await write(ctx, async (w) => {
    const set: Partial<WebhooksTable> = {};
    if (c.name !== undefined) set.name = c.name;
    if (c.url !== undefined) set.url = c.url;
    if (c.eventTypes !== undefined) set.event_types = encodeJson([...new Set(c.eventTypes)]);
    if (c.inboxId !== undefined) set.inbox_id = c.inboxId;
    if (c.status === 'on') Object.assign(set, { status: 'on', disabled_reason: null, consecutive_failures: 0 });
    if (c.status === 'disabled') Object.assign(set, { status: 'disabled', disabled_reason: webhookDisabledReasons.admin });
    if (Object.keys(set).length) await w.trx.updateTable('webhooks').set(set).where('id', '=', id).execute();
    return presentWebhook(await findWebhook(w.trx, id));
  });
  forgetEnabledWebhooks(ctx);
  return out;
}

export async function deleteWebhook(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  authorizeInstallationSettings(actor);
  await write(ctx, async (w) => {
    await findWebhook(w.trx, id);
    await w.trx.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
    await w.trx.deleteFrom('webhooks').where('id', '=', id).execute();
  });
  forgetEnabledWebhooks(ctx);
}

/** A new secret, answered once; the old one keeps signing (a second signature) for 24 hours. */
export async function rotateWebhookSecret(ctx: Ctx, actor: Actor, id: string): Promise<WebhookWithSecretOut> {
  authorizeInstallationSettings(actor);
  const secret = newWebhookSecret();
  const row = await write(ctx, async (w) => {
    const h = await findWebhook(w.trx, id);
    const until = new Date(Date.parse(w.at) + PREVIOUS_SECRET_MS).toISOString();
    const set = { secret: ctx.secrets.seal(secret), previous_secret: h.secret, previous_until: until };
    await w.trx.updateTable('webhooks').set(set).where('id', '=', id).execute();
    return { ...h, ...set };
  });
  return { ...presentWebhook(row), secret };
}

/**
 * Queues a `webhook.ping` delivery. Sent even while the endpoint is disabled: an admin checks a mended
 * receiver before turning it back on. The ping does not turn it on; on a disabled endpoint it is tried
 * once and leaves the endpoint's state as it was (`jobs/deliver-webhook.ts`).
 */
export async function pingWebhook(ctx: Ctx, actor: Actor, id: string): Promise<WebhookDeliveryOut> {
  authorizeInstallationSettings(actor);
  return write(ctx, async (w) => {
    const h = await findWebhook(w.trx, id);
    const d = newDelivery(w.at, {
      id: newId(),
      webhook_id: h.id,
      event_id: null,
      event_type: 'webhook.ping',
      conversation_id: null,
      payload: webhookBody('webhook.ping', w.at, { webhookId: h.id }),
    });
    await w.trx.insertInto('webhook_deliveries').values(d).execute();
    await queueWebhookAttempt(w.trx, d.id, '1');
    return presentDelivery(d);
  });
}

/** The delivery log of one endpoint, newest first (keyset pages). */
export async function listWebhookDeliveries(ctx: Ctx, actor: Actor, id: string, q: WebhookDeliveryQuery) {
  authorizeInstallationSettings(actor);
  await findWebhook(ctx.db.kysely, id);
  let query = ctx.db.kysely
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', id)
    .orderBy('id', 'desc')
    .limit(q.limit + 1);
  if (q.cursor) query = query.where('id', '<', decodeCursor(keysetCursor, q.cursor).id);
  const page = pageOf(await query.execute(), q.limit, (d) => ({ t: d.created_at, id: d.id }));
  return { items: page.items.map(presentDelivery), nextCursor: page.nextCursor };
}

/** "Send again": the same delivery (same `webhook-id`, so receivers can tell) is queued now. */
export async function retryWebhookDelivery(ctx: Ctx, actor: Actor, deliveryId: string): Promise<WebhookDeliveryOut> {
  authorizeInstallationSettings(actor);
  return write(ctx, async (w) => {
    const d = await w.trx.selectFrom('webhook_deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirst();
    if (!d) throw notFound('Delivery not found');
    const set = { status: 'pending' as const, next_attempt_at: w.at };
    await w.trx.updateTable('webhook_deliveries').set(set).where('id', '=', d.id).execute();
    await queueWebhookAttempt(w.trx, d.id, `again:${w.at}`);
    return presentDelivery({ ...d, ...set });
  });
}
