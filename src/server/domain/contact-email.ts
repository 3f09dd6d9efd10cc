/** Writing to a contact first: a new email conversation whose first message is a reply sent through the outbox. */
import type { ConversationOut, EmailAddress } from '../../common/api.js';
import { encodeJson } from '../db/json.js';
import { addSearchText } from '../db/search.js';
import type { ContactsTable, ConversationsTable } from '../db/schema.js';
import { queueDelivery } from './outbox.js';
import { authorizeInbox, type Actor } from '../permissions/policy.js';
import { getContact } from './contacts.js';
import { write, type Ctx, type Writer } from './context.js';
import { adjustCounts } from './counts.js';
import { clocksOn } from './report-facts.js';
import { getConversation, rowForEvent } from './conversations.js';
import { invalid } from './errors.js';
import { newId } from './ids.js';
import { insertMessage, presentMessage, previewOf, recipientsFor, withAttachments } from './messages.js';
import { linkUploads } from './uploads.js';

export interface NewEmail {
  inboxId: string;
  subject: string;
  text: string;
  html: string | null;
  cc: EmailAddress[];
  /** Uploads to link (attached or shown inline) and which of them are inline. */
  files: string[];
  inline: Set<string>;
}

/**
 * Inside one transaction: the conversation (open, assigned to the sender), the message with its
 * recipients and files, its outbox job, counts, search and events. Returns the conversation id.
 */
export async function startEmailConversation(ctx: Ctx, w: Writer, actor: Actor, contact: ContactsTable, e: NewEmail): Promise<string> {
  if (!contact.email) throw invalid('to', 'the contact has no email address', 'no_email');
  const channel = await w.trx
    .selectFrom('channels')
    .selectAll()
    .where('inbox_id', '=', e.inboxId)
    .where('kind', '=', 'email')
    .where('status', '=', 'on')
    .orderBy('created_at')
    .executeTakeFirst();
  if (!channel) throw invalid('inboxId', 'this inbox has no email channel that is on', 'no_email_channel');
  const id = newId();
  const conv: ConversationsTable = {
    id,
    inbox_id: e.inboxId,
    channel_id: channel.id,
    channel_kind: 'email',
    contact_id: contact.id,
    subject: e.subject,
    preview: previewOf(e.text),
    status: 'open',
    assignee_id: actor.id,
    team_id: null,
    folder: 'inbox',
    is_bot: 0,
    created_at: w.at,
    last_message_at: w.at,
    last_incoming_at: null,
    first_response_at: w.at,
    closed_at: null,
    search_seq: 0,
    page_url: null,
    opened_at: null,
    waiting_first_since: null,
    waiting_reply_since: null,
    contact_erased_at: null,
  };
  // Started by a person with a reply: created, and a reply nobody waited for.
  Object.assign(conv, clocksOn(w, null, conv, { by: 'person', userId: actor.id, reply: true, first: true }));
  await w.trx.insertInto('conversations').values(conv).execute();
  const m = await insertMessage(w, {
    conversation_id: id,
    channel_id: channel.id,
    kind: 'reply',
    author_user_id: actor.id,
    author_contact_id: null,
    text: e.text,
    html: e.html,
    external_id: null,
    delivery_state: 'none',
    mentions: '[]',
    recipients: encodeJson(recipientsFor(contact, e.cc)),
  });
  const files = await linkUploads(w, actor, m.id, e.files, e.inline);
  m.delivery_state = await queueDelivery(ctx, w, channel, m);
  await addSearchText(ctx.db, w.trx, id, [e.subject, contact.name, contact.email, e.text]);
  adjustCounts(w, null, conv);
  const author = await w.trx.selectFrom('users').select('name').where('id', '=', actor.id).executeTakeFirst();
  const message = withAttachments(presentMessage(m, { user: author?.name }), files, m.html);
  w.emit({
    type: 'conversation.created',
    inboxId: e.inboxId,
    conversationId: id,
    payload: { conversation: await rowForEvent(w, id), message },
  });
  return id;
}

/** A plain-text email to a contact from their record. */
export async function sendContactEmail(
  ctx: Ctx,
  actor: Actor,
  contactId: string,
  input: { inboxId: string; subject: string; body: string },
): Promise<ConversationOut> {
  const contact = await getContact(ctx, actor, contactId);
  if (!contact.email) throw invalid('contactId', 'the contact has no email address', 'no_email');
  authorizeInbox(actor, input.inboxId, 'act');
  const id = await write(ctx, async (w) => {
    const row = await w.trx.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow();
    return startEmailConversation(ctx, w, actor, row, {
      inboxId: input.inboxId,
      subject: input.subject,
      text: input.body,
      html: null,
      cc: [],
      files: [],
      inline: new Set(),
    });
  });
  return getConversation(ctx, actor, id);
}

/** The sender's meeting link (from their profile), as an email to the contact. */
export async function sendMeetingLink(
  ctx: Ctx,
  actor: Actor,
  contactId: string,
  input: { inboxId: string; subject?: string; note?: string },
): Promise<ConversationOut> {
  await getContact(ctx, actor, contactId);
  authorizeInbox(actor, input.inboxId, 'act');
  const me = await ctx.db.kysely.selectFrom('users').select(['name', 'meeting_link']).where('id', '=', actor.id).executeTakeFirstOrThrow();
  if (!me.meeting_link) throw invalid('meetingLink', 'set a meeting link in your profile first', 'no_meeting_link');
  const body = [input.note?.trim(), `Book a time with ${me.name}: ${me.meeting_link}`].filter(Boolean).join('\n\n');
  return sendContactEmail(ctx, actor, contactId, { inboxId: input.inboxId, subject: input.subject || `Meeting with ${me.name}`, body });
}
