import { z } from 'zod';
import { PushSubscriptionInput, PushUnsubscribeInput } from '../../../common/push-api.js';
import { PushPublicKeyOut, PushSubscriptionOut } from '../../../common/api-outputs/index.js';
import type { Ctx } from '../../domain/context.js';
import { listPushSubscriptions, pushPublicKey, subscribePush, unsubscribePush } from '../../domain/push.js';
import { route } from '../route.js';

/** Web Push: the server's public key (`/api/v1/push/public-key`) and your browsers (`/api/v1/me/push-subscriptions`). */
export function pushRoutes(ctx: Ctx) {
  const common = { tag: 'notifications', auth: 'user' } as const;
  return [
    route({
      ...common,
      method: 'GET',
      url: '/api/v1/push/public-key',
      operationId: 'getPushPublicKey',
      response: PushPublicKeyOut,
      summary: 'The VAPID public key to subscribe a browser to Web Push with (`applicationServerKey`)',
      handler: () => pushPublicKey(ctx),
    }),
    route({
      ...common,
      method: 'GET',
      url: '/api/v1/me/push-subscriptions',
      operationId: 'listPushSubscriptions',
      response: z.array(PushSubscriptionOut),
      summary: 'The browsers you receive Web Push in',
      handler: ({ actor }) => listPushSubscriptions(ctx, actor),
    }),
    route({
      ...common,
      method: 'POST',
      url: '/api/v1/me/push-subscriptions',
      operationId: 'subscribePush',
      response: PushSubscriptionOut,
      summary: 'Receive Web Push in this browser (a `PushSubscription`; the same endpoint again updates it; at most 10 per user)',
      body: PushSubscriptionInput,
      handler: ({ actor, body }) => subscribePush(ctx, actor, body),
    }),
    route({
      ...common,
      method: 'DELETE',
      url: '/api/v1/me/push-subscriptions',
      operationId: 'unsubscribePush',
      status: 204,
      summary: 'Stop Web Push to this browser (by its endpoint)',
      body: PushUnsubscribeInput,
      handler: async ({ actor, body }) => unsubscribePush(ctx, actor, body),
    }),
  ];
}
