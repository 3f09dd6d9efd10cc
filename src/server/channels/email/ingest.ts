import { decodeJson, encodeJson } from '../../db/json.js';
import type { ChannelsTable } from '../../db/schema.js';
import type { Ctx } from '../../domain/context.js';
import { newId } from '../../domain/ids.js';
import { notFound } from '../../domain/errors.js';
import { channelById, recordInboundGrouped, type InboundResult } from '../../domain/inbound.js';
import { emailThreadFinder } from '../../domain/threading.js';
import type { MailEnv } from './env.js';
import { removeFile, saveFile } from './files.js';
import { parseEmailOffThread } from './parse-pool.js';
import type { EmailIdentitySettings, SignatureSettings } from './signature.js';

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
 */
export async function ingestEmail(ctx: Ctx, env: MailEnv, target: EmailTarget, raw: Buffer, channel?: ChannelsTable): Promise<IngestResult> {
  const ch = channel ?? (await channelById(ctx.db, ctx.db.kysely, [target.channelId])).rows[0];
  if (!ch) throw notFound('Channel not found');
  if (ch.status === 'off') return holdEmail(ctx, env, target, raw);
  const settings = decodeJson<EmailChannelSettings>(ch.settings, {});
  const mail = await parseEmailOffThread(raw);
  // An agent forwarding a customer's mail into the inbox: the conversation is with the customer.
  if (mail.forwarded && settings.logForwardedToSender !== false && mail.from.email) {
    const agent = await ctx.db.kysely.selectFrom('users').select('id').where('email', '=', mail.from.email).executeTakeFirst();
    if (agent) {
      mail.from = mail.forwarded.from;
      mail.subject = mail.forwarded.subject ?? mail.subject.replace(/^\s*(fwd?|wg|tr|vs|doorst)\s*:\s*/i, '');
      // Only the original message's recipients: not the agent's forward to the inbox.
      mail.recipients = { to: mail.forwarded.to, cc: mail.forwarded.cc };
    }
  }
  const local = mail.from.email?.split('@')[0] ?? '';
  const role = (settings.roleAddresses ?? []).some((r) => r.toLowerCase() === local);
  const files: string[] = [];
  try {
    const attachments = mail.attachments.map((a) => {
      const rel = saveFile(env.filesDir, 'attachments', a.id, a.content);
      files.push(rel);
      return { id: a.id, filename: a.filename, content_type: a.contentType, size: a.content.length, storage_path: rel, content_id: a.contentId };
    });
    const r = await recordInboundGrouped(ctx, {
      channelId: ch.id,
      contact: mail.from,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      recipients: mail.recipients.to.length || mail.recipients.cc.length ? mail.recipients : null,
      externalId: mail.externalId,
      autoReply: mail.autoReply || !!mail.bounceOf,
      folder: role ? 'filtered' : 'inbox',
      attachments,
      findThread: mail.unreadable
        ? undefined
        : emailThreadFinder({ replyConversationId: target.replyConversationId, parentIds: mail.parentIds, subject: mail.subject, bounceOf: mail.bounceOf, bounceReason: mail.subject }),
    });
    if (r.duplicate) for (const f of files) removeFile(env.filesDir, f);
    return r;
  } catch (err) {
    for (const f of files) removeFile(env.filesDir, f);
    throw err;
  }
}

/** A switched-off channel keeps its mail aside (not shown, not logged to the contact) for replay. */
async function holdEmail(ctx: Ctx, env: MailEnv, target: EmailTarget, raw: Buffer): Promise<IngestResult> {
  const id = newId();
  const rel = saveFile(env.filesDir, 'held', id, raw);
  await ctx.db.kysely
    .insertInto('email_held')
    .values({ id, channel_id: target.channelId, storage_path: rel, size: raw.length, envelope: encodeJson({ replyConversationId: target.replyConversationId ?? null }), created_at: new Date().toISOString() })
    .execute();
  await ctx.db.durable();
  return { held: true, heldId: id };
}
