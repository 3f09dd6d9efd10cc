import { VERIFY_JOB } from '../channels/email/identity.js';
import { channelTransport, defaultFromAddress } from '../channels/email/outbound.js';
import { encodeJson } from '../db/json.js';
import type { Ctx } from '../domain/context.js';
import { defineJob } from './define.js';

/** The job: mails the code to the address through the channel's SMTP server or the relay. */
async function sendAddressCode(ctx: Ctx, p: { verificationId: string; code?: string }): Promise<void> {
  const k = ctx.db.kysely;
  const v = await k.selectFrom('email_address_verifications').selectAll().where('id', '=', p.verificationId).executeTakeFirst();
  if (!v || v.verified_at || !p.code) return;
  const env = ctx.mail;
  const c = await k.selectFrom('channels').selectAll().where('id', '=', v.channel_id).executeTakeFirstOrThrow();
  const inbox = await k.selectFrom('inboxes').select(['slug', 'name']).where('id', '=', c.inbox_id).executeTakeFirstOrThrow();
  await (
    await channelTransport(ctx, env, c)
  ).sendMail({
    from: { name: inbox.name, address: defaultFromAddress(c, inbox.slug, env.mailDomain) },
    to: v.address,
    subject: `Your verification code: ${p.code}`,
    text: `Someone asked to send email as ${v.address} from the "${inbox.name}" inbox in Switchboard.\n\nVerification code: ${p.code}\n\nIt expires in 30 minutes. If this was not you, ignore this message.\n`,
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  await k
    .updateTable('jobs')
    .set({ payload: encodeJson({ verificationId: v.id }) })
    .where('dedupe_key', '=', `verify:${v.id}`)
    .execute();
}

export const emailVerifyAddressJob = defineJob({ ...VERIFY_JOB, handle: sendAddressCode });
