/**
 * The enabled webhook endpoints, as the subscriber needs them for every committed event, kept in
 * memory per process. Why: the subscriber runs on every event of every conversation, while the
 * endpoints change a few times a year; reading the `webhooks` table each time was a query per event
 * for nothing. The process that changes an endpoint (`domain/webhooks.ts`, or the delivery job turning
 * one off) forgets the list at once; other processes (more app servers, a separate worker) read it
 * again after `WEBHOOK_CACHE_MS`, so a change made elsewhere reaches them within seconds. A stale entry
 * costs little: the delivery job reads the endpoint again and sends nothing to a disabled one.
 */
import type { WebhookEventType } from '../../common/webhook-api.js';
import { decodeJson } from '../db/json.js';
import type { Ctx } from './context.js';

export const WEBHOOK_CACHE_MS = 5_000;

export interface EnabledWebhook {
  id: string;
  eventTypes: WebhookEventType[];
  inboxId: string | null;
  createdBy: string;
}

interface Cached {
  at: number;
  hooks: Promise<EnabledWebhook[]>;
}

/** One list per database (a test process runs several servers; a context copied with a clock shares its database). */
const cache = new WeakMap<Ctx['db'], Cached>();

export function enabledWebhooks(ctx: Ctx): Promise<EnabledWebhook[]> {
  const now = Date.now();
  const hit = cache.get(ctx.db);
  if (hit && now - hit.at < WEBHOOK_CACHE_MS) return hit.hooks;
  const hooks = ctx.db.kysely
    .selectFrom('webhooks')
    .select(['id', 'event_types', 'inbox_id', 'created_by'])
    .where('status', '=', 'on')
    .orderBy('id')
    .execute()
    .then((rows) =>
      rows.map((h) => ({
        id: h.id,
        eventTypes: decodeJson<WebhookEventType[]>(h.event_types, []),
        inboxId: h.inbox_id,
        createdBy: h.created_by,
      })),
    );
  const entry = { at: now, hooks };
  cache.set(ctx.db, entry);
  // A failed read is not kept: the next event asks again.
  hooks.catch(() => cache.get(ctx.db) === entry && cache.delete(ctx.db));
  return hooks;
}

/** After a change of an endpoint in this process (call it once the change is committed). */
export function forgetEnabledWebhooks(ctx: Ctx): void {
  cache.delete(ctx.db);
}
