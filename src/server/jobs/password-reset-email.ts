import nodemailer, { type Transporter } from 'nodemailer';
import { HeldError, HELD_NO_RELAY } from '../channels/email/outbound.js';
import { encodeJson } from '../db/json.js';
import type { Ctx } from '../domain/context.js';
import { RESET_JOB } from '../domain/passwords.js';
import { defineJob } from './define.js';

let relay: { url: string; t: Transporter } | undefined;

/** The job: mails an admin-started reset link through the relay (SMTP_RELAY_URL), then forgets the link. */
async function sendResetLink(ctx: Ctx, p: { resetId: string; link?: string }): Promise<void> {
  const k = ctx.db.kysely;
  const r = await k
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select(['users.email', 'users.name', 'password_resets.used_at', 'password_resets.expires_at'])
    .where('password_resets.id', '=', p.resetId)
    .executeTakeFirst();
  if (!r || r.used_at || !p.link || Date.parse(r.expires_at) < Date.now()) return;
  const env = ctx.mail;
  if (!env.relayUrl) throw new HeldError(HELD_NO_RELAY);
  if (relay?.url !== env.relayUrl) relay = { url: env.relayUrl, t: nodemailer.createTransport(env.relayUrl) };
  await relay.t.sendMail({
    from: { name: 'Switchboard', address: `no-reply@${env.mailDomain}` },
    to: r.email,
    subject: 'Set your Switchboard password',
    text: `Hello ${r.name},\n\nAn admin asked Switchboard to let you set a new password. Open this link within 24 hours; it works once:\n\n${p.link}\n\nSetting the password signs you out everywhere and ends your API tokens. If you did not expect this, tell your admin.\n`,
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  await k
    .updateTable('jobs')
    .set({ payload: encodeJson({ resetId: p.resetId }) })
    .where('dedupe_key', '=', `reset:${p.resetId}`)
    .execute();
}

export const passwordResetEmailJob = defineJob({ ...RESET_JOB, handle: sendResetLink });
