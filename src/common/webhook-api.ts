/** Outgoing webhooks (F-NOTIFY.4): what admins send to register endpoints, and what the API answers about them. */
import { z } from 'zod';

/** The event types an endpoint can subscribe to (`server/domain/webhook-events.ts` maps the stored events onto them). */
export const webhookEventTypes = [
  'conversation.created',
  'conversation.updated',
  'conversation.assigned',
  'conversation.closed',
  'message.created',
  'contact.created',
  'contact.updated',
  'ticket.created',
  'ticket.updated',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/**
 * Why an endpoint was turned off, as a code the app words (the API's `disabledReason` keeps the English
 * text it stored): by an admin, a 410 Gone answer, or too many failures in a row.
 */
export const webhookDisabledReasons = {
  admin: 'Turned off by an admin',
  gone: 'The endpoint answered 410 Gone',
  failures: '10 deliveries failed in a row',
} as const;
export type WebhookDisabledCode = keyof typeof webhookDisabledReasons;
export const webhookDisabledCodes = Object.keys(webhookDisabledReasons) as WebhookDisabledCode[];

export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed', 'given_up'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

/** `POST /webhooks`. */
export const WebhookCreate = z.object({
  name: z.string().trim().min(1).max(100),
  url,
  eventTypes: z.array(z.enum(webhookEventTypes)).min(1).max(webhookEventTypes.length),
  /** Only events of this inbox; none: every inbox the creator may read. */
  inboxId: z.string().min(1).max(64).nullable().default(null),
});
export type WebhookCreate = z.infer<typeof WebhookCreate>;

/** `PATCH /webhooks/:id`: `status: 'on'` turns a disabled endpoint back on (its failure count starts again). */
export const WebhookUpdate = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  url: url.optional(),
  eventTypes: z.array(z.enum(webhookEventTypes)).min(1).max(webhookEventTypes.length).optional(),
  inboxId: z.string().min(1).max(64).nullable().optional(),
  status: z.enum(['on', 'disabled']).optional(),
});
export type WebhookUpdate = z.infer<typeof WebhookUpdate>;

/** `GET /webhooks/:id/deliveries`. */
export const WebhookDeliveryQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type WebhookDeliveryQuery = z.infer<typeof WebhookDeliveryQuery>;

export interface WebhookOut {
  id: string;
  name: string;
  url: string;
  eventTypes: WebhookEventType[];
  inboxId: string | null;
  status: 'on' | 'disabled';
  disabledReason: string | null;
  /** `disabledReason` as a code for the app to word; null while on, or for a reason stored without one. */
  disabledCode: WebhookDisabledCode | null;
  consecutiveFailures: number;
  /** While the previous secret is still valid after a rotation (both signatures are sent until then). */
  previousSecretUntil: string | null;
  createdBy: string;
  createdAt: string;
}

/** The list adds the newest delivery of each endpoint (none yet: null). */
export interface WebhookListedOut extends WebhookOut {
  lastDelivery: { status: WebhookDeliveryStatus; lastStatus: number | null; createdAt: string } | null;
}

/** Create and rotate answer the secret, once. */
export interface WebhookWithSecretOut extends WebhookOut {
  secret: string;
}

export interface WebhookDeliveryOut {
  id: string;
  webhookId: string;
  eventType: string;
  conversationId: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastDurationMs: number | null;
  responseExcerpt: string | null;
  createdAt: string;
}
