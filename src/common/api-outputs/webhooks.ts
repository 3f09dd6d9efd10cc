/** Answers about outgoing webhooks (the interfaces in `webhook-api.ts` are checked against these). */
import { z } from 'zod';
import type * as W from '../webhook-api.js';
import { webhookDeliveryStatuses, webhookDisabledCodes, webhookEventTypes } from '../webhook-api.js';
import { at, named, nullableString, obj, same } from './shared.js';

const webhookFields = {
  id: z.string(),
  name: z.string(),
  url: z.string(),
  eventTypes: z.array(z.enum(webhookEventTypes)),
  inboxId: nullableString,
  status: z.enum(['on', 'disabled']),
  disabledReason: nullableString,
  disabledCode: z.enum(webhookDisabledCodes).nullable(),
  consecutiveFailures: z.number(),
  previousSecretUntil: at.nullable(),
  createdBy: z.string(),
  createdAt: at,
};
export const WebhookOut = named('Webhook', obj(webhookFields));
export const WebhookListedOut = named(
  'WebhookListed',
  obj({
    ...webhookFields,
    lastDelivery: obj({ status: z.enum(webhookDeliveryStatuses), lastStatus: z.number().nullable(), createdAt: at }).nullable(),
  }),
);
export const WebhookWithSecretOut = named('WebhookWithSecret', obj({ ...webhookFields, secret: z.string() }));
export const WebhookDeliveryOut = named(
  'WebhookDelivery',
  obj({
    id: z.string(),
    webhookId: z.string(),
    eventType: z.string(),
    conversationId: nullableString,
    status: z.enum(webhookDeliveryStatuses),
    attempts: z.number(),
    nextAttemptAt: at.nullable(),
    lastStatus: z.number().nullable(),
    lastDurationMs: z.number().nullable(),
    responseExcerpt: nullableString,
    createdAt: at,
  }),
);

same<W.WebhookOut, z.output<typeof WebhookOut>>(true);
same<W.WebhookListedOut, z.output<typeof WebhookListedOut>>(true);
same<W.WebhookWithSecretOut, z.output<typeof WebhookWithSecretOut>>(true);
same<W.WebhookDeliveryOut, z.output<typeof WebhookDeliveryOut>>(true);
