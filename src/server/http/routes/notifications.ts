import { z } from 'zod';
import { NotificationPreferences, NotificationQuery, NotificationRead } from '../../../common/notification-api.js';
import { NotificationPageOut, NotificationPreferencesOut } from '../../../common/api-outputs/index.js';
import type { Ctx } from '../../domain/context.js';
import { getMyPreferences, putMyPreferences } from '../../domain/notification-prefs.js';
import { listNotifications, readNotifications } from '../../domain/notifications.js';
import { route } from '../route.js';

/** The bell (`/api/v1/notifications`) and your notification preferences (`/api/v1/me/notification-preferences`). */
export function notificationRoutes(ctx: Ctx) {
  const common = { tag: 'notifications', auth: 'user' } as const;
  return [
    route({
      ...common,
      method: 'GET',
      url: '/api/v1/notifications',
      operationId: 'listNotifications',
      response: NotificationPageOut,
      summary: 'Your notifications, newest first (`unread=true`: only unread), with the unread count (up to 100)',
      query: NotificationQuery,
      handler: ({ actor, query }) => listNotifications(ctx, actor, query),
    }),
    route({
      ...common,
      method: 'POST',
      url: '/api/v1/notifications/read',
      operationId: 'readNotifications',
      response: z.strictObject({ unreadCount: z.number() }),
      summary: 'Mark notifications read: `{ids}` or `{all: true}`; answers the unread count left',
      body: NotificationRead,
      handler: ({ actor, body }) => readNotifications(ctx, actor, body),
    }),
    route({
      ...common,
      method: 'GET',
      url: '/api/v1/me/notification-preferences',
      operationId: 'getNotificationPreferences',
      response: NotificationPreferencesOut,
      summary: 'Which notifications reach you, and how (kind × in-app, push, sound, email)',
      handler: ({ actor }) => getMyPreferences(ctx, actor),
    }),
    route({
      ...common,
      method: 'PUT',
      url: '/api/v1/me/notification-preferences',
      operationId: 'putNotificationPreferences',
      response: NotificationPreferencesOut,
      summary: 'Replace your notification preferences (the whole matrix)',
      body: NotificationPreferences,
      handler: ({ actor, body }) => putMyPreferences(ctx, actor, body),
    }),
  ];
}
