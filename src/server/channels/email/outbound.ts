import nodemailer, { type Transporter } from 'nodemailer';
import type { Recipients } from '../../../common/api.js';
import { mapInlineImageSrcs } from '../../../common/attachment-urls.js';
import { decodeJson } from '../../db/json.js';
import type { ChannelsTable, MessagesTable } from '../../db/schema.js';
import type { Ctx } from '../../domain/context.js';
import { outboundMessageId, replyAddress, threadKey } from '../../domain/threading.js';
import type { Db } from '../../db/database.js';
import { HELD_NO_RELAY, HELD_SENDING_OFF } from '../../domain/outbox.js';
import { channelSettings } from '../../secrets.js';
import type { MailEnv } from '../../settings.js';
import { filePath } from '../../files/store.js';
import type { EmailChannelSettings } from './ingest.js';
import { classifyMailError, resolveMailHost, type MailTarget } from './mail-hosts.js';
import { oneLine } from './parse.js';
import { closeRelayTransports, hasRelay, outgoingRelay, relaySender, systemFromAddress, type Relay } from './relay.js';
import { fromNameFor, withSignature } from './signature.js';

/** A delivery that cannot be attempted yet (no outgoing server): the job waits, the message says why. */
export class HeldError extends Error {
  readonly held = true;
}

export { HELD_NO_RELAY };

/**
 * How a channel sends: its own SMTP server, the outgoing mail server (forwarding addresses), or not at
 * all: `held` (no outgoing server) or `off` (the address is not used for sending).
 */
export async function sendingMode(ctx: Ctx, channel: ChannelsTable, q?: Db): Promise<'smtp' | 'relay' | 'held' | 'off'> {
  const s = decodeJson<EmailChannelSettings>(channel.settings, {});
  if (s.smtp?.host) return 'smtp';
  if (s.useForSending === false) return 'off';
  return (await hasRelay(ctx, q)) ? 'relay' : 'held';
}

/** Why a channel's replies wait (`Held: …`), or null. */
export function heldTextOf(mode: Awaited<ReturnType<typeof sendingMode>>): string | null {
  return mode === 'held' ? HELD_NO_RELAY : mode === 'off' ? HELD_SENDING_OFF : null;
}

const transports = new Map<string, Transporter>();
function transportFor(key: string, make: () => Transporter) {
  let t = transports.get(key);
  if (!t) transports.set(key, (t = make()));
  return t;
}
export function closeTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
  closeRelayTransports();
}

/** How to reach a mailbox's SMTP server: the checked address, the host name for TLS, certificates verified unless the channel says otherwise. */
export function smtpOptions(target: MailTarget, smtp: NonNullable<EmailChannelSettings['smtp']>, verify: boolean) {
  return {
    host: target.address,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    tls: { rejectUnauthorized: verify, ...(target.servername ? { servername: target.servername } : {}) },
  };
}

/** Something that sends mail: the channel's own SMTP server shows failures as classes, never the server's text. */
export interface MailSender {
  sendMail(mail: Parameters<Transporter['sendMail']>[0]): Promise<unknown>;
}

/** The relay, looked up again before giving up (HeldError when there is none). */
async function relayOrHeld(ctx: Ctx): Promise<Relay> {
  const relay = await outgoingRelay(ctx);
  if (!relay) throw new HeldError(HELD_NO_RELAY);
  return relay;
}

/**
 * The transport a channel sends through (its SMTP server or the outgoing mail server); held: throws HeldError.
 * The channel's own server is resolved and checked at every send and reached at the checked address
 * (`mail-hosts.ts`); the outgoing server is `relay.ts`'s.
 */
export async function channelTransport(ctx: Ctx, env: MailEnv, channel: ChannelsTable): Promise<MailSender> {
  const s = decodeJson<EmailChannelSettings>(channel.settings, {});
  if (!s.smtp?.host) {
    if (s.useForSending === false) throw new HeldError(HELD_SENDING_OFF);
    return relaySender(ctx, await relayOrHeld(ctx));
  }
  const settings = channelSettings<EmailChannelSettings>(ctx.secrets, channel, {});
  const smtp = settings.smtp!;
  const target = await resolveMailHost(smtp.host, env.allowPrivateHosts ?? false);
  const verify = !settings.skipCertificateVerification;
  const t = transportFor(
    `ch:${channel.id}:${target.address}:${target.servername ?? ''}:${smtp.port}:${smtp.secure}:${verify}:${channel.settings}`,
    () => nodemailer.createTransport(smtpOptions(target, smtp, verify)),
  );
  return {
    async sendMail(mail) {
      try {
        return await t.sendMail(mail);
      } catch (err) {
        throw classifyMailError(err, 'smtp');
      }
    },
  };
}

/**
 * Mail Switchboard itself writes to a person (a transcript, a password link): from the outgoing
 * server's address (else `no-reply@MAIL_DOMAIN`), marked automatic, through it; held (HeldError) without one.
 */
export async function sendSystemMail(ctx: Ctx, mail: { to: string | { name: string; address: string }; subject: string; text: string }) {
  const relay = await relayOrHeld(ctx);
  await (
    await relaySender(ctx, relay)
  ).sendMail({
    from: { name: 'Switchboard', address: systemFromAddress(ctx, relay) },
    to: mail.to,
    subject: mail.subject.replace(/[\r\n]+/g, ' ').slice(0, 200),
    text: mail.text,
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
}

/** The channel's own address: its mailbox, or the inbox fallback `<slug>@MAIL_DOMAIN`. */
export const defaultFromAddress = (channel: ChannelsTable, slug: string, mailDomain: string) => channel.address ?? `${slug}@${mailDomain}`;

const bracket = (id: string) => `<${id}>`;
/** Inline images of the message (shown in the app from their attachment URL) point at their MIME part. */
function inlineAsCid(html: string, files: { id: string; content_id: string | null }[]): string {
  const cids = new Map(files.filter((f) => f.content_id).map((f) => [f.id, f.content_id!]));
  return mapInlineImageSrcs(html, (id, src) => (cids.has(id) ? `src="cid:${cids.get(id)}"` : src));
}
/** Only real Message-IDs thread: chat client ids and `sha256:` dedupe keys have no '@'. */
const isMessageId = (id: string) => /^[^\s<>@]+@[^\s<>@]+$/.test(id);
const address = (a: { email: string; name?: string | null }) => (a.name ? { name: oneLine(a.name, 200), address: a.email } : a.email);

/** Sends an agent's reply by email with threading headers; the Message-ID is fixed before sending. */
export function registerEmailAdapter(server: Ctx): void {
  const env = server.mail;
  server.adapters.set('email', {
    kind: 'email',
    async heldReason(ctx, channel, q) {
      return heldTextOf(await sendingMode(ctx, channel, q));
    },
    async deliver(ctx: Ctx, channel: ChannelsTable, m: MessagesTable): Promise<string> {
      const k = ctx.db.kysely;
      const settings = decodeJson<EmailChannelSettings>(channel.settings, {});
      const transport = await channelTransport(ctx, env, channel);
      const conv = await k.selectFrom('conversations').selectAll().where('id', '=', m.conversation_id).executeTakeFirstOrThrow();
      const recipients = decodeJson<Recipients | null>(m.recipients, null);
      // Only where the message was addressed when written (the conversation's own addresses), never the contact's address now.
      const to = recipients?.to ?? [];
      if (!to.length) throw new Error('This conversation has no email address to reply to');
      const inbox = await k.selectFrom('inboxes').select(['name', 'slug']).where('id', '=', conv.inbox_id).executeTakeFirstOrThrow();
      const author = m.author_user_id
        ? await k.selectFrom('users').select('name').where('id', '=', m.author_user_id).executeTakeFirst()
        : undefined;
      const files = await k
        .selectFrom('attachments')
        .selectAll()
        .where('message_id', '=', m.id)
        .orderBy('created_at')
        .orderBy('id')
        .execute();

      // The stable Message-ID, recorded before the first attempt: a retry sends the same one. It and
      // the reply+ address carry a MAC of the server's thread key, so neither can be guessed.
      const key = await threadKey(ctx.db);
      const messageId = m.external_id ?? outboundMessageId(conv.id, m.id, env.mailDomain, key);
      if (!m.external_id) await k.updateTable('messages').set({ external_id: messageId }).where('id', '=', m.id).execute();

      const earlier = await k
        .selectFrom('messages')
        .select(['external_id', 'kind'])
        .where('conversation_id', '=', conv.id)
        .where('external_id', 'is not', null)
        .where('id', '!=', m.id)
        .where('kind', 'in', ['incoming', 'reply'])
        .where((eb) => eb.or([eb('created_at', '<', m.created_at), eb.and([eb('created_at', '=', m.created_at), eb('id', '<', m.id)])]))
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      const threadable = earlier.filter((e) => isMessageId(e.external_id!));
      const ids = threadable.map((e) => e.external_id!);
      const lastIncoming = [...threadable].reverse().find((e) => e.kind === 'incoming');
      const inReplyTo = lastIncoming?.external_id ?? ids[ids.length - 1];
      const references = [...ids.slice(0, 1), ...ids.slice(1).slice(-19)];

      // A verified custom From address: answers still reach us (the channel's mailbox or reply+ address).
      const custom = settings.identity?.fromAddress ?? null;
      const fromAddress = custom ?? defaultFromAddress(channel, inbox.slug, env.mailDomain);
      const replyTo = custom
        ? (channel.address ?? replyAddress(conv.id, env.mailDomain, key))
        : channel.address
          ? undefined
          : replyAddress(conv.id, env.mailDomain, key);
      const body = withSignature({ text: m.text, html: m.html ? inlineAsCid(m.html, files) : null }, settings.signature, author?.name);
      // The first message of a conversation we started (Compose) keeps its subject as written.
      const first =
        !earlier.length &&
        !(await k
          .selectFrom('messages')
          .select('id')
          .where('conversation_id', '=', conv.id)
          .where('kind', '=', 'incoming')
          .executeTakeFirst());
      const subject = conv.subject
        ? first || /^re:/i.test(conv.subject)
          ? conv.subject
          : `Re: ${conv.subject}`
        : `Re: your message to ${inbox.name}`;
      await transport.sendMail({
        messageId: bracket(messageId),
        from: { name: fromNameFor(settings.identity, inbox.name, author?.name), address: fromAddress },
        replyTo,
        to: to.map(address),
        cc: recipients?.cc?.length ? recipients.cc.map(address) : undefined,
        subject: oneLine(subject),
        text: body.text,
        html: body.html ?? undefined,
        attachments: files.map((a) => ({
          filename: a.filename,
          contentType: a.content_type,
          path: filePath(env.filesDir, a.storage_path),
          cid: a.content_id ?? undefined,
        })),
        inReplyTo: inReplyTo ? bracket(inReplyTo) : undefined,
        references: references.length ? references.map(bracket).join(' ') : undefined,
        headers: { 'Auto-Submitted': 'no' },
      });
      return messageId;
    },
  });
}
