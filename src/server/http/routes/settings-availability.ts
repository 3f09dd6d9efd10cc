import { AvailabilitySettingsUpdate } from '../../../common/crm-api.js';
import { getAvailabilitySettings, updateAvailabilitySettings } from '../../domain/availability.js';
import type { Ctx } from '../../domain/context.js';
import { route } from '../route.js';
import { AvailabilitySettingsOut } from '../../../common/api-outputs/index.js';

export function availabilityRoutes(ctx: Ctx) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/settings/availability',
      operationId: 'getAvailabilitySettings',
      response: AvailabilitySettingsOut,
      summary: 'Auto-away: minutes without the app open after which routing treats a user as away (null: off)',
      tag: 'routing',
      auth: 'user',
      handler: ({ actor }) => getAvailabilitySettings(ctx, actor),
    }),
    route({
      method: 'PATCH',
      url: '/api/v1/settings/availability',
      operationId: 'updateAvailabilitySettings',
      response: AvailabilitySettingsOut,
      summary: 'Turn auto-away on or off (admins)',
      tag: 'routing',
      auth: 'user',
      body: AvailabilitySettingsUpdate,
      handler: ({ actor, body }) => updateAvailabilitySettings(ctx, actor, body),
    }),
  ];
}
