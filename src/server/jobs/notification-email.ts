import { sendSystemMail } from '../channels/email/outbound.js';
import { decodeJson } from '../db/json.js';
import { mailLanguage, mailT, type MailLanguage } from '../../common/mail-texts/index.js';
import { notificationWords } from '../../common/notification-texts.js';
import type { NotificationData, NotificationKind } from '../../common/notification-api.js';
import type { Ctx } from '../domain/context.js';
import { NOTIFY_EMAIL_JOB } from '../domain/notification-email.js';
import { defineJob } from './define.js';

/** Where the app shows the notification preferences. */
const PREFERENCES_PATH = '/settings/notifications';

export interface MailedNotification {
  kind: NotificationKind;
  data: NotificationData;
  actorName: string | null;
  /** The conversation's address in the app, or null (a notice about no conversation). */
  link: string | null;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The mail: a line per notification (kind, subject, contact, excerpt, link), then where to change what is mailed. */
export function notificationMail(language: MailLanguage, o: { name: string; appUrl: string; items: MailedNotification[] }) {
  const t = mailT(language);
  const blocks = o.items.map((n, i) => {
    const words = notificationWords(language, { kind: n.kind, actor: n.actorName ? { name: n.actorName } : null, data: n.data });
    const lines = [`${i + 1}. ${words.title}`];
    if (n.kind === 'webhook_disabled' || n.kind === 'channel_reconnect') lines.push(words.body);
    if (n.link) {
      lines.push(t('notify.subjectLine', { subject: n.data.subject ? oneLine(n.data.subject) : t('notify.noSubject') }));
      if (n.data.contactName) lines.push(t('notify.contactLine', { contact: oneLine(n.data.contactName) }));
      if (n.data.excerpt) lines.push(`“${oneLine(n.data.excerpt)}”`);
      lines.push(t('notify.open', { link: n.link }));
    }
    return lines.join('\n   ');
  });
  return {
    subject: t('notify.subject', { count: o.items.length }),
    text: [
      t('notify.intro', { name: o.name, count: o.items.length }),
      '',
      blocks.join('\n\n'),
      '',
      '-- ',
      t('notify.footer', { link: `${o.appUrl}${PREFERENCES_PATH}` }),
      '',
    ].join('\n'),
  };
}

/**
 * The job: one user's batch as one mail in their language, through the outgoing mail server (held
 * while there is none). What was read while the mail waited is left out; nothing left, no mail.
 */
async function sendNotificationEmail(ctx: Ctx, p: { userId: string; ids: string[] }): Promise<void> {
  const k = ctx.db.kysely;
  const user = await k
    .selectFrom('users')
    .select(['email', 'name', 'locale', 'deactivated_at'])
    .where('id', '=', p.userId)
    .executeTakeFirst();
  if (!user || user.deactivated_at) return;
  const rows = await k
    .selectFrom('notifications as n')
    .leftJoin('conversations as c', 'c.id', 'n.conversation_id')
    .leftJoin('users as a', 'a.id', 'n.actor_id')
    .select(['n.kind', 'n.data', 'n.conversation_id', 'c.inbox_id', 'a.name as actor_name'])
    .where('n.id', 'in', p.ids)
    .where('n.user_id', '=', p.userId)
    .where('n.read_at', 'is', null)
    .orderBy('n.id')
    .execute();
  if (!rows.length) return;
  const appUrl = ctx.mail.appUrl?.replace(/\/+$/, '');
  if (!appUrl) throw new Error('The app’s address is not known yet (PUBLIC_URL)');
  const enc = encodeURIComponent;
  const items: MailedNotification[] = rows.map((r) => ({
    kind: r.kind as NotificationKind,
    data: decodeJson<NotificationData>(r.data, {}),
    actorName: r.actor_name ?? null,
    link: r.conversation_id && r.inbox_id ? `${appUrl}/inbox/${enc(r.inbox_id)}/all/${enc(r.conversation_id)}` : null,
  }));
  const mail = notificationMail(mailLanguage(user.locale), { name: user.name, appUrl, items });
  await sendSystemMail(ctx, { to: { name: user.name, address: user.email }, ...mail });
}

export const notificationEmailJob = defineJob({ ...NOTIFY_EMAIL_JOB, handle: sendNotificationEmail });
