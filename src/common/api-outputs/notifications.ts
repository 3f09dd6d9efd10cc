/** Answers about notifications (the interfaces in `notification-api.ts` are checked against these). */
import { z } from 'zod';
import type * as N from '../notification-api.js';
import { NotificationPreferences, notificationKinds } from '../notification-api.js';
import { at, named, nullableString, obj, same } from './shared.js';

export const NotificationOut = named(
  'Notification',
  obj({
    id: z.string(),
    kind: z.enum(notificationKinds),
    conversationId: nullableString,
    inboxId: nullableString,
    actor: obj({ id: z.string(), name: z.string() }).nullable(),
    data: obj({
      subject: nullableString.optional(),
      contactName: nullableString.optional(),
      excerpt: nullableString.optional(),
      channelKind: nullableString.optional(),
      inboxName: nullableString.optional(),
      teamName: nullableString.optional(),
      webhookName: nullableString.optional(),
      webhookReason: z.enum(['gone', 'failures']).optional(),
      channelId: z.string().optional(),
      channelName: nullableString.optional(),
    }),
    createdAt: at,
    readAt: at.nullable(),
  }),
);
export const NotificationPageOut = named(
  'NotificationPage',
  obj({ items: z.array(NotificationOut), nextCursor: z.string().nullable(), unreadCount: z.number() }),
);
export const NotificationPreferencesOut = named('NotificationPreferences', NotificationPreferences);

same<N.NotificationOut, z.output<typeof NotificationOut>>(true);
same<N.NotificationPageOut, z.output<typeof NotificationPageOut>>(true);
