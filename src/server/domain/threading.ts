/**
 * Email threading, in order: a `reply+<token>@` address; In-Reply-To / References against the
 * Message-IDs of the same inbox only (ours encode the conversation); the same contact and
 * normalised subject within 7 days; else a new conversation. Bounces attach to the message
 * they report and mark it failed.
 */
import { prepared } from '../db/prepared.js';
import type { ChannelsTable } from '../db/schema.js';
import type { Writer } from './context.js';

export const SUBJECT_WINDOW_MS = 7 * 24 * 3600_000;
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ourId = new RegExp(`^sb\\.(${uuid})\\.(${uuid})@`, 'i');

/** Our outbound Message-ID (without brackets): it names the conversation and the message. */
export const outboundMessageId = (conversationId: string, messageId: string, domain: string) => `sb.${conversationId}.${messageId}@${domain}`;
export const replyAddress = (conversationId: string, domain: string) => `reply+${conversationId}@${domain}`;
export const conversationInReplyAddress = (local: string): string | null => new RegExp(`^reply\\+(${uuid})$`, 'i').exec(local)?.[1]?.toLowerCase() ?? null;

/** "Re: AW: [Fwd: Hello]  world" → "hello world". */
export function normalizeSubject(s: string | null | undefined): string {
  let x = (s ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
  for (;;) {
    const y = x
      .replace(/^\[[^\]]{0,40}\]\s*/, '')
      .replace(/^(re|fw|fwd|aw|wg|sv|vs|antw|tr|rif|r|réf|ref)(\[\d+\])?\s*:\s*/i, '')
      .replace(/^\[(.*)\]$/, '$1')
      .trim();
    if (y === x) return x;
    x = y;
  }
}

export interface EmailThreadHints {
  /** From a reply+<token>@ recipient. */
  replyConversationId?: string | null;
  /** In-Reply-To first, then References newest first. */
  parentIds: string[];
  subject: string;
  /** A bounce: the Message-IDs it reports. */
  bounceOf?: string[] | null;
  bounceReason?: string;
}

const conversationIdInInbox = prepared((k, $) => k.selectFrom('conversations').select('id').where('id', '=', $(0)).where('inbox_id', '=', $(1)));
const recentOfContact = prepared((k, $) =>
  k
    .selectFrom('conversations')
    .select(['id', 'subject'])
    .where('contact_id', '=', $(0))
    .where('inbox_id', '=', $(1))
    .where('last_message_at', '>=', $(2))
    .where('folder', '!=', 'trash')
    .orderBy('last_message_at', 'desc')
    .limit(50),
);

async function inInbox(w: Writer, inboxId: string, conversationId: string): Promise<boolean> {
  return (await conversationIdInInbox(w.db, w.trx, [conversationId, inboxId])).rows.length > 0;
}

async function messagesByExternalId(w: Writer, inboxId: string, ids: string[]) {
  if (!ids.length) return [];
  return w.trx
    .selectFrom('messages')
    .select(['id', 'conversation_id', 'external_id', 'kind'])
    .where('channel_id', 'in', (eb) => eb.selectFrom('channels').select('id').where('inbox_id', '=', inboxId))
    .where('external_id', 'in', ids)
    .execute();
}

/** The `findThread` hook for recordInbound. */
export function emailThreadFinder(h: EmailThreadHints) {
  return async (w: Writer, channel: ChannelsTable, contactId: string, newContact = false): Promise<string | null> => {
    const inbox = channel.inbox_id;
    if (h.bounceOf) {
      const ours = h.bounceOf.map((id) => ourId.exec(id)?.[2]?.toLowerCase()).filter((x): x is string => !!x);
      const found = await messagesByExternalId(w, inbox, h.bounceOf);
      const byOwnId = ours.length
        ? await w.trx.selectFrom('messages').select(['id', 'conversation_id', 'external_id', 'kind']).where('id', 'in', ours).where('channel_id', 'in', (eb) => eb.selectFrom('channels').select('id').where('inbox_id', '=', inbox)).execute()
        : [];
      const bounced = [...found, ...byOwnId].find((m) => m.kind === 'reply');
      if (bounced) {
        await w.trx
          .updateTable('messages')
          .set({ delivery_state: 'failed', delivery_error: `Bounced: ${h.bounceReason ?? 'the recipient server returned the message'}`.slice(0, 1000) })
          .where('id', '=', bounced.id)
          .execute();
        return bounced.conversation_id;
      }
    }
    if (h.replyConversationId && (await inInbox(w, inbox, h.replyConversationId))) return h.replyConversationId;
    for (const id of h.parentIds) {
      const conv = ourId.exec(id)?.[1]?.toLowerCase();
      if (conv && (await inInbox(w, inbox, conv))) return conv;
    }
    const parents = await messagesByExternalId(w, inbox, h.parentIds);
    for (const id of h.parentIds) {
      const m = parents.find((p) => p.external_id === id);
      if (m) return m.conversation_id;
    }
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
