/**
 * Committed events become webhook deliveries: each endpoint that wants the event's type (mapped in
 * `webhookTypesOf`), whose inbox filter matches and whose creator may read the event's inbox, gets
 * one `webhook_deliveries` row and a `deliver-webhook` job (`jobs/deliver-webhook.ts`). Every
 * process sees every event; the unique (webhook, event) index and the job's dedupe key make the
 * fan-out happen once between them.
 */
import { z } from 'zod';
import type { WebhookEventType } from '../../common/webhook-api.js';
import type { Trx } from '../db/database.js';
import type { WebhookDeliveriesTable } from '../db/schema.js';
import { enqueue, jobKind } from '../db/job-queue.js';
import { encodeJson } from '../db/json.js';
import type { StoredEvent } from '../events/events.js';
import { canReadInbox } from '../permissions/policy.js';
import { loadActor } from './auth.js';
import { write, type Ctx } from './context.js';
import { newId } from './ids.js';
import { enabledWebhooks } from './webhook-endpoints.js';

/** `deliver-webhook`: one attempt at one delivery (`attempt` keeps each queued attempt distinct). */
export const WEBHOOK_JOB = jobKind('deliver-webhook', z.object({ deliveryId: z.string(), attempt: z.string() }));

/** A delivery not yet tried, due at `at`. */
export function newDelivery(
  at: string,
  d: Pick<WebhookDeliveriesTable, 'id' | 'webhook_id' | 'event_id' | 'event_type' | 'conversation_id' | 'payload'>,
): WebhookDeliveriesTable {
  return {
    ...d,
    status: 'pending',
    attempts: 0,
    next_attempt_at: at,
    last_status: null,
    last_duration_ms: null,
    response_excerpt: null,
    created_at: at,
  };
}

/** Queues an attempt at `runAt` (now when absent) in the caller's transaction. */
export async function queueWebhookAttempt(trx: Trx, deliveryId: string, attempt: string, runAt?: string): Promise<void> {
  await enqueue(trx, WEBHOOK_JOB, { deliveryId, attempt }, { dedupeKey: `webhook:${deliveryId}:${attempt}`, runAt });
}

const changesOf = (e: StoredEvent) => ((e.payload as { changes?: unknown }).changes as string[] | undefined) ?? [];

/**
 * The one table from stored events to webhook event types, most specific first: an endpoint gets
 * the first of them it subscribed to (one delivery per event). Contact and ticket events are stored
 * as `contact.updated` with what happened in the payload.
 */
export function webhookTypesOf(e: StoredEvent): WebhookEventType[] {
  const p = e.payload as { created?: boolean; ticketId?: string; ticketCreated?: boolean; conversation?: { status?: string } };
  switch (e.type) {
    case 'conversation.created':
      return ['conversation.created'];
    case 'conversation.updated': {
      const changes = changesOf(e);
      const out: WebhookEventType[] = [];
      if (changes.includes('status') && p.conversation?.status === 'closed') out.push('conversation.closed');
      if (changes.includes('assignee_id') || changes.includes('team_id')) out.push('conversation.assigned');
      out.push('conversation.updated');
      return out;
    }
    case 'message.created':
      return ['message.created'];
    case 'contact.updated':
      if (p.ticketId) return [p.ticketCreated ? 'ticket.created' : 'ticket.updated'];
      return [p.created ? 'contact.created' : 'contact.updated'];
    default:
      return [];
  }
}

/** The stored event types the subscriber listens to. */
export const WEBHOOK_SOURCE_EVENTS = ['conversation.created', 'conversation.updated', 'message.created', 'contact.updated'] as const;

/** The body every delivery sends: `{ type, timestamp, data }` as Standard Webhooks suggests. */
export function webhookBody(type: string, timestamp: string, data: Record<string, unknown>): string {
  return encodeJson({ type, timestamp, data });
}

/**
 * The subscriber, one event at a time in event order (the bus does not wait for a handler), so the
 * deliveries of one conversation are created, and numbered, in the order its events happened.
 */
export function webhookSubscriber(ctx: Ctx): (e: StoredEvent) => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return (e) => (last = last.catch(() => undefined).then(() => queueWebhookDeliveries(ctx, e)));
}

/**
 * Rows and jobs for one committed event. Internal comments are never sent (they
 * are for agents only); an event of an inbox the webhook's creator cannot read is never sent either.
 */
export async function queueWebhookDeliveries(ctx: Ctx, e: StoredEvent): Promise<void> {
  if (e.internal) return;
  const types = webhookTypesOf(e);
  if (!types.length) return;
  const hooks = await enabledWebhooks(ctx);
  const wanted: { id: string; type: WebhookEventType }[] = [];
  for (const h of hooks) {
    const type = types.find((t) => h.eventTypes.includes(t));
    if (!type) continue;
    if (h.inboxId && e.inboxId !== h.inboxId) continue;
    if (e.inboxId) {
      const creator = await loadActor(ctx, h.createdBy);
      if (!creator || creator.deactivated || !canReadInbox(creator, e.inboxId)) continue;
    }
    wanted.push({ id: h.id, type });
  }
  if (!wanted.length) return;
  await write(ctx, async (w) => {
    for (const h of wanted) {
      const id = newId();
      const inserted = await w.trx
        .insertInto('webhook_deliveries')
        .values(
          newDelivery(w.at, {
            id,
            webhook_id: h.id,
            event_id: String(e.id),
            event_type: h.type,
            conversation_id: e.conversationId,
            payload: webhookBody(h.type, e.createdAt, e.payload),
          }),
        )
        .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) await queueWebhookAttempt(w.trx, id, '1');
    }
  });
}
