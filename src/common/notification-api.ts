/** Agents' notifications (F-NOTIFY.1–2): their kinds, the bell's list, reading them, and each user's preferences. */
import { z } from 'zod';

/**
 * What a notification is about. `new_conversation_<channel kind>`: a new conversation in an inbox the
 * user belongs to, per channel kind; `team_assigned`: to the user's team with nobody assigned;
 * `webhook_disabled`: an admin's notice that an outgoing webhook was turned off after failures.
 */
export const notificationKinds = [
  'assigned',
  'team_assigned',
  'new_message',
  'mention',
  'new_conversation_email',
  'new_conversation_chat',
  'new_conversation_api',
  'new_conversation_messenger',
  'new_conversation_form',
  'handover',
  'webhook_disabled',
  'channel_reconnect',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];
/** Kinds only admins receive (notices about the installation, no conversation): `channel_reconnect`, a channel that needs reconnecting. */
export const adminNotificationKinds: readonly NotificationKind[] = ['webhook_disabled', 'channel_reconnect'];

/** How a notification may reach its user: the bell, a browser notification or Web Push, a sound, a batched email. */
export const notificationDeliveries = ['inApp', 'push', 'sound', 'email'] as const;
export type NotificationDelivery = (typeof notificationDeliveries)[number];

const deliveryMatrix = z.strictObject({ inApp: z.boolean(), push: z.boolean(), sound: z.boolean(), email: z.boolean() });
export type DeliveryChoice = z.infer<typeof deliveryMatrix>;

/** `GET|PUT /me/notification-preferences`: the whole matrix (kind × delivery) and the sound and email options. */
export const NotificationPreferences = z.strictObject({
  kinds: z.strictObject(
    Object.fromEntries(notificationKinds.map((k) => [k, deliveryMatrix])) as Record<NotificationKind, typeof deliveryMatrix>,
  ),
  sound: z.strictObject({
    /** Play it again every 30 s until the notification is read. */
    repeat: z.boolean(),
    /** Also when the app's tab has focus (otherwise only when it is in the background). */
    whenFocused: z.boolean(),
  }),
  /** Minutes an email notification waits (skipped if read meanwhile, batched with others). */
  emailDelayMinutes: z.number().int().min(1).max(240),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

/** `GET /notifications`. */
export const NotificationQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type NotificationQuery = z.infer<typeof NotificationQuery>;

/** `POST /notifications/read`: these, or all of the user's. */
export const NotificationRead = z.union([
  z.strictObject({ ids: z.array(z.string().min(1).max(64)).min(1).max(500) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type NotificationRead = z.infer<typeof NotificationRead>;

/** Facts the app words; which are present depends on the kind. */
export interface NotificationData {
  subject?: string | null;
  contactName?: string | null;
  excerpt?: string | null;
  channelKind?: string | null;
  inboxName?: string | null;
  teamName?: string | null;
  webhookName?: string | null;
  /** Why a webhook was turned off: it answered 410 Gone, or too many deliveries failed in a row. */
  webhookReason?: 'gone' | 'failures';
  /** A channel that needs an admin (Messenger: its token expired or was revoked). */
  channelId?: string;
  channelName?: string | null;
}

export interface NotificationOut {
  id: string;
  kind: NotificationKind;
  conversationId: string | null;
  /** The conversation's inbox (to open it). */
  inboxId: string | null;
  actor: { id: string; name: string } | null;
  data: NotificationData;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPageOut {
  items: NotificationOut[];
  nextCursor: string | null;
  /** Unread in the bell, counted up to 100 (the app shows "99+"). */
  unreadCount: number;
}
