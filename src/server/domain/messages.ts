import type { EmailAddress, MessageOut, Page, Recipients, SenderAuth } from '../../common/api.js';
import { inlineAttachmentUrl } from '../../common/attachment-urls.js';
import type { TimelineFact } from '../../common/timeline.js';
import type { Database, Db, Trx } from '../db/database.js';
import { decodeJson, encodeJson } from '../db/json.js';
import { prepared } from '../db/prepared.js';
import { addParticipants, recipientEmails } from './participants.js';
import { addSearchText } from '../db/search.js';
import type { AttachmentsTable, ConversationsTable, MessagesTable } from '../db/schema.js';
import { enqueue } from '../db/job-queue.js';
import { DELIVER_JOB, heldReasonOf, queueDelivery } from './outbox.js';
import type { Actor } from '../permissions/policy.js';
import { write, type Ctx, type Writer } from './context.js';
import { adjustCounts } from './counts.js';
import { clocksOn } from './report-facts.js';
import { takeOverFromBot } from './bot-sessions.js';
import { changeConversation, conversationFor, rowForEvent } from './conversations.js';
import { conflict, invalid, notFound } from './errors.js';
import { decodeCursor, keysetCursor, pageOf } from '../db/pagination.js';
import { newId } from './ids.js';
import { emailBody } from './email-body.js';
import { replyRefusedOf } from './reply-window.js';
import { linkUploads } from './uploads.js';

/** The first 200 characters, whitespace collapsed; reads only as much of a long text as it takes. */
export function previewOf(text: string): string {
  for (let window = 1024; ; window *= 4) {
    const p = text.slice(0, window).replace(/\s+/g, ' ').trim();
    if (p.length >= 200 || window >= text.length) return p.slice(0, 200);
  }
}

const MESSAGE_COLUMNS = [
  'id',
  'conversation_id',
  'channel_id',
  'kind',
  'author_user_id',
  'author_contact_id',
  'text',
  'html',
  'external_id',
  'delivery_state',
  'delivery_error',
  'mentions',
  'recipients',
  'reply_to',
  'created_at',
  'sender_auth',
  'fact',
  'author_bot',
  'buttons',
  'input_hint',
] as const satisfies readonly (keyof MessagesTable)[];
const insertMessageRow = prepared((k, $) =>
  k.insertInto('messages').values(Object.fromEntries(MESSAGE_COLUMNS.map((c, i) => [c, $(i)])) as MessagesTable),
);

export async function insertMessage(
  w: Writer,
  m: Omit<MessagesTable, 'id' | 'created_at' | 'delivery_error' | 'recipients' | 'reply_to'> & {
    id?: string;
    recipients?: string | null;
    reply_to?: string | null;
  },
): Promise<MessagesTable> {
  const row: MessagesTable = {
    id: m.id ?? newId(),
    created_at: w.at,
    delivery_error: null,
    recipients: null,
    reply_to: null,
    ...m,
  } as MessagesTable;
  await insertMessageRow(
    w.db,
    w.trx,
    MESSAGE_COLUMNS.map((c) => row[c] ?? null),
  );
  if (row.recipients) await addParticipants(w, row.conversation_id, recipientEmails(row.recipients));
  return row;
}

const byExternalId = prepared((k, $) =>
  k.selectFrom('messages').select(['id', 'conversation_id']).where('channel_id', '=', $(0)).where('external_id', '=', $(1)),
);

/** The message a channel already stored under its own id (a redelivery, a resend), if any. */
export async function messageByExternalId(
  db: Database,
  channelId: string,
  externalId: string,
  on: Db | Trx = db.kysely,
): Promise<{ id: string; conversation_id: string } | undefined> {
  return (await byExternalId(db, on, [channelId, externalId])).rows[0];
}

export function presentMessage(m: MessagesTable, names: { user?: string | null; contact?: string | null }): MessageOut {
  return {
    id: m.id,
    conversationId: m.conversation_id,
    kind: m.kind,
    text: m.text,
    html: m.html,
    author: m.author_bot
      ? { type: 'bot', id: null, name: m.author_bot }
      : m.author_user_id
        ? { type: 'user', id: m.author_user_id, name: names.user ?? '' }
        : m.author_contact_id
          ? { type: 'contact', id: m.author_contact_id, name: names.contact ?? null }
          : null,
    mentions: decodeJson<string[]>(m.mentions, []),
    recipients: m.recipients ? decodeJson<Recipients | null>(m.recipients, null) : null,
    deliveryState: m.delivery_state,
    deliveryError: m.delivery_error,
    deliveryHeld: heldReasonOf(m),
    createdAt: m.created_at,
    ...(m.sender_auth ? { senderAuth: decodeJson<SenderAuth | null>(m.sender_auth, null) } : {}),
    ...(m.fact ? { fact: decodeJson<TimelineFact | null>(m.fact, null) } : {}),
    ...(m.buttons ? { buttons: decodeJson<{ label: string }[]>(m.buttons, []) } : {}),
  };
}

/** Timeline lines (assignments, status changes): part of the thread, not of the search index. */
export async function insertSystemMessage(
  w: Writer,
  c: ConversationsTable,
  text: string,
  actorId: string | null,
  fact?: TimelineFact,
): Promise<void> {
  const m = await insertMessage(w, {
    conversation_id: c.id,
    channel_id: c.channel_id,
    kind: 'system',
    author_user_id: actorId,
    author_contact_id: null,
    text,
    html: null,
    external_id: null,
    delivery_state: 'none',
    mentions: '[]',
    ...(fact ? { fact: JSON.stringify(fact) } : {}),
  });
  w.emit({ type: 'message.created', inboxId: c.inbox_id, conversationId: c.id, payload: { message: presentMessage(m, {}) } });
}

/**
 * A page of the thread in keyset order: `asc` oldest first (the default integrators know), `desc` newest
 * first (the app opens a long thread at its newest page and reads older ones as the reader scrolls up).
 * Both walk the `messages_conversation` index (conversation_id, created_at, id), forwards or backwards.
 */
export async function listMessages(
  ctx: Ctx,
  actor: Actor,
  conversationId: string,
  cursor: string | undefined,
  limit: number,
  order: 'asc' | 'desc' = 'asc',
): Promise<Page<MessageOut>> {
  await conversationFor(ctx, actor, conversationId, 'read');
  let q = ctx.db.kysely
    .selectFrom('messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_user_id')
    .leftJoin('contacts as ct', 'ct.id', 'm.author_contact_id')
    .selectAll('m')
    .select(['u.name as user_name', 'ct.name as contact_name'])
    .where('m.conversation_id', '=', conversationId);
  if (cursor) {
    const c = decodeCursor(keysetCursor, cursor);
    q = q.where((eb) => eb(eb.refTuple('m.created_at', 'm.id'), order === 'asc' ? '>' : '<', eb.tuple(c.t, c.id)));
  }
  const rows = await q
    .orderBy('m.created_at', order)
    .orderBy('m.id', order)
    .limit(limit + 1)
    .execute();
  const { items: page, nextCursor } = pageOf(rows, limit, (last) => ({ t: last.created_at, id: last.id }));
  const files = page.length
    ? await ctx.db.kysely
        .selectFrom('attachments')
        .select(['id', 'message_id', 'filename', 'content_type', 'size', 'content_id'])
        .where(
          'message_id',
          'in',
          page.map((r) => r.id),
        )
        .orderBy('id')
        .execute()
    : [];
  return {
    items: page.map((r) => {
      const out = presentMessage(r, { user: r.user_name, contact: r.contact_name });
      const mine = files.filter((f) => f.message_id === r.id);
      if (mine.length) {
        out.attachments = mine.map((f) => ({
          id: f.id,
          filename: f.filename,
          contentType: f.content_type,
          size: Number(f.size),
          inline: !!f.content_id && !!r.html?.includes(inlineAttachmentUrl(f.id)),
        }));
      }
      return out;
    }),
    nextCursor,
  };
}

/** What an agent writes: plain `body`, or for email replies `html` (the text part derived), Cc and uploaded files. */
export interface AgentMessageInput {
  kind: 'reply' | 'comment';
  body?: string;
  html?: string;
  cc?: EmailAddress[];
  attachmentIds?: string[];
  mentions?: string[];
}

/** An agent's reply (sent on the conversation's channel through the outbox) or internal comment. */
export async function addAgentMessage(ctx: Ctx, actor: Actor, conversationId: string, input: AgentMessageInput): Promise<MessageOut> {
  const c = await conversationFor(ctx, actor, conversationId, input.kind);
  const mentions = [...new Set(input.mentions ?? [])];
  if (input.kind === 'reply' && mentions.length) throw invalid('mentions', 'only comments can mention users', 'comment_only');
  // A support form's conversation is answered by email (the form channel's adapter sends through the email path).
  const email = input.kind === 'reply' && (c.channel_kind === 'email' || c.channel_kind === 'form');
  // Refused before anything is queued: Messenger takes no reply 7 days after the customer's last message.
  if (input.kind === 'reply' && replyRefusedOf(c, ctx.clock?.() ?? new Date()))
    throw conflict('messenger_window_closed', "Messenger allows no reply more than 7 days after the customer's last message");
  if (!email) {
    for (const f of ['html', 'cc', 'attachmentIds'] as const)
      if (input[f] !== undefined) throw invalid(f, 'only email replies can have formatting, Cc or attachments', 'email_reply_only');
  }
  const body =
    email && input.html !== undefined
      ? await emailBodyFor(input.html, input.attachmentIds ?? [])
      : {
          text: input.body?.trim() ?? '',
          html: null,
          files: email ? [...new Set(input.attachmentIds ?? [])] : [],
          inline: new Set<string>(),
        };
  if (!body.text && !body.files.length) throw invalid('body', 'must not be empty', 'empty');
  const out = await write(ctx, async (w) => {
    if (mentions.length) {
      const found = await w.trx.selectFrom('users').select('id').where('id', 'in', mentions).execute();
      if (found.length !== mentions.length) throw invalid('mentions', 'contains an unknown user', 'unknown_user');
    }
    const channel = await w.trx.selectFrom('channels').selectAll().where('id', '=', c.channel_id).executeTakeFirstOrThrow();
    // An agent's reply to a conversation a bot holds takes it over (a comment only watches).
    let cur = input.kind === 'reply' ? await takeOverFromBot(w, c, actor.id) : c;
    if (input.kind === 'reply' && c.channel_kind === 'chat' && !c.assignee_id) {
      // Answering an unassigned chat takes it: the visitor is talking to this agent now.
      const me = (await w.trx.selectFrom('users').select('name').where('id', '=', actor.id).executeTakeFirst())?.name ?? 'Someone';
      cur = await changeConversation(w, cur, { assignee_id: actor.id }, `${me} took this conversation`, actor.id, {
        kind: 'took',
        actor: me,
      });
    }
    const to = email ? await replyAddressesOf(w.trx, c.id) : [];
    const m = await insertMessage(w, {
      conversation_id: c.id,
      channel_id: c.channel_id,
      kind: input.kind,
      author_user_id: actor.id,
      author_contact_id: null,
      text: body.text,
      html: body.html,
      external_id: null,
      delivery_state: 'none',
      mentions: encodeJson(mentions),
      recipients: to.length ? encodeJson(recipientsTo(to, input.cc ?? [])) : null,
    });
    const files = await linkUploads(w, actor, m.id, body.files, body.inline);
    const set: Partial<ConversationsTable> = {};
    if (input.kind === 'reply') {
      Object.assign(set, { last_message_at: w.at, preview: previewOf(body.text) });
      if (!cur.first_response_at) set.first_response_at = w.at;
      // A new reply reopens a closed conversation.
      if (cur.status === 'closed') Object.assign(set, { status: 'open', closed_at: null });
      m.delivery_state = await queueDelivery(ctx, w, channel, m);
      const first = !(await repliedBefore(w.db, w.trx, [c.id, actor.id, m.id])).rows.length;
      Object.assign(set, clocksOn(w, cur, { ...cur, ...set }, { by: 'person', userId: actor.id, reply: true, first }));
    }
    if (Object.keys(set).length) await w.trx.updateTable('conversations').set(set).where('id', '=', c.id).execute();
    await addSearchText(ctx.db, w.trx, c.id, [body.text]);
    adjustCounts(w, cur, { ...cur, ...set });
    const author = await w.trx.selectFrom('users').select('name').where('id', '=', actor.id).executeTakeFirst();
    const message = withAttachments(presentMessage(m, { user: author?.name }), files, m.html);
    w.emit({
      type: 'message.created',
      inboxId: c.inbox_id,
      conversationId: c.id,
      internal: input.kind === 'comment',
      payload: { message, conversation: await rowForEvent(w, c.id) },
    });
    return message;
  });
  return out;
}

// Whether this person replied in the conversation before (reports count the conversations each one handled).
const repliedBefore = prepared((k, $) =>
  k
    .selectFrom('messages')
    .select('id')
    .where('conversation_id', '=', $(0))
    .where('author_user_id', '=', $(1))
    .where('kind', '=', 'reply')
    .where('id', '!=', $(2))
    .limit(1),
);

/** The email's HTML made safe and its text part (on a worker); files: every upload to link (attached or shown inline). */
export async function emailBodyFor(html: string, attachmentIds: string[], field = 'html') {
  const b = await emailBody({ html, attachmentIds, linkInline: true }, field);
  return { text: b.text, html: b.html || null, files: b.files, inline: new Set(b.inline) };
}

/** To: the contact; Cc: as given, without repeats or the contact's own address. */
export function recipientsFor(contact: { email: string | null; name: string | null }, cc: EmailAddress[]): Recipients {
  return recipientsTo([contact.name ? { email: contact.email!, name: contact.name } : { email: contact.email! }], cc);
}

/** To as given; Cc: as given, without repeats or any To address. */
export function recipientsTo(to: EmailAddress[], cc: EmailAddress[]): Recipients {
  const plain = (a: EmailAddress) => (a.name ? { email: a.email, name: a.name } : { email: a.email });
  const seen = new Set(to.map((a) => a.email.toLowerCase()));
  const copies = cc.filter((a) => !seen.has(a.email.toLowerCase()) && (seen.add(a.email.toLowerCase()), true)).map(plain);
  return { to: to.map(plain), cc: copies };
}

/**
 * Where a reply in an email conversation goes, as a mail client answers: the latest incoming
 * mail's Reply-To or From as received; in a conversation the team started (Compose), the
 * addresses it was written to. Never the contact's current address: a contact is a shared record
 * that may change after the conversation was written. Empty when the conversation has neither.
 */
export async function replyAddressesOf(trx: Trx, conversationId: string): Promise<EmailAddress[]> {
  const latest = () =>
    trx.selectFrom('messages').where('conversation_id', '=', conversationId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1);
  const incoming = await latest().select('reply_to').where('kind', '=', 'incoming').where('reply_to', 'is not', null).executeTakeFirst();
  if (incoming?.reply_to) return decodeJson<EmailAddress[]>(incoming.reply_to, []);
  const sent = await latest().select('recipients').where('kind', '=', 'reply').where('recipients', 'is not', null).executeTakeFirst();
  return sent?.recipients ? (decodeJson<Recipients | null>(sent.recipients, null)?.to ?? []) : [];
}

/** The message as answered to its author, with the files it was sent with. */
export function withAttachments(out: MessageOut, files: AttachmentsTable[], html: string | null): MessageOut {
  if (files.length)
    out.attachments = files.map((f) => ({
      id: f.id,
      filename: f.filename,
      contentType: f.content_type,
      size: Number(f.size),
      inline: !!f.content_id && !!html?.includes(inlineAttachmentUrl(f.id)),
    }));
  return out;
}

/** Sends a failed reply again (a new outbox job; the Message-ID stays the same). */
export async function retryDelivery(ctx: Ctx, actor: Actor, messageId: string): Promise<MessageOut> {
  const m = await ctx.db.kysely.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  if (!m) throw notFound('Message not found');
  const c = await conversationFor(ctx, actor, m.conversation_id, 'reply');
  if (m.kind !== 'reply') throw invalid('id', 'only replies are delivered', 'not_a_reply');
  if (m.delivery_state !== 'failed' && m.delivery_state !== 'queued')
    throw conflict('not_awaiting_delivery', 'This message is not waiting for delivery');
  return write(ctx, async (w) => {
    await w.trx.updateTable('messages').set({ delivery_state: 'queued' }).where('id', '=', m.id).execute();
    await enqueue(w.trx, DELIVER_JOB, { messageId: m.id }, { dedupeKey: `deliver:${m.id}:${w.at}` });
    const out = presentMessage({ ...m, delivery_state: 'queued' }, {});
    w.emit({ type: 'message.updated', inboxId: c.inbox_id, conversationId: c.id, payload: { message: out } });
    return out;
  });
}
