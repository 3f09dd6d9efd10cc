/** A notification in the bell: its words (shared with push and email, `common/notification-texts.ts`) and where it leads. */
import type { NotificationOut } from '../../common/notification-api.js';
import { notificationLanguage, notificationUrl, notificationWords } from '../../common/notification-texts.js';
import type { Locale } from '../i18n/index.js';

export const wordsOf = (locale: Locale, n: NotificationOut) => notificationWords(notificationLanguage(locale), n);

/** Where clicking it leads: its conversation, the webhooks' settings for a webhook turned off, the inbox's settings for a channel to reconnect. */
export const hrefOf = (n: NotificationOut): string =>
  n.kind === 'webhook_disabled'
    ? '/settings/webhooks'
    : n.kind === 'channel_reconnect'
      ? '/settings/inboxes'
      : notificationUrl(n.conversationId, n.inboxId);
