import type { Ctx } from '../../domain/context.js';
import { retryDelivery } from '../../domain/messages.js';
import { idParams, route } from '../route.js';
import { MessageOut } from '../../../common/api-outputs/index.js';

/** One message (`/api/v1/messages/:id…`). */
export function messageRoutes(ctx: Ctx) {
  return [
    route({
      method: 'POST',
      url: '/api/v1/messages/:id/retry',
      operationId: 'retryMessageDelivery',
      response: MessageOut,
      summary: 'Send a failed reply again (same Message-ID)',
      tag: 'messages',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => retryDelivery(ctx, actor, params.id),
    }),
  ];
}
