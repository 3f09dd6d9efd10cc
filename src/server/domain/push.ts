/**
 * Web Push (F-NOTIFY.1): the server's VAPID keys (made once, on first start, the private key sealed
 * in `account_settings`), the browsers each user receives push in, and queueing a `send-push` job
 * per browser in the transaction that writes the notification (`jobs/send-push.ts` sends it).
 */
import { z } from 'zod';
import type { PushSubscriptionInput, PushSubscriptionOut, PushUnsubscribeInput } from '../../common/push-api.js';
import type { Trx } from '../db/database.js';
import { enqueue, jobKind } from '../db/job-queue.js';
import { decodeJson, encodeJson } from '../db/json.js';
import type { PushSubscriptionsTable } from '../db/schema.js';
import type { Actor } from '../permissions/policy.js';
import { resolveWebhookTarget, WebhookTargetError } from '../webhook-target.js';
import type { Ctx } from './context.js';
import { invalid } from './errors.js';
import { newId } from './ids.js';

/** `send-push`: one notification to one of its user's browsers. */
export const PUSH_JOB = jobKind('send-push', z.object({ notificationId: z.string(), subscriptionId: z.string() }));

/** Browsers per user; subscribing one more forgets the oldest. */
export const MAX_PUSH_SUBSCRIPTIONS = 10;
const KEY = 'vapid';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

const cache = new WeakMap<Ctx, Promise<VapidKeys>>();

/**
 * The server's VAPID keys: read, or made and stored when there are none yet (several processes
 * starting at once: one insert wins, everyone reads that one).
 */
export function vapidKeys(ctx: Ctx): Promise<VapidKeys> {
  let p = cache.get(ctx);
  if (!p) {
    p = loadOrCreate(ctx);
    cache.set(ctx, p);
    p.catch(() => cache.delete(ctx));
  }
  return p;
}

async function loadOrCreate(ctx: Ctx): Promise<VapidKeys> {
  const k = ctx.db.kysely;
  const read = async () => {
    const r = await k.selectFrom('account_settings').select('value').where('key', '=', KEY).executeTakeFirst();
    return r ? decodeJson<{ publicKey: string; privateKey: string } | null>(r.value, null) : null;
  };
  let stored = await read();
  if (!stored) {
    // web-push is loaded when it is needed (a process that never pushes never holds it).
    const made = (await import('web-push')).default.generateVAPIDKeys();
    await k
      .insertInto('account_settings')
      .values({ key: KEY, value: encodeJson({ publicKey: made.publicKey, privateKey: ctx.secrets.seal(made.privateKey) }) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    stored = await read();
    if (!stored) throw new Error('the VAPID keys could not be stored');
  }
  return {
    publicKey: stored.publicKey,
    privateKey: ctx.secrets.open(stored.privateKey),
    subject: ctx.mail.vapidSubject ?? `mailto:postmaster@${ctx.mailDomain}`,
  };
}

/** `GET /push/public-key`. */
export async function pushPublicKey(ctx: Ctx): Promise<{ publicKey: string }> {
  return { publicKey: (await vapidKeys(ctx)).publicKey };
}

function present(r: PushSubscriptionsTable): PushSubscriptionOut {
  return { id: r.id, label: r.label, createdAt: r.created_at, lastSuccessAt: r.last_success_at };
}

/** A push service's address: https (http only where private targets are allowed, i.e. tests), never a private address unless allowed. */
async function checkEndpoint(ctx: Ctx, endpoint: string): Promise<void> {
  const allowPrivate = ctx.mail.allowPrivateWebhooks ?? false;
  const u = new URL(endpoint);
  const fail = (message: string) => invalid('endpoint', message);
  if (u.protocol !== 'https:' && !(allowPrivate && u.protocol === 'http:')) throw fail('must be an https URL');
  try {
    await resolveWebhookTarget(endpoint, allowPrivate);
  } catch (err) {
    if (err instanceof WebhookTargetError) throw fail(err.message);
    throw err;
  }
}

/** `POST /me/push-subscriptions`: this browser receives the user's push (the same endpoint again: its keys and owner updated). */
export async function subscribePush(ctx: Ctx, actor: Actor, input: PushSubscriptionInput): Promise<PushSubscriptionOut> {
  await checkEndpoint(ctx, input.endpoint);
  const at = new Date().toISOString();
  return ctx.db.transaction(async (trx) => {
    const existing = await trx.selectFrom('push_subscriptions').selectAll().where('endpoint', '=', input.endpoint).executeTakeFirst();
    const row: PushSubscriptionsTable = {
      id: existing?.id ?? newId(),
      user_id: actor.id,
      endpoint: input.endpoint,
      p256dh: input.keys.p256dh,
      auth: input.keys.auth,
      label: input.label?.trim() || null,
      created_at: existing?.created_at ?? at,
      last_success_at: existing?.user_id === actor.id ? existing.last_success_at : null,
    };
    if (existing) await trx.updateTable('push_subscriptions').set(row).where('id', '=', existing.id).execute();
    else await trx.insertInto('push_subscriptions').values(row).execute();
    const mine = await trx
      .selectFrom('push_subscriptions')
      .select('id')
      .where('user_id', '=', actor.id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const extra = mine.slice(MAX_PUSH_SUBSCRIPTIONS).map((r) => r.id);
    if (extra.length) await trx.deleteFrom('push_subscriptions').where('id', 'in', extra).execute();
    return present(row);
  });
}

/** `DELETE /me/push-subscriptions`: this browser no longer receives the user's push (someone else's endpoint: nothing changes). */
export async function unsubscribePush(ctx: Ctx, actor: Actor, input: PushUnsubscribeInput): Promise<void> {
  await ctx.db.kysely.deleteFrom('push_subscriptions').where('user_id', '=', actor.id).where('endpoint', '=', input.endpoint).execute();
}

/** `GET /me/push-subscriptions`: the browsers the user receives push in. */
export async function listPushSubscriptions(ctx: Ctx, actor: Actor): Promise<PushSubscriptionOut[]> {
  const rows = await ctx.db.kysely
    .selectFrom('push_subscriptions')
    .selectAll()
    .where('user_id', '=', actor.id)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(present);
}

/** In the notification's transaction: a `send-push` job per browser of the user (none subscribed: nothing). */
export async function queuePushes(trx: Trx, items: { userId: string; notificationId: string }[]): Promise<void> {
  if (!items.length) return;
  const subs = await trx
    .selectFrom('push_subscriptions')
    .select(['id', 'user_id'])
    .where('user_id', 'in', [...new Set(items.map((i) => i.userId))])
    .execute();
  for (const { userId, notificationId } of items)
    for (const s of subs)
      if (s.user_id === userId)
        await enqueue(trx, PUSH_JOB, { notificationId, subscriptionId: s.id }, { dedupeKey: `push:${notificationId}:${s.id}` });
}
