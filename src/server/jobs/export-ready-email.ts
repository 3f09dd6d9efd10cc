import { sendSystemMail } from '../channels/email/outbound.js';
import { encodeJson } from '../db/json.js';
import { mailLanguage, mailT } from '../../common/mail-texts/index.js';
import { EXPORT_KEEP_DAYS } from '../../common/export-api.js';
import type { Ctx } from '../domain/context.js';
import { EXPORT_MAIL_JOB } from '../export/archives.js';
import { defineJob } from './define.js';

/** The job: mails the admin who started an export its download link (held while no mail can go out), then forgets the token. */
async function sendExportLink(ctx: Ctx, p: { exportId: string; token?: string }): Promise<void> {
  const k = ctx.db.kysely;
  const r = await k
    .selectFrom('exports')
    .innerJoin('users', 'users.id', 'exports.created_by')
    .select([
      'users.email',
      'users.name',
      'users.locale',
      'users.deactivated_at',
      'exports.expires_at',
      'exports.file',
      'exports.emailed_at',
    ])
    .where('exports.id', '=', p.exportId)
    .executeTakeFirst();
  if (!r || !p.token || r.emailed_at || r.deactivated_at || !r.file || !r.expires_at || Date.parse(r.expires_at) < Date.now()) return;
  const appUrl = ctx.mail.appUrl?.replace(/\/+$/, '');
  if (!appUrl) throw new Error('The app’s address is not known yet (PUBLIC_URL)');
  const link = `${appUrl}/api/v1/exports/${encodeURIComponent(p.exportId)}/file?token=${encodeURIComponent(p.token)}`;
  const t = mailT(mailLanguage(r.locale));
  await sendSystemMail(ctx, {
    to: { name: r.name, address: r.email },
    subject: t('export.subject'),
    text: t('export.body', { name: r.name, link, days: EXPORT_KEEP_DAYS }),
  });
  await k.updateTable('exports').set({ emailed_at: new Date().toISOString() }).where('id', '=', p.exportId).execute();
  await k
    .updateTable('jobs')
    .set({ payload: encodeJson({ exportId: p.exportId }) })
    .where('dedupe_key', '=', `export-mail:${p.exportId}`)
    .execute();
}

export const exportReadyEmailJob = defineJob({ ...EXPORT_MAIL_JOB, handle: sendExportLink });
