import { z } from 'zod';
import { WebhookCreate, WebhookDeliveryQuery, WebhookUpdate } from '../../../common/webhook-api.js';
import { WebhookDeliveryOut, WebhookListedOut, WebhookOut, WebhookWithSecretOut, pageOf } from '../../../common/api-outputs/index.js';
import type { Ctx } from '../../domain/context.js';
import {
  createWebhook,
  deleteWebhook,
  listWebhookDeliveries,
  listWebhooks,
  pingWebhook,
  retryWebhookDelivery,
  rotateWebhookSecret,
  updateWebhook,
} from '../../domain/webhooks.js';
import { idParams, listOf, route } from '../route.js';

/** Outgoing webhooks (`/api/v1/webhooks`; admins, for anyone else these routes do not exist). */
export function webhookRoutes(ctx: Ctx) {
  const common = { tag: 'webhooks', auth: 'user' } as const;
  return [
    route({
      ...common,
      method: 'GET',
      url: '/api/v1/webhooks',
      operationId: 'listWebhooks',
      response: pageOf(WebhookListedOut),
      summary: 'The outgoing webhooks (never their secrets), each with its newest delivery',
      handler: async ({ actor }) => listOf(await listWebhooks(ctx, actor)),
    }),
    route({
      ...common,
      method: 'POST',
      url: '/api/v1/webhooks',
      operationId: 'createWebhook',
      response: WebhookWithSecretOut,
      summary: 'Register an endpoint for the event types given (and one inbox, optionally); answers its secret once',
      body: WebhookCreate,
      status: 201,
      handler: ({ actor, body }) => createWebhook(ctx, actor, body),
    }),
    route({
      ...common,
      method: 'PATCH',
      url: '/api/v1/webhooks/:id',
      operationId: 'updateWebhook',
      response: WebhookOut,
      summary: 'Change an endpoint; `status: on` turns a disabled one back on',
      params: idParams,
      body: WebhookUpdate,
      handler: ({ actor, params, body }) => updateWebhook(ctx, actor, params.id, body),
    }),
    route({
      ...common,
      method: 'DELETE',
      url: '/api/v1/webhooks/:id',
      operationId: 'deleteWebhook',
      summary: 'Remove an endpoint and its delivery log',
      params: idParams,
      status: 204,
      handler: ({ actor, params }) => deleteWebhook(ctx, actor, params.id),
    }),
    route({
      ...common,
      method: 'POST',
      url: '/api/v1/webhooks/:id/rotate-secret',
      operationId: 'rotateWebhookSecret',
      response: WebhookWithSecretOut,
      summary: 'A new secret, answered once; the old one still signs (a second signature) for 24 hours',
      params: idParams,
      handler: ({ actor, params }) => rotateWebhookSecret(ctx, actor, params.id),
    }),
    route({
      ...common,
      method: 'POST',
      url: '/api/v1/webhooks/:id/test',
      operationId: 'testWebhook',
      response: WebhookDeliveryOut,
      summary: 'Queue a `webhook.ping` delivery to the endpoint',
      params: idParams,
      status: 201,
      handler: ({ actor, params }) => pingWebhook(ctx, actor, params.id),
    }),
    route({
      ...common,
      method: 'GET',
      url: '/api/v1/webhooks/:id/deliveries',
      operationId: 'listWebhookDeliveries',
      response: pageOf(WebhookDeliveryOut),
      summary: 'The delivery log of an endpoint, newest first: status, attempts, last answer and its duration, kept 14 days',
      params: idParams,
      query: WebhookDeliveryQuery,
      handler: ({ actor, params, query }) => listWebhookDeliveries(ctx, actor, params.id, query),
    }),
    route({
      ...common,
      method: 'POST',
      url: '/api/v1/webhooks/deliveries/:id/retry',
      operationId: 'retryWebhookDelivery',
      response: WebhookDeliveryOut,
      summary: 'Send a delivery again now (same `webhook-id`)',
      params: z.object({ id: z.string().min(1).max(64) }),
      handler: ({ actor, params }) => retryWebhookDelivery(ctx, actor, params.id),
    }),
  ];
}
