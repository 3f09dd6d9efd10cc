import { BusinessHoursPut } from '../../../common/business-hours.js';
import { BusinessHoursOut } from '../../../common/api-outputs/index.js';
import { getBusinessHours, setBusinessHours } from '../../domain/business-hours.js';
import type { Ctx } from '../../domain/context.js';
import { idParams, route } from '../route.js';

/** An inbox's business hours (`/api/v1/inboxes/:id/business-hours`): whoever may read the inbox reads them, admins set them. */
export function inboxBusinessHoursRoutes(ctx: Ctx) {
  const common = { tag: 'inboxes', auth: 'user', params: idParams, response: BusinessHoursOut } as const;
  return [
    route({
      ...common,
      method: 'GET',
      url: '/api/v1/inboxes/:id/business-hours',
      operationId: 'getInboxBusinessHours',
      summary: 'The inbox’s business hours (reports count response times in them); `hours` null: always open',
      handler: ({ actor, params }) => getBusinessHours(ctx, actor, params.id),
    }),
    route({
      ...common,
      method: 'PUT',
      url: '/api/v1/inboxes/:id/business-hours',
      operationId: 'putInboxBusinessHours',
      summary:
        'Set the inbox’s business hours: a time zone, weekly intervals (day 0 is Sunday, `to` may be 24:00, overlaps count once) and holidays as dates in that zone; `hours` null: always open (admins)',
      body: BusinessHoursPut,
      handler: ({ actor, params, body }) => setBusinessHours(ctx, actor, params.id, body.hours),
    }),
  ];
}
