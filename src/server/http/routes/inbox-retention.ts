import { RetentionPut } from '../../../common/retention-api.js';
import { RetentionOut } from '../../../common/api-outputs/index.js';
import type { Ctx } from '../../domain/context.js';
import { getRetention, setRetention } from '../../domain/retention.js';
import { idParams, route } from '../route.js';

/** An inbox's retention (`/api/v1/inboxes/:id/retention`): whoever may read the inbox reads it, admins set it. */
export function inboxRetentionRoutes(ctx: Ctx) {
  const common = { tag: 'inboxes', auth: 'user', params: idParams, response: RetentionOut } as const;
  return [
    route({
      ...common,
      method: 'GET',
      url: '/api/v1/inboxes/:id/retention',
      operationId: 'getInboxRetention',
      summary: 'How many days the inbox keeps conversations after they are closed; `days` null: forever (the default)',
      handler: ({ actor, params }) => getRetention(ctx, actor, params.id),
    }),
    route({
      ...common,
      method: 'PUT',
      url: '/api/v1/inboxes/:id/retention',
      operationId: 'putInboxRetention',
      summary:
        'Set how many days (1 to 36,500) the inbox keeps conversations after they are closed: a daily job deletes older ones with their messages and files; `days` null: keep forever (admins)',
      body: RetentionPut,
      handler: ({ actor, params, body }) => setRetention(ctx, actor, params.id, body.days),
    }),
  ];
}
