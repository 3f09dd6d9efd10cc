import { sendSystemMail } from '../channels/email/outbound.js';
import { encodeJson } from '../db/json.js';
import { mailLanguage, mailT } from '../../common/mail-texts/index.js';
import type { Ctx } from '../domain/context.js';
import { RESET_JOB, RESET_TTL_MS } from '../domain/passwords.js';
import { defineJob } from './define.js';

/** The job: mails an admin-started reset link through the outgoing mail server (Settings or SMTP_RELAY_URL) in the user's language, then forgets the link. */
async function sendResetLink(ctx: Ctx, p: { resetId: string; link?: string }): Promise<void> {
  const k = ctx.db.kysely;
  const r = await k
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select(['users.email', 'users.name', 'users.locale', 'password_resets.used_at', 'password_resets.expires_at'])
    .where('password_resets.id', '=', p.resetId)
    .executeTakeFirst();
  if (!r || r.used_at || !p.link || Date.parse(r.expires_at) < Date.now()) return;
  const t = mailT(mailLanguage(r.locale));
  await sendSystemMail(ctx, {
    to: r.email,
    subject: t('reset.subject'),
    text: t('reset.body', { name: r.name, link: p.link, hours: RESET_TTL_MS / 3600_000 }),
  });
  await k
    .updateTable('jobs')
    .set({ payload: encodeJson({ resetId: p.resetId }) })
    .where('dedupe_key', '=', `reset:${p.resetId}`)
    .execute();
}

export const passwordResetEmailJob = defineJob({ ...RESET_JOB, handle: sendResetLink });
