import { z } from 'zod';
import { MessengerConnection } from '../../../common/api.js';
import { baseUrlOf } from '../../channels/chat/manage.js';
import { receiveSigned, verifySubscription } from '../../channels/messenger/inbound-http.js';
import { reconnectMessengerChannel } from '../../channels/messenger/manage.js';
import type { Ctx } from '../../domain/context.js';
import { idParams, route } from '../route.js';
import { ChannelOut } from '../../../common/api-outputs/index.js';

const Handshake = z.object({
  'hub.mode': z.string().max(32).optional(),
  'hub.verify_token': z.string().max(200).optional(),
  'hub.challenge': z.string().max(200).optional(),
});
const WebhookAnswer = z.object({ stored: z.number(), duplicates: z.number(), echoes: z.number(), receipts: z.number() });

/** Facebook Messenger channels: Meta's webhook (open, signed) and reconnecting a Page (admins). */
export function messengerRoutes(ctx: Ctx) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/channels/:id/messenger/webhook',
      operationId: 'verifyMessengerWebhook',
      summary:
        "Messenger: Meta's subscription handshake; answers `hub.challenge` as text when `hub.verify_token` is the channel's (else 403)",
      tag: 'channels',
      auth: 'none',
      params: idParams,
      query: Handshake,
      produces: 'text/plain',
      handler: async ({ params, query, reply }) => {
        const challenge = await verifySubscription(ctx, params.id, {
          mode: query['hub.mode'],
          token: query['hub.verify_token'],
          challenge: query['hub.challenge'],
        });
        return reply.type('text/plain; charset=utf-8').send(challenge);
      },
    }),
    route({
      method: 'POST',
      url: '/api/v1/channels/:id/messenger/webhook',
      operationId: 'receiveMessengerWebhook',
      summary:
        "Messenger: Meta's events, signed with the app secret (`X-Hub-Signature-256`, else 403 and nothing stored); at most 20 entries and 100 messaging items; messages stored durably before the answer",
      tag: 'channels',
      auth: 'none',
      params: idParams,
      // Checked after the signature, by the shape in channels/messenger/webhook.ts.
      body: z.unknown(),
      response: WebhookAnswer,
      bodyLimit: 1024 * 1024,
      // The signature is over the bytes as sent: this route alone keeps them.
      keepRawBody: true,
      handler: ({ params, body, req }) => {
        const sig = req.headers['x-hub-signature-256'];
        return receiveSigned(ctx, params.id, req.rawBody, typeof sig === 'string' ? sig : undefined, body);
      },
    }),
    route({
      method: 'PUT',
      url: '/api/v1/channels/:id/messenger',
      operationId: 'reconnectMessengerChannel',
      response: ChannelOut,
      summary: "Messenger: replace the Page's id and secrets (admins); the channel is connected again. Secrets are never answered",
      tag: 'channels',
      auth: 'user',
      params: idParams,
      body: MessengerConnection,
      handler: ({ actor, params, body, req }) => reconnectMessengerChannel(ctx, actor, params.id, body, baseUrlOf(req)),
    }),
  ];
}
