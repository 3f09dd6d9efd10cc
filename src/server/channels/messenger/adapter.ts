/**
 * The `messenger` adapter: an agent's reply through the Send API to the customer's PSID, typed by the
 * reply window (`RESPONSE` inside 24 hours, `MESSAGE_TAG`/`HUMAN_AGENT` up to 7 days, nothing after).
 * A refused token or permission turns the channel to "reconnect needed"; errors sending again cannot
 * fix fail the message at once (shown failed with its retry), never as sent. A long reply goes in
 * pieces, each recorded once Graph accepted it: sending the reply again sends only the rest.
 */
import type { ChannelsTable, MessagesTable } from '../../db/schema.js';
import { decodeJson } from '../../db/json.js';
import { write, type Ctx } from '../../domain/context.js';
import { sendMessage, type QuickReply } from './graph.js';
import { graphEnvOf, markReconnectNeeded, openMessengerSettings } from './manage.js';
import { replyWindow, sendFields } from '../../domain/reply-window.js';

/** The Send API takes at most 2,000 characters of text per message. */
const MAX_TEXT = 2000;

class SendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** The text in pieces the Send API takes, split at a line break or space where there is one. */
export function pieces(text: string, max = MAX_TEXT): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = Math.max(rest.lastIndexOf('\n', max), rest.lastIndexOf(' ', max));
    const at = cut > max / 2 ? cut : max;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

/** The PSID a conversation's replies go to: its contact's, on this channel. */
export async function psidOf(ctx: Ctx, channelId: string, contactId: string | null): Promise<string | null> {
  if (!contactId) return null;
  const s = await ctx.db.kysely
    .selectFrom('messenger_senders')
    .select('psid')
    .where('channel_id', '=', channelId)
    .where('contact_id', '=', contactId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return s?.psid ?? null;
}

async function deliver(ctx: Ctx, channel: ChannelsTable, m: MessagesTable): Promise<string | null> {
  const conv = await ctx.db.kysely
    .selectFrom('conversations')
    .select(['contact_id', 'last_incoming_at'])
    .where('id', '=', m.conversation_id)
    .executeTakeFirstOrThrow();
  const psid = await psidOf(ctx, channel.id, conv.contact_id);
  if (!psid) throw new SendError('No Messenger sender is known for this conversation', true);
  const fields = sendFields(replyWindow(conv.last_incoming_at, new Date()));
  if (!fields) throw new SendError("Messenger allows no reply more than 7 days after the customer's last message", true);
  // A bot answers only inside the 24-hour window: the human-agent tag is for people.
  if (m.author_bot && fields.messaging_type !== 'RESPONSE')
    throw new SendError("A bot's message goes only within 24 hours of the customer's last message", true);
  const choices = decodeJson<{ label: string }[]>(m.buttons ?? null, []);
  const s = openMessengerSettings(ctx.secrets, channel);
  const sent = await ctx.db.kysely.selectFrom('messenger_sent_pieces').select(['piece', 'mid']).where('message_id', '=', m.id).execute();
  const midOf = new Map(sent.map((p) => [p.piece, p.mid]));
  let mid: string | null = null;
  const all = pieces(m.text);
  for (const [piece, text] of all.entries()) {
    if (midOf.has(piece)) {
      mid = midOf.get(piece) ?? mid;
      continue;
    }
    // A bot's question: its answers as quick replies on the last piece (title up to 20 characters, the
    // answer in the payload); one asking for an email address or a phone number offers the person's own.
    const replies: QuickReply[] = choices.length
      ? choices.slice(0, 13).map((c) => ({ content_type: 'text', title: c.label.slice(0, 20), payload: c.label }))
      : m.input_hint === 'email'
        ? [{ content_type: 'user_email' }]
        : m.input_hint === 'phone'
          ? [{ content_type: 'user_phone_number' }]
          : [];
    const quick = replies.length && piece === all.length - 1 ? { quick_replies: replies } : {};
    const r = await sendMessage(graphEnvOf(ctx), s.pageAccessToken, { recipient: { id: psid }, ...fields, message: { text, ...quick } });
    if (!r.ok) {
      if (r.reconnect) await markReconnectNeeded(ctx, channel.id, r.error);
      throw new SendError(`Messenger refused the reply: ${r.error}`, r.permanent);
    }
    await write(ctx, (w) =>
      w.trx
        .insertInto('messenger_sent_pieces')
        .values({ message_id: m.id, piece, mid: r.value.messageId, sent_at: w.at })
        .onConflict((oc) => oc.columns(['message_id', 'piece']).doNothing())
        .execute()
        .then(() => undefined),
    );
    // The last piece's mid: its delivery and read receipts mark the reply.
    mid = r.value.messageId ?? mid;
  }
  return mid;
}

export function registerMessengerAdapter(ctx: Ctx): void {
  ctx.adapters.set('messenger', { kind: 'messenger', deliver });
}
