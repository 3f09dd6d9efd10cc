import { CODE_TTL_MS, VERIFY_JOB } from '../channels/email/identity.js';
import { channelTransport, defaultFromAddress } from '../channels/email/outbound.js';
import { decodeJson, encodeJson } from '../db/json.js';
import { mailLanguage, mailT } from '../../common/mail-texts/index.js';
import type { EmailIdentitySettings } from '../channels/email/signature.js';
import type { Ctx } from '../domain/context.js';
import { defineJob } from './define.js';

/** The job: mails the code to the address through the channel's SMTP server or the relay, in the channel's mail language. */
async function sendAddressCode(ctx: Ctx, p: { verificationId: string; code?: string }): Promise<void> {
  const k = ctx.db.kysely;
  const v = await k.selectFrom('email_address_verifications').selectAll().where('id', '=', p.verificationId).executeTakeFirst();
  if (!v || v.verified_at || !p.code) return;
  const env = ctx.mail;
  const c = await k.selectFrom('channels').selectAll().where('id', '=', v.channel_id).executeTakeFirstOrThrow();
  const inbox = await k.selectFrom('inboxes').select(['slug', 'name']).where('id', '=', c.inbox_id).executeTakeFirstOrThrow();
  const t = mailT(mailLanguage(decodeJson<{ identity?: EmailIdentitySettings }>(c.settings, {}).identity?.language));
  await (
    await channelTransport(ctx, env, c)
  ).sendMail({
    from: { name: inbox.name, address: defaultFromAddress(c, inbox.slug, env.mailDomain) },
    to: v.address,
    subject: t('verify.subject', { code: p.code }),
    text: t('verify.body', { address: v.address, inbox: inbox.name, code: p.code, minutes: CODE_TTL_MS / 60_000 }),
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  await k
    .updateTable('jobs')
    .set({ payload: encodeJson({ verificationId: v.id }) })
    .where('dedupe_key', '=', `verify:${v.id}`)
    .execute();
}

export const emailVerifyAddressJob = defineJob({ ...VERIFY_JOB, handle: sendAddressCode });
