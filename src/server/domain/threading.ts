/**
 * Email threading. Mail names a thread by a `reply+<conversation>.<mac>@` address, or by
 * In-Reply-To / References: our own Message-IDs (`sb.<conversation>.<message>.<mac>@`) or the
 * Message-ID of a message in the same inbox. It joins that thread only when its sender is a
 * participant (the conversation's contact, someone a message of it came from or was addressed
 * to) and only an email conversation of the same inbox; anyone else's mail opens a new
 * conversation that follows up on it (a timeline line). Then the same contact and normalised
 * subject within 7 days; else a new conversation. Tokens are keyed with a server secret
 * (HMAC-SHA256, `thread_token_keys`), so they cannot be guessed; tokens of the old form (no MAC)
 * still thread for participants. Bounces attach to the message they report and mark it failed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import type { ChannelsTable } from '../db/schema.js';
import type { Writer } from './context.js';
import { isParticipantEmail } from './participants.js';

export const SUBJECT_WINDOW_MS = 7 * 24 * 3600_000;
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ourId = new RegExp(`^sb\\.(${uuid})\\.(${uuid})(?:\\.([0-9a-f]{32}))?@`, 'i');
const replyLocal = new RegExp(`^reply\\+(${uuid})(?:\\.([0-9a-z]+))?$`, 'i');

const keys = new WeakMap<Database, Promise<Buffer>>();
/** The secret thread tokens are keyed with (created by migration 013); read once per database. */
export function threadKey(db: Database): Promise<Buffer> {
  let k = keys.get(db);
  if (!k) {
    k = db.kysely
      .selectFrom('thread_token_keys')
      .select('secret')
      .where('id', '=', 'email-thread')
      .executeTakeFirstOrThrow()
      .then((r) => Buffer.from(r.secret, 'base64url'));
    k.catch(() => keys.delete(db));
    keys.set(db, k);
  }
  return k;
}

const mac = (key: Buffer, what: string, value: string, hexChars: number) =>
  createHmac('sha256', key).update(`${what}:${value.toLowerCase()}`).digest('hex').slice(0, hexChars);
const sameMac = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a.toLowerCase()), Buffer.from(b.toLowerCase()));

/** Our outbound Message-ID (without brackets): the conversation, the message and their MAC. */
export const outboundMessageId = (conversationId: string, messageId: string, domain: string, key: Buffer) =>
  `sb.${conversationId}.${messageId}.${mac(key, 'mid', `${conversationId}.${messageId}`, 32)}@${domain}`;
/** The Reply-To address of a conversation (an email local part holds at most 64 characters: 59 here). */
export const replyAddress = (conversationId: string, domain: string, key: Buffer) =>
  `reply+${conversationId}.${mac(key, 'reply', conversationId, 16)}@${domain}`;

/** A `reply+…` local part: the conversation it names and whether its MAC is right; null if it is not one or its MAC is wrong. */
export function conversationInReplyAddress(local: string, key: Buffer): { conversationId: string; signed: boolean } | null {
  const m = replyLocal.exec(local);
  if (!m) return null;
  const conversationId = m[1]!.toLowerCase();
  if (m[2] === undefined) return { conversationId, signed: false };
  return sameMac(m[2], mac(key, 'reply', conversationId, 16)) ? { conversationId, signed: true } : null;
}

/** One of our Message-IDs: its conversation and message; null for others and for a wrong MAC. */
export function ourMessageId(id: string, key: Buffer): { conversationId: string; messageId: string; signed: boolean } | null {
  const m = ourId.exec(id);
  if (!m) return null;
  const conversationId = m[1]!.toLowerCase();
  const messageId = m[2]!.toLowerCase();
  if (m[3] === undefined) return { conversationId, messageId, signed: false };
  return sameMac(m[3], mac(key, 'mid', `${conversationId}.${messageId}`, 32)) ? { conversationId, messageId, signed: true } : null;
}

/** The timeline line of a conversation opened by mail that named a thread its sender is not on. */
export const followsUpText = (conversationId: string) =>
  `Follows up on conversation ${conversationId}: the sender is not on that conversation, so their mail was not added to it.`;

/** "Re: AW: [support] Hello  world" → "hello world" (a leading [tag] of up to 40 characters goes, like a list name). */
export function normalizeSubject(s: string | null | undefined): string {
  let x = (s ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
  for (;;) {
    const y = x
      .replace(/^\[[^\]]{0,40}\]\s*(?=\S)/, '')
      .replace(/^(re|fw|fwd|aw|wg|sv|vs|antw|tr|rif|r|réf|ref)(\[\d+\])?\s*:\s*/i, '')
      .replace(/^\[(.*)\]$/, '$1')
      .trim();
    if (y === x) return x;
    x = y;
  }
}

export interface EmailThreadHints {
  /** The thread key (`threadKey`), read before the transaction. */
  key: Buffer;
  /** The sender's address (From, or the original sender of a forward). */
  sender: string | null | undefined;
  /** From a reply+<token>@ recipient. */
  replyConversationId?: string | null;
  /** In-Reply-To first, then References newest first. */
  parentIds: string[];
  subject: string;
  /** A bounce (null sender, delivery-status report): the Message-IDs it reports. */
  bounceOf?: string[] | null;
  bounceReason?: string;
}

const recentOfContact = prepared((k, $) =>
  k
    .selectFrom('conversations')
    .select(['id', 'subject'])
    .where('contact_id', '=', $(0))
    .where('inbox_id', '=', $(1))
    .where('channel_kind', '=', 'email')
    .where('last_message_at', '>=', $(2))
    .where('folder', '!=', 'trash')
    .orderBy('last_message_at', 'desc')
    .limit(50),
);

async function messagesByExternalId(w: Writer, inboxId: string, ids: string[]) {
  if (!ids.length) return [];
  return w.trx
    .selectFrom('messages')
    .select(['id', 'conversation_id', 'external_id', 'kind'])
    .where('channel_id', 'in', (eb) => eb.selectFrom('channels').select('id').where('inbox_id', '=', inboxId))
    .where('external_id', 'in', ids)
    .execute();
}

/** Of these conversations, the email (and support form) conversations of the inbox, in the order given. */
async function emailConversationsOf(w: Writer, inboxId: string, ids: string[]): Promise<Array<{ id: string; contact_id: string | null }>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const rows = await w.trx
    .selectFrom('conversations')
    .select(['id', 'contact_id'])
    .where('id', 'in', unique)
    .where('inbox_id', '=', inboxId)
    // A support form's conversation is answered by email: the answers thread back into it.
    .where('channel_kind', 'in', ['email', 'form'])
    .execute();
  return unique.map((id) => rows.find((r) => r.id === id)).filter((r): r is { id: string; contact_id: string | null } => !!r);
}

/** Whether `sender` is on the conversation: its contact, or an address its mail came from or was addressed to. */
export async function isParticipant(
  w: Writer,
  conv: { id: string; contact_id: string | null },
  senderContactId: string,
  sender: string | null | undefined,
): Promise<boolean> {
  if (conv.contact_id && conv.contact_id === senderContactId) return true;
  const email = sender?.trim().toLowerCase();
  if (!email) return false;
  if (await isParticipantEmail(w, conv.id, email)) return true;
  const owner = conv.contact_id
    ? await w.trx.selectFrom('contacts').select('email').where('id', '=', conv.contact_id).executeTakeFirst()
    : undefined;
  return owner?.email?.toLowerCase() === email;
}

/** The `findThread` hook for recordInbound. */
export function emailThreadFinder(h: EmailThreadHints) {
  return async (
    w: Writer,
    channel: ChannelsTable,
    contactId: string,
    newContact = false,
  ): Promise<string | null | { followsUp: string }> => {
    const inbox = channel.inbox_id;
    if (h.bounceOf) {
      const ours = h.bounceOf.map((id) => ourMessageId(id, h.key)?.messageId).filter((x): x is string => !!x);
      const found = await messagesByExternalId(w, inbox, h.bounceOf);
      const byOwnId = ours.length
        ? await w.trx
            .selectFrom('messages')
            .select(['id', 'conversation_id', 'external_id', 'kind'])
            .where('id', 'in', ours)
            .where('channel_id', 'in', (eb) => eb.selectFrom('channels').select('id').where('inbox_id', '=', inbox))
            .execute()
        : [];
      const bounced = [...found, ...byOwnId].find((m) => m.kind === 'reply');
      if (bounced) {
        await w.trx
          .updateTable('messages')
          .set({
            delivery_state: 'failed',
            delivery_error: `Bounced: ${h.bounceReason ?? 'the recipient server returned the message'}`.slice(0, 1000),
          })
          .where('id', '=', bounced.id)
          .execute();
        return bounced.conversation_id;
      }
    }
    // The threads the mail names, in order: its reply+ address, then its In-Reply-To and References.
    const named: string[] = [];
    if (h.replyConversationId) named.push(h.replyConversationId);
    for (const id of h.parentIds) {
      const conv = ourMessageId(id, h.key)?.conversationId;
      if (conv) named.push(conv);
    }
    const parents = await messagesByExternalId(w, inbox, h.parentIds);
    for (const id of h.parentIds) {
      const m = parents.find((p) => p.external_id === id);
      if (m) named.push(m.conversation_id);
    }
    const candidates = await emailConversationsOf(w, inbox, named);
    for (const c of candidates) if (await isParticipant(w, c, contactId, h.sender)) return c.id;
    if (candidates[0]) return { followsUp: candidates[0].id };
    const subject = normalizeSubject(h.subject);
    if (subject && !newContact) {
      const since = new Date(Date.parse(w.at) - SUBJECT_WINDOW_MS).toISOString();
      const { rows: recent } = await recentOfContact(w.db, w.trx, [contactId, inbox, since]);
      const same = recent.find((c) => normalizeSubject(c.subject) === subject);
      if (same) return same.id;
    }
    return null;
  };
}
