/** The stream's notification events for this user, typed: one made (with whether push and sound are wanted for it) or some read. */
import type { NotificationOut } from '../../common/notification-api.js';
import { stream } from '../api/stream.js';

export type NotificationEvent =
  | { type: 'created'; notification: NotificationOut; push: boolean; sound: boolean; inboxId: string | null; at: string }
  | { type: 'read'; ids?: string[]; all?: true; conversationId?: string };

/** Calls `fn` for each notification event of the stream; returns the unsubscribe. */
export function onNotificationEvent(fn: (e: NotificationEvent) => void): () => void {
  return stream.subscribe((m) => {
    if (m.type !== 'event') return;
    if (m.event === 'notification.created') {
      const p = m.payload as { notification: NotificationOut; push: boolean; sound: boolean };
      fn({ type: 'created', notification: p.notification, push: p.push, sound: p.sound, inboxId: m.inboxId, at: m.at });
    } else if (m.event === 'notification.read')
      fn({ type: 'read', ...(m.payload as { ids?: string[]; all?: true; conversationId?: string }) });
  });
}
