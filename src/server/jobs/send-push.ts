/**
 * One Web Push to one browser (F-NOTIFY.1): the notification's words in the user's language, a URL
 * to open, encrypted for the browser (RFC 8291, aes128gcm) and signed with the server's VAPID key by
 * `web-push`, sent to the checked address of the push service. Not sent when the notification was
 * read meanwhile, when a tab of the user is open (it shows a browser notification itself), or once
 * the TTL has passed. 404/410: the browser unsubscribed, its subscription is removed. Other failures
 * throw, so the worker retries.
 */
import webPush from 'web-push';
import type { NotificationData, NotificationKind } from '../../common/notification-api.js';
import { notificationLanguage, notificationUrl, notificationWords } from '../../common/notification-texts.js';
import type { PushPayload } from '../../common/push-api.js';
import { decodeJson } from '../db/json.js';
import type { Ctx } from '../domain/context.js';
import { PUSH_JOB, vapidKeys } from '../domain/push.js';
import { openAppsOf } from '../realtime/open-apps.js';
import { postChecked } from '../webhook-target.js';
import { defineJob } from './define.js';

/** How long a push service keeps a push for a browser that is offline: later than that it is old news. */
export const PUSH_TTL_SECONDS = 3600;
const TIMEOUT_MS = 10_000;

export async function sendPush(ctx: Ctx, p: { notificationId: string; subscriptionId: string }): Promise<void> {
  const k = ctx.db.kysely;
  const n = await k
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .leftJoin('users as a', 'a.id', 'n.actor_id')
    .leftJoin('conversations as c', 'c.id', 'n.conversation_id')
    .select(['n.id', 'n.user_id', 'n.kind', 'n.data', 'n.read_at', 'n.created_at', 'n.conversation_id', 'u.locale', 'a.name as actor_name'])
    .select('c.inbox_id')
    .where('n.id', '=', p.notificationId)
    .executeTakeFirst();
  if (!n || n.read_at) return;
  const ageMs = Date.now() - Date.parse(n.created_at);
  if (ageMs > PUSH_TTL_SECONDS * 1000) return;
  if (openAppsOf(ctx).isOpen(n.user_id)) return;
  const sub = await k
    .selectFrom('push_subscriptions')
    .selectAll()
    .where('id', '=', p.subscriptionId)
    .where('user_id', '=', n.user_id)
    .executeTakeFirst();
  if (!sub) return;
  const words = notificationWords(notificationLanguage(n.locale), {
    kind: n.kind as NotificationKind,
    actor: n.actor_name ? { name: n.actor_name } : null,
    data: decodeJson<NotificationData>(n.data, {}),
  });
  const payload: PushPayload = {
    ...words,
    url: notificationUrl(n.conversation_id, n.inbox_id ?? null),
    tag: n.conversation_id ? `conversation:${n.conversation_id}` : `notification:${n.id}`,
    notificationId: n.id,
  };
  const keys = await vapidKeys(ctx);
  const details = webPush.generateRequestDetails(
    { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
    JSON.stringify(payload),
    {
      vapidDetails: keys,
      // What is left of the hour: a push service holding it longer would show stale news.
      TTL: Math.max(60, PUSH_TTL_SECONDS - Math.floor(ageMs / 1000)),
      urgency: 'high',
      contentEncoding: 'aes128gcm',
    },
  );
  const { status } = await postChecked(details.endpoint, ctx.mail.allowPrivateWebhooks ?? false, {
    headers: details.headers as Record<string, string>,
    body: details.body,
    timeoutMs: TIMEOUT_MS,
  });
  if (status === 404 || status === 410) {
    await k.deleteFrom('push_subscriptions').where('id', '=', sub.id).execute();
    return;
  }
  if (status < 200 || status >= 300) throw new Error(`the push service answered ${status}`);
  await k.updateTable('push_subscriptions').set({ last_success_at: new Date().toISOString() }).where('id', '=', sub.id).execute();
}

export const sendPushJob = defineJob({ ...PUSH_JOB, handle: sendPush });
