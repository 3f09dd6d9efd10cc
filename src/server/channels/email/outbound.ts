import nodemailer, { type Transporter } from 'nodemailer';
import { decodeJson } from '../../db/json.js';
import type { ChannelsTable, MessagesTable } from '../../db/schema.js';
import type { Ctx } from '../../domain/context.js';
import { outboundMessageId, replyAddress } from '../../domain/threading.js';
import { registerAdapter } from '../channel.js';
import type { MailEnv } from './env.js';
import type { EmailChannelSettings } from './ingest.js';
import { oneLine } from './parse.js';

/** A delivery that cannot be attempted yet (no outgoing server): the job waits, the message says why. */
export class HeldError extends Error {
  readonly held = true;
}

export const HELD_NO_RELAY = 'Held: no outgoing mail server is configured for this address (set SMTP_RELAY_URL)';

/** How a channel sends: its own SMTP server, the relay (fallback addresses), or not at all (held). */
export function sendingMode(env: MailEnv, channel: ChannelsTable): 'smtp' | 'relay' | 'held' {
  const s = decodeJson<EmailChannelSettings>(channel.settings, {});
  if (s.smtp?.host) return 'smtp';
  return env.relayUrl ? 'relay' : 'held';
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
}

const bracket = (id: string) => `<${id}>`;

/** Sends an agent's reply by email with threading headers; the Message-ID is fixed before sending. */
export function registerEmailAdapter(env: MailEnv): void {
  registerAdapter({
    kind: 'email',
    async deliver(ctx: Ctx, channel: ChannelsTable, m: MessagesTable): Promise<string> {
      const k = ctx.db.kysely;
      const settings = decodeJson<EmailChannelSettings>(channel.settings, {});
      const mode = sendingMode(env, channel);
      if (mode === 'held') throw new HeldError(HELD_NO_RELAY);
      const conv = await k.selectFrom('conversations').selectAll().where('id', '=', m.conversation_id).executeTakeFirstOrThrow();
      const contact = conv.contact_id ? await k.selectFrom('contacts').selectAll().where('id', '=', conv.contact_id).executeTakeFirst() : undefined;
      if (!contact?.email) throw new Error('The contact has no email address');
      const inbox = await k.selectFrom('inboxes').select(['name', 'slug']).where('id', '=', conv.inbox_id).executeTakeFirstOrThrow();
      const author = m.author_user_id ? await k.selectFrom('users').select('name').where('id', '=', m.author_user_id).executeTakeFirst() : undefined;

      // The stable Message-ID, recorded before the first attempt: a retry sends the same one.
      const messageId = m.external_id ?? outboundMessageId(conv.id, m.id, env.mailDomain);
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
      const ids = earlier.map((e) => e.external_id!).filter((x) => !x.startsWith('sha256:'));
      const lastIncoming = [...earlier].reverse().find((e) => e.kind === 'incoming' && !e.external_id!.startsWith('sha256:'));
      const inReplyTo = lastIncoming?.external_id ?? ids[ids.length - 1];
      const references = [...ids.slice(0, 1), ...ids.slice(1).slice(-19)];

      const fromAddress = channel.address ?? `${inbox.slug}@${env.mailDomain}`;
      const fromName = oneLine(author?.name ? `${author.name} from ${inbox.name}` : inbox.name, 200);
      const subject = conv.subject ? (/^re:/i.test(conv.subject) ? conv.subject : `Re: ${conv.subject}`) : `Re: your message to ${inbox.name}`;
      const transport =
        mode === 'smtp'
          ? transportFor(`ch:${channel.id}:${settings.smtp!.host}:${settings.smtp!.port}:${settings.smtp!.user ?? ''}`, () =>
              nodemailer.createTransport({
                host: settings.smtp!.host,
                port: settings.smtp!.port,
                secure: settings.smtp!.secure,
                auth: settings.smtp!.user ? { user: settings.smtp!.user, pass: settings.smtp!.password ?? '' } : undefined,
              }),
            )
          : transportFor(`relay:${env.relayUrl}`, () => nodemailer.createTransport(env.relayUrl!));
      await transport.sendMail({
        messageId: bracket(messageId),
        from: { name: fromName, address: fromAddress },
        replyTo: channel.address ? undefined : replyAddress(conv.id, env.mailDomain),
        to: contact.name ? { name: oneLine(contact.name, 200), address: contact.email } : contact.email,
        subject: oneLine(subject),
        text: m.text,
        inReplyTo: inReplyTo ? bracket(inReplyTo) : undefined,
        references: references.length ? references.map(bracket).join(' ') : undefined,
        headers: { 'Auto-Submitted': 'no' },
      });
      return messageId;
    },
  });
}
