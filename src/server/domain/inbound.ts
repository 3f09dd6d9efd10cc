import type { EmailAddress, Recipients, SenderAuth } from '../../common/api.js';
import { isUniqueViolation } from '../db/database.js';
import { encodeJson } from '../db/json.js';
import { prepared } from '../db/prepared.js';
import { addSearchText } from '../db/search.js';
import type { AttachmentsTable, ChannelsTable, ContactsTable, ConversationsTable } from '../db/schema.js';
import { write, writeThenSync, type Ctx, type Writer } from './context.js';
import { findOrAddContact } from './contacts.js';
import { adjustCounts } from './counts.js';
import { flowToStart, hearVisitor, openBotSession } from './bot-sessions.js';
import { eventRowOf } from './conversations.js';
import { notFound } from './errors.js';
import { newId } from './ids.js';
import { insertMessage, insertSystemMessage, messageByExternalId, presentMessage, previewOf, withAttachments } from './messages.js';
import { followsUpText } from './threading.js';
import { addParticipants } from './participants.js';
import { queueRouting } from './routing.js';
import { clocksOn, type Cause } from './report-facts.js';

/** What every channel turns its wire format into. */
export interface InboundMessage {
  channelId: string;
  contact: { email?: string; name?: string; phone?: string };
  subject?: string;
  text: string;
  html?: string | null;
  /** The channel's id for the message (e.g. Message-ID): a redelivery is recognised by it. */
  externalId?: string;
  /** An explicit thread (API channel, widget); otherwise `findThread` or a new conversation. */
  conversationId?: string;
  /** Channel-specific threading (email headers), run inside the transaction; a new contact has no earlier conversations. */
  findThread?: (
    w: Writer,
    channel: ChannelsTable,
    contactId: string,
    newContact: boolean,
  ) => Promise<string | null | { followsUp: string }>;
  /** The channel already looked `externalId` up and found nothing (the widget does, for its limits). */
  checkedNew?: boolean;
  /** Auto-replies never reopen a conversation. */
  autoReply?: boolean;
  /** A channel's own filter (e.g. role addresses) can send a new conversation to Filtered. */
  folder?: 'inbox' | 'filtered' | 'spam';
  /** Email: the original To and Cc (shown on the message, used by reply-all). */
  recipients?: Recipients | null;
  /** Email: where a reply goes (the mail's Reply-To, else its From). */
  replyTo?: EmailAddress[] | null;
  /** Files already stored durably (e.g. email attachments); their rows commit with the message. */
  attachments?: Array<Omit<AttachmentsTable, 'message_id' | 'created_at'>>;
  /** Email: the sender's authentication (SPF, DKIM, DMARC), stored on the message. */
  senderAuth?: SenderAuth | null;
  /** Website chat: the page a new conversation started on. */
  pageUrl?: string | null;
  /** Runs in the same transaction when the message opened a new conversation (a form's ticket). */
  onCreated?: (w: Writer, conversation: ConversationsTable) => Promise<void>;
  /** A channel that knows its senders by its own id (Messenger's PSID): their contact, found or made inside the transaction. */
  contactFor?: (w: Writer) => Promise<{ contact: ContactsTable; created: boolean }>;
  /** Work that commits with the message (e.g. the jobs fetching its files); `latest` (history): it is its conversation's newest message. */
  afterRecord?: (w: Writer, r: { messageId: string; conversationId: string; contactId: string; latest?: boolean }) => Promise<void>;
  /** Mail history (an import) rather than mail arriving now: see `InboundHistory`. */
  history?: InboundHistory;
}

/**
 * A message of the past (an import, `src/server/import/`), written as it happened and quietly. It is
 * stamped `at` (its own date), its report facts too; nothing reacts to it: no routing (so no
 * auto-reply), no chatflow, no events (so no notifications, webhooks, Slack alerts or live
 * updates). A message older than its conversation's latest neither reopens it nor becomes its
 * preview. `team`: sent from the team's own address, so it is an agent's reply (`userId` when the
 * address is a user's) to `contact`, the customer it went to.
 */
export interface InboundHistory {
  at: string;
  team?: { userId: string | null } | null;
}

export interface InboundResult {
  conversationId: string;
  messageId: string;
  duplicate: boolean;
  createdConversation: boolean;
}

/** The message already stored under this one's external id, if any (`w`: inside that transaction). */
async function findDuplicate(ctx: Ctx, msg: InboundMessage, w?: Writer): Promise<InboundResult | null> {
  if (!msg.externalId) return null;
  const m = await messageByExternalId(ctx.db, msg.channelId, msg.externalId, w?.trx);
  return m ? { conversationId: m.conversation_id, messageId: m.id, duplicate: true, createdConversation: false } : null;
}

/**
 * The one inbound path: dedupe, find or create the contact, thread, store, count, and record
 * events, all in one transaction. When it resolves, the message is committed.
 */
export async function recordInbound(ctx: Ctx, msg: InboundMessage): Promise<InboundResult> {
  const dup = await findDuplicate(ctx, msg);
  if (dup) return dup;
  try {
    return await write(ctx, (w) => recordIn(ctx, w, msg));
  } catch (e) {
    // A concurrent delivery of the same message won the race: answer as a duplicate.
    if (isUniqueViolation(e)) {
      const again = await findDuplicate(ctx, msg);
      if (again) return again;
    }
    throw e;
  }
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Group commit: several inbound messages in one transaction (one fsync), each with exactly the
 * semantics of recordInbound. Anything unusual (a duplicate within the batch, any error) falls
 * back to one transaction per message, so one bad message never takes others down with it.
 * Resolves once committed; `durable` once every result is on disk.
 */
export async function recordInboundBatch(
  ctx: Ctx,
  msgs: InboundMessage[],
): Promise<{ results: Settled<InboundResult>[]; durable: Promise<void> }> {
  const one = async (m: InboundMessage): Promise<Settled<InboundResult>> => {
    try {
      return { ok: true, value: await recordInbound(ctx, m) };
    } catch (error) {
      return { ok: false, error };
    }
  };
  const out: (Settled<InboundResult> | undefined)[] = new Array(msgs.length);
  const fresh: number[] = [];
  const keys = new Set<string>();
  for (const [i, m] of msgs.entries()) {
    const key = m.externalId ? `${m.channelId}\n${m.externalId}` : null;
    if (key && keys.has(key)) continue;
    if (key) keys.add(key);
    fresh.push(i);
  }
  let durable: Promise<void> | null = null;
  if (fresh.length) {
    try {
      // Redeliveries are looked up inside the transaction: no read of its own before it for each message.
      const c = await writeThenSync(ctx, async (w) => {
        const r: InboundResult[] = [];
        const channels = new Map<string, ChannelsTable | undefined>();
        for (const i of fresh) {
          const m = msgs[i]!;
          r.push((m.checkedNew ? null : await findDuplicate(ctx, m, w)) ?? (await recordIn(ctx, w, m, channels)));
        }
        return r;
      });
      fresh.forEach((i, k) => (out[i] = { ok: true, value: c.result[k]! }));
      durable = c.durable;
    } catch {
      // Rolled back as a whole: each on its own below (each durable when it resolves).
    }
  }
  for (const [i, m] of msgs.entries()) out[i] ??= await one(m);
  // A duplicate may be of a message whose commit is not yet on disk: one more sync covers it.
  if (!durable || out.some((r) => r?.ok && r.value.duplicate)) durable = Promise.all([durable, ctx.db.durable()]).then(() => undefined);
  return { results: out as Settled<InboundResult>[], durable };
}

const conversationInInbox = prepared((k, $) =>
  k.selectFrom('conversations').selectAll().where('id', '=', $(0)).where('inbox_id', '=', $(1)),
);
const contactById = prepared((k, $) => k.selectFrom('contacts').selectAll().where('id', '=', $(0)));
const updateOnIncoming = prepared((k, $) =>
  k
    .updateTable('conversations')
    .set({
      folder: $(1),
      status: $(2),
      closed_at: $(3),
      preview: $(4),
      last_message_at: $(5),
      last_incoming_at: $(6),
      opened_at: $(7),
      waiting_first_since: $(8),
      waiting_reply_since: $(9),
    })
    .where('id', '=', $(0)),
);
/** A channel's row (prepared: read for every received message). */
export const channelById = prepared((k, $) => k.selectFrom('channels').selectAll().where('id', '=', $(0)));
/** Every column (the `satisfies` fails when the table gains one). */
const CONVERSATION_COLUMNS = Object.keys({
  id: 1,
  inbox_id: 1,
  channel_id: 1,
  channel_kind: 1,
  contact_id: 1,
  subject: 1,
  preview: 1,
  status: 1,
  assignee_id: 1,
  team_id: 1,
  folder: 1,
  is_bot: 1,
  created_at: 1,
  last_message_at: 1,
  last_incoming_at: 1,
  first_response_at: 1,
  closed_at: 1,
  search_seq: 1,
  page_url: 1,
  opened_at: 1,
  waiting_first_since: 1,
  waiting_reply_since: 1,
  contact_erased_at: 1,
} satisfies Record<keyof ConversationsTable, 1>) as (keyof ConversationsTable)[];
const insertConversation = prepared((k, $) =>
  k.insertInto('conversations').values(Object.fromEntries(CONVERSATION_COLUMNS.map((c, i) => [c, $(i)])) as ConversationsTable),
);
const assigneeById = prepared((k, $) => k.selectFrom('users').select(['name', 'avatar_url']).where('id', '=', $(0)));

/** Records one message inside `w`; `channels` keeps the channel rows already read by this transaction. */
async function recordIn(
  ctx: Ctx,
  w: Writer,
  msg: InboundMessage,
  channels = new Map<string, ChannelsTable | undefined>(),
): Promise<InboundResult> {
  const hist = msg.history;
  const team = hist?.team ?? null;
  const factsFrom = w.facts.length;
  // History writes at the message's own time (the same transaction may carry messages of other days).
  if (hist) w = { ...w, at: hist.at };
  if (!channels.has(msg.channelId)) channels.set(msg.channelId, (await channelById(w.db, w.trx, [msg.channelId])).rows[0]);
  const channel = channels.get(msg.channelId);
  if (!channel) throw notFound('Channel not found');
  let before: ConversationsTable | undefined;
  if (msg.conversationId) {
    before = (await conversationInInbox(w.db, w.trx, [msg.conversationId, channel.inbox_id])).rows[0];
    if (!before) throw notFound('Conversation not found');
  }
  const { contact, created: newContact } = before?.contact_id
    ? { contact: (await contactById(w.db, w.trx, [before.contact_id])).rows[0]!, created: false }
    : msg.contactFor
      ? await msg.contactFor(w)
      : await findOrAddContact(w, msg.contact);
  let followsUp: string | null = null;
  if (!before && msg.findThread) {
    const thread = await msg.findThread(w, channel, contact.id, newContact);
    if (typeof thread === 'string') before = (await conversationInInbox(w.db, w.trx, [thread, channel.inbox_id])).rows[0];
    else if (thread) followsUp = thread.followsUp;
  }

  const created = !before;
  const conv: ConversationsTable = before
    ? { ...before }
    : {
        id: newId(),
        inbox_id: channel.inbox_id,
        channel_id: channel.id,
        channel_kind: channel.kind,
        contact_id: contact.id,
        subject: msg.subject?.trim() || null,
        preview: '',
        status: 'open',
        assignee_id: null,
        team_id: null,
        folder: msg.folder ?? 'inbox',
        is_bot: 0,
        created_at: w.at,
        last_message_at: w.at,
        last_incoming_at: null,
        first_response_at: null,
        closed_at: null,
        search_seq: 0,
        page_url: msg.pageUrl ?? null,
        opened_at: null,
        waiting_first_since: null,
        waiting_reply_since: null,
        contact_erased_at: null,
      };

  const changes: string[] = [];
  // A blocked sender's messages go to Filtered, new conversation or not.
  if (contact.blocked && conv.folder === 'inbox') {
    conv.folder = 'filtered';
    changes.push('folder');
  }
  // A chatflow may take a new conversation: it waits in the Bots view, unrouted, until handed over.
  const bot = created && conv.folder === 'inbox' && !msg.autoReply && !hist ? await flowToStart(w, channel, conv.page_url) : null;
  if (bot) conv.is_bot = 1;
  // History: only the conversation's newest message moves it (an older one fills in the past); an agent's reply never reopens.
  const latest = !before || !hist || w.at >= before.last_message_at;
  if (conv.status === 'closed' && !msg.autoReply && latest && !team) {
    conv.status = 'open';
    conv.closed_at = null;
    changes.push('status');
  }
  if (latest) {
    conv.preview = previewOf(msg.text);
    conv.last_message_at = w.at;
  }
  if (!team && (!conv.last_incoming_at || w.at > conv.last_incoming_at || !hist)) conv.last_incoming_at = w.at;
  const firstReply = !!team && (!conv.first_response_at || w.at < conv.first_response_at);
  if (firstReply) conv.first_response_at = w.at;
  // The report clocks (a customer waits from now) and facts (created, reopened); an auto-reply waits for nobody.
  const cause: Cause = team
    ? { by: 'person', userId: team.userId, reply: true, first: firstReply }
    : msg.autoReply
      ? { by: 'system' }
      : { by: 'customer' };
  Object.assign(conv, clocksOn(w, before ?? null, conv, cause));
  for (const f of w.facts.slice(factsFrom)) f.at ??= w.at;
  if (created)
    await insertConversation(
      w.db,
      w.trx,
      CONVERSATION_COLUMNS.map((c) => conv[c]),
    );
  else {
    await updateOnIncoming(w.db, w.trx, [
      conv.id,
      conv.folder,
      conv.status,
      conv.closed_at,
      conv.preview,
      conv.last_message_at,
      conv.last_incoming_at,
      conv.opened_at,
      conv.waiting_first_since,
      conv.waiting_reply_since,
    ]);
    if (firstReply) await w.trx.updateTable('conversations').set({ first_response_at: w.at }).where('id', '=', conv.id).execute();
  }

  const m = await insertMessage(w, {
    conversation_id: conv.id,
    channel_id: channel.id,
    kind: team ? 'reply' : 'incoming',
    author_user_id: team?.userId ?? null,
    author_contact_id: team ? null : contact.id,
    text: msg.text,
    html: msg.html ?? null,
    external_id: msg.externalId ?? null,
    delivery_state: team ? 'sent' : 'none',
    mentions: '[]',
    recipients: msg.recipients ? encodeJson(msg.recipients) : null,
    reply_to: msg.replyTo?.length && !team ? encodeJson(msg.replyTo) : null,
    sender_auth: msg.senderAuth && !team ? encodeJson(msg.senderAuth) : null,
  });
  // The address this mail came from takes part in the conversation (threading lets it reply in).
  if ((channel.kind === 'email' || channel.kind === 'form') && msg.contact.email) await addParticipants(w, conv.id, [msg.contact.email]);
  if (msg.attachments?.length) {
    await w.trx
      .insertInto('attachments')
      .values(msg.attachments.map((a) => ({ ...a, message_id: m.id, created_at: w.at })))
      .execute();
  }
  await addSearchText(ctx.db, w.trx, conv.id, created ? [conv.subject, contact.name, contact.email, msg.text] : [msg.text]);
  adjustCounts(w, before ?? null, conv);
  if (bot) await openBotSession(w, conv, bot);
  else if (!created && conv.is_bot && !hist) await hearVisitor(w, conv.id, msg.text);
  if (hist) return finishHistory(w, msg, conv, { contactId: contact.id, messageId: m.id, created, latest });

  await queueRouting(w, channel, conv, { created, autoReply: msg.autoReply, messageId: m.id });
  const assignee = conv.assignee_id ? (await assigneeById(w.db, w.trx, [conv.assignee_id])).rows[0] : null;
  const row = eventRowOf(conv, contact, assignee ?? null);
  // The event carries the message as the thread shows it, files included: the app appends it without reading the thread again.
  const files = (msg.attachments ?? []).map((a) => ({ ...a, message_id: m.id, created_at: w.at }));
  const message = withAttachments(presentMessage(m, { contact: contact.name }), files, m.html);
  if (created) {
    w.emit({ type: 'conversation.created', inboxId: conv.inbox_id, conversationId: conv.id, payload: { conversation: row, message } });
  } else {
    w.emit({ type: 'message.created', inboxId: conv.inbox_id, conversationId: conv.id, payload: { message, conversation: row, changes } });
  }
  await msg.afterRecord?.(w, { messageId: m.id, conversationId: conv.id, contactId: contact.id });
  // Mail that named a thread its sender is not on: a new conversation, with a line pointing at that one.
  if (followsUp && created)
    await insertSystemMessage(w, conv, followsUpText(followsUp), null, { kind: 'follows_up', conversationId: followsUp });
  if (created && msg.onCreated) await msg.onCreated(w, conv);
  return { conversationId: conv.id, messageId: m.id, duplicate: false, createdConversation: created };
}

/** The end of a history message's write: what commits with it, and no routing nor events. */
async function finishHistory(
  w: Writer,
  msg: InboundMessage,
  conv: ConversationsTable,
  { contactId, messageId, created, latest }: { contactId: string; messageId: string; created: boolean; latest: boolean },
): Promise<InboundResult> {
  await msg.afterRecord?.(w, { messageId, conversationId: conv.id, contactId, latest });
  if (created && msg.onCreated) await msg.onCreated(w, conv);
  return { conversationId: conv.id, messageId, duplicate: false, createdConversation: created };
}
