import type { EmailAddress } from '../../../common/api.js';
import { decodeJson, encodeJson } from '../../db/json.js';
import type { ChannelsTable } from '../../db/schema.js';
import type { Ctx } from '../../domain/context.js';
import { newId } from '../../domain/ids.js';
import { notFound } from '../../domain/errors.js';
import { announceInbound, recordInboundGrouped } from '../../domain/commit-group.js';
import { channelById, type InboundMessage, type InboundResult } from '../../domain/inbound.js';
import { emailThreadFinder, threadKey } from '../../domain/threading.js';
import { trustedAuthResults, type SenderAuth, type SmtpEnvelope } from './authentication.js';
import type { MailEnv } from '../../settings.js';
import { removeFile, saveFile } from '../../files/store.js';
import { checkSenderOffThread, parseEmailOffThread } from './parse-pool.js';
import type { EmailIdentitySettings, SignatureSettings } from './signature.js';
import type { ParsedEmail } from './parse.js';

export interface EmailTarget {
  channelId: string;
  /** From a reply+<token>@ recipient. */
  replyConversationId?: string | null;
}

export interface EmailChannelSettings {
  fallback?: boolean;
  roleAddresses?: string[];
  /** Mail an agent forwards is logged to the original sender (default on). */
  logForwardedToSender?: boolean;
  /** A forwarding address sends through the outgoing mail server (default on); off: its replies are held. */
  useForSending?: boolean;
  imap?: { host: string; port: number; secure: boolean; user: string; password: string; folder?: string };
  smtp?: { host: string; port: number; secure: boolean; user?: string; password?: string };
  /** Connect over TLS without verifying the server's certificate (off unless an admin turns it on). */
  skipCertificateVerification?: boolean;
  /** From name and a verified custom From address. */
  identity?: EmailIdentitySettings;
  /** The team signature appended to replies. */
  signature?: SignatureSettings;
}

export type IngestResult = InboundResult | { held: true; heldId: string };

/**
 * One received email through the one inbound path. Resolves only once it is committed (or,
 * for a switched-off channel, kept aside durably), so the caller may then acknowledge it.
 * `envelope`: the SMTP session's (the built-in receiver), whose sender is authenticated; without
 * one (IMAP) only a trusted server's Authentication-Results counts, else it is "not checked".
 */
export async function ingestEmail(
  ctx: Ctx,
  env: MailEnv,
  target: EmailTarget,
  raw: Buffer,
  channel?: ChannelsTable,
  envelope?: SmtpEnvelope,
): Promise<IngestResult> {
  const ch = channel ?? (await channelById(ctx.db, ctx.db.kysely, [target.channelId])).rows[0];
  if (!ch) throw notFound('Channel not found');
  if (ch.status === 'off') return holdEmail(ctx, env, target, raw, envelope);
  const settings = decodeJson<EmailChannelSettings>(ch.settings, {});
  // Told before parsing, so a commit about to start waits a moment for this message to join it.
  const arrived = announceInbound(ctx);
  try {
    return await recordEmail(ctx, env, target, raw, ch, settings, envelope, arrived);
  } finally {
    arrived();
  }
}

async function recordEmail(
  ctx: Ctx,
  env: MailEnv,
  target: EmailTarget,
  raw: Buffer,
  ch: ChannelsTable,
  settings: EmailChannelSettings,
  envelope: SmtpEnvelope | undefined,
  arrived: () => void,
): Promise<IngestResult> {
  const [mail, senderAuth, key] = await Promise.all([
    parseEmailOffThread(raw),
    envelope
      ? checkSenderOffThread(raw, { envelope, dnsServers: env.dnsServers, mta: env.mailDomain })
      : trustedAuthResults(raw, env.trustedAuthservIds ?? []),
    threadKey(ctx.db),
  ]);
  const nullSender = envelope ? envelope.mailFrom === '' : null;
  const { msg, files } = await emailInbound(ctx, env, ch, settings, mail, senderAuth, key, nullSender, target);
  try {
    const recorded = recordInboundGrouped(ctx, msg);
    arrived();
    const r = await recorded;
    if (r.duplicate) for (const f of files) removeFile(env.filesDir, f);
    return r;
  } catch (err) {
    for (const f of files) removeFile(env.filesDir, f);
    throw err;
  }
}

/**
 * A parsed email as the inbound path takes it (live mail and an import alike): a forward by an
 * agent logged to the original sender, role addresses filtered, attachments stored (`files`: to
 * remove if it turns out a duplicate or fails), threading by its headers. `nullSender`: the SMTP
 * envelope's MAIL FROM was `<>` (without an envelope the Return-Path says so).
 */
export async function emailInbound(
  ctx: Ctx,
  env: MailEnv,
  ch: ChannelsTable,
  settings: EmailChannelSettings,
  mail: ParsedEmail,
  senderAuth: SenderAuth,
  key: Buffer,
  nullSender: boolean | null,
  target: EmailTarget = { channelId: ch.id },
): Promise<{ msg: InboundMessage; files: string[] }> {
  // A bounce counts only from the null sender with a delivery-status report (else it is ordinary, automatic mail).
  const fromNull = nullSender ?? mail.returnPath === '';
  const bounceOf = mail.bounceOf && mail.deliveryReport && fromNull ? mail.bounceOf : null;
  // An agent forwarding a customer's mail into the inbox: the conversation is with the customer,
  // but only when the agent's mail is authenticated; a forged forward stays with its sender.
  if (mail.forwarded && settings.logForwardedToSender !== false && mail.from.email && senderAuth.summary === 'verified') {
    const agent = await ctx.db.kysely.selectFrom('users').select('id').where('email', '=', mail.from.email).executeTakeFirst();
    if (agent) {
      mail.from = mail.forwarded.from;
      mail.subject = mail.forwarded.subject ?? mail.subject.replace(/^\s*(fwd?|wg|tr|vs|doorst)\s*:\s*/i, '');
      // Only the original message's recipients: not the agent's forward to the inbox.
      mail.recipients = { to: mail.forwarded.to, cc: mail.forwarded.cc };
      mail.replyTo = [];
    }
  }
  const local = mail.from.email?.split('@')[0] ?? '';
  const role = (settings.roleAddresses ?? []).some((r) => r.toLowerCase() === local);
  const files: string[] = [];
  try {
    const attachments = mail.attachments.map((a) => {
      const rel = saveFile(env.filesDir, 'attachments', a.id, a.content);
      files.push(rel);
      return {
        id: a.id,
        filename: a.filename,
        content_type: a.contentType,
        size: a.content.length,
        storage_path: rel,
        content_id: a.contentId,
      };
    });
    const msg: InboundMessage = {
      channelId: ch.id,
      contact: mail.from,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      recipients: mail.recipients.to.length || mail.recipients.cc.length ? mail.recipients : null,
      replyTo: replyAddresses(mail),
      externalId: mail.externalId,
      autoReply: mail.autoReply || !!mail.bounceOf,
      folder: role ? 'filtered' : 'inbox',
      attachments,
      senderAuth,
      findThread: mail.unreadable
        ? undefined
        : emailThreadFinder({
            key,
            sender: mail.from.email,
            replyConversationId: target.replyConversationId,
            parentIds: mail.parentIds,
            subject: mail.subject,
            bounceOf,
            bounceReason: mail.subject,
          }),
    };
    return { msg, files };
  } catch (err) {
    for (const f of files) removeFile(env.filesDir, f);
    throw err;
  }
}

/** Where a reply goes: Reply-To, else From, as this mail was written (never the contact's later address). */
function replyAddresses(mail: { from: { email?: string; name?: string }; replyTo: EmailAddress[] }): EmailAddress[] | null {
  if (mail.replyTo.length) return mail.replyTo;
  if (!mail.from.email) return null;
  return [mail.from.name ? { email: mail.from.email, name: mail.from.name } : { email: mail.from.email }];
}

/** A switched-off channel keeps its mail aside (not shown, not logged to the contact) for replay. */
async function holdEmail(ctx: Ctx, env: MailEnv, target: EmailTarget, raw: Buffer, envelope?: SmtpEnvelope): Promise<IngestResult> {
  const id = newId();
  const rel = saveFile(env.filesDir, 'held', id, raw);
  await ctx.db.kysely
    .insertInto('email_held')
    .values({
      id,
      channel_id: target.channelId,
      storage_path: rel,
      size: raw.length,
      envelope: encodeJson({ replyConversationId: target.replyConversationId ?? null, ...(envelope ? { smtp: envelope } : {}) }),
      created_at: new Date().toISOString(),
    })
    .execute();
  await ctx.db.durable();
  return { held: true, heldId: id };
}
