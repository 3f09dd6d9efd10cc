/** Merging duplicate contacts, linking a conversation to a contact, and the contact's timeline. */
import type { ContactOut, ConversationOut } from '../../common/api.js';
import type { TimelineItem } from '../../common/crm-api.js';
import { decodeJson, encodeJson } from '../db/json.js';
import type { ContactsTable } from '../db/schema.js';
import type { Actor } from '../permissions/policy.js';
import { authorizeContactsChange, findOrCreateContact, getContact, presentContact } from './contacts.js';
import { listActivities, insertActivity } from './contact-records.js';
import { write, type Ctx, type Writer } from './context.js';
import { listConversations } from './conversation-list.js';
import { changeConversation, conversationFor, getConversation } from './conversations.js';
import { invalid, notFound } from './errors.js';
import { listTickets } from './tickets.js';

const label = (c: Pick<ContactsTable, 'name' | 'email'>) =>
  [c.name, c.email && `<${c.email}>`].filter(Boolean).join(' ') || 'an anonymous contact';

/**
 * Moves conversations to another contact, with the messages the old contact wrote in them: every
 * conversation of `from` (a merge), or only those in `ids` (a visitor's chats on identify, one
 * linked conversation). A Messenger sender (PSID) follows their conversation: the next message
 * from them lands on the contact it now has, and replies find the PSID through it. Events and
 * timeline lines are the caller's.
 */
export async function moveConversations(w: Writer, from: string, to: string, ids?: string[]): Promise<void> {
  if (ids && !ids.length) return;
  let conversations = w.trx.updateTable('conversations').set({ contact_id: to }).where('contact_id', '=', from);
  let messages = w.trx.updateTable('messages').set({ author_contact_id: to }).where('author_contact_id', '=', from);
  let senders = w.trx.updateTable('messenger_senders').set({ contact_id: to }).where('contact_id', '=', from);
  let movesSenders = true;
  if (ids) {
    // Read before the conversations move: the channels of those that are Messenger conversations.
    const channels = await w.trx
      .selectFrom('conversations')
      .select('channel_id')
      .distinct()
      .where('id', 'in', ids)
      .where('contact_id', '=', from)
      .where('channel_kind', '=', 'messenger')
      .execute();
    conversations = conversations.where('id', 'in', ids);
    messages = messages.where('conversation_id', 'in', ids);
    movesSenders = channels.length > 0;
    if (movesSenders)
      senders = senders.where(
        'channel_id',
        'in',
        channels.map((c) => c.channel_id),
      );
  }
  await conversations.execute();
  await messages.execute();
  if (movesSenders) await senders.execute();
}

/**
 * Merges `otherId` into `id`: the other's conversations, messages, activities, deals and tickets
 * move; fields the survivor lacks are taken from the other; the merge is recorded on the survivor
 * with a snapshot of the removed contact; the other is deleted. One transaction. Refused (403)
 * when either contact has conversations the actor may not read.
 */
export async function mergeContacts(ctx: Ctx, actor: Actor, id: string, otherId: string): Promise<ContactOut> {
  if (id === otherId) throw invalid('otherId', 'is the same contact', 'same_contact');
  await getContact(ctx, actor, id);
  const other = await ctx.db.kysely.selectFrom('contacts').selectAll().where('id', '=', otherId).executeTakeFirst();
  if (!other) throw invalid('otherId', 'is not a contact', 'not_a_contact');
  await write(ctx, async (w) => {
    await authorizeContactsChange(w.trx, actor, [id, otherId]);
    await mergeContactRows(w, id, otherId, actor.id);
  });
  return getContact(ctx, actor, id);
}

/**
 * The merge itself, inside a caller's write: also used without an agent (`byUserId` null) when a
 * website-chat visitor proves who they are and their anonymous contact joins the known one.
 */
export async function mergeContactRows(w: Writer, id: string, otherId: string, byUserId: string | null): Promise<void> {
  const t = w.trx;
  const other = await t.selectFrom('contacts').selectAll().where('id', '=', otherId).executeTakeFirstOrThrow();
  const keep = await t.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await moveConversations(w, otherId, id);
  await t.updateTable('contact_activities').set({ contact_id: id }).where('contact_id', '=', otherId).execute();
  await t.updateTable('deals').set({ contact_id: id }).where('contact_id', '=', otherId).execute();
  await t.updateTable('tickets').set({ contact_id: id }).where('contact_id', '=', otherId).execute();
  await t.deleteFrom('contacts').where('id', '=', otherId).execute();
  const props = {
    ...decodeJson<Record<string, unknown>>(other.properties, {}),
    ...decodeJson<Record<string, unknown>>(keep.properties, {}),
  };
  await t
    .updateTable('contacts')
    .set({
      name: keep.name ?? other.name,
      email: keep.email ?? other.email,
      // A claimed address the merged contact owns is now joined to it by the agent: no longer unverified.
      unverified_email: [keep.unverified_email, other.unverified_email].find((u) => u && u !== (keep.email ?? other.email)) ?? null,
      phone: keep.phone ?? other.phone,
      company: keep.company ?? other.company,
      owner_id: keep.owner_id ?? other.owner_id,
      picture_path: keep.picture_path ?? other.picture_path ?? null,
      picture_type: keep.picture_path ? (keep.picture_type ?? null) : (other.picture_type ?? null),
      properties: encodeJson(props),
      updated_at: w.at,
    })
    .where('id', '=', id)
    .execute();
  await insertActivity(w, {
    contact_id: id,
    kind: 'merge',
    user_id: byUserId,
    body: `Merged ${label(other)} into this contact`,
    // No count of what moved: every user reads this record, and not every user may read those conversations.
    data: encodeJson({ merged: presentContact(other) }),
  });
  w.emit({ type: 'contact.updated', inboxId: null, payload: { contactId: otherId, mergedInto: id } });
}

/** Links a conversation to an existing contact, or to one found or created from a name/email (anonymous visitors). */
export async function setConversationContact(
  ctx: Ctx,
  actor: Actor,
  conversationId: string,
  input: { contactId: string } | { name?: string; email?: string; phone?: string },
): Promise<ConversationOut> {
  const c = await conversationFor(ctx, actor, conversationId, 'assign');
  await write(ctx, async (w) => {
    let contact: ContactsTable | undefined;
    if ('contactId' in input) {
      contact = await w.trx.selectFrom('contacts').selectAll().where('id', '=', input.contactId).executeTakeFirst();
      if (!contact) throw invalid('contactId', 'is not a contact', 'not_a_contact');
    } else {
      contact = await findOrCreateContact(w, input);
    }
    if (contact.id === c.contact_id) return;
    const me = (await w.trx.selectFrom('users').select('name').where('id', '=', actor.id).executeTakeFirst())?.name ?? 'Someone';
    if (c.contact_id) await moveConversations(w, c.contact_id, contact.id, [c.id]);
    await changeConversation(w, c, { contact_id: contact.id }, `${me} linked this conversation to ${label(contact)}`, actor.id);
  });
  return getConversation(ctx, actor, conversationId);
}

export async function disassociateContact(ctx: Ctx, actor: Actor, conversationId: string): Promise<ConversationOut> {
  const c = await conversationFor(ctx, actor, conversationId, 'assign');
  if (!c.contact_id) throw notFound('This conversation has no contact');
  await write(ctx, async (w) => {
    const old = await w.trx.selectFrom('contacts').select(['name', 'email']).where('id', '=', c.contact_id!).executeTakeFirst();
    const me = (await w.trx.selectFrom('users').select('name').where('id', '=', actor.id).executeTakeFirst())?.name ?? 'Someone';
    await changeConversation(
      w,
      c,
      { contact_id: null },
      `${me} removed ${old ? label(old) : 'the contact'} from this conversation`,
      actor.id,
    );
  });
  return getConversation(ctx, actor, conversationId);
}

/** Activities, plus only the conversations and tickets the viewer may read (no titles of others' inboxes leak). */
export async function contactTimeline(ctx: Ctx, actor: Actor, id: string): Promise<{ items: TimelineItem[]; nextCursor: null }> {
  const activities = await listActivities(ctx, actor, id);
  const conversations = await listConversations(ctx, actor, { view: 'all', limit: 100, contactId: id });
  const tickets = await listTickets(ctx, actor, { contactId: id, limit: 100 });
  const items: TimelineItem[] = [
    ...activities.map((a) => ({ type: 'activity' as const, at: a.createdAt, activity: a })),
    ...conversations.items.map((c) => ({ type: 'conversation' as const, at: c.createdAt, conversation: c })),
    ...tickets.items.map((t) => ({ type: 'ticket' as const, at: t.createdAt, ticket: t })),
  ];
  items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { items, nextCursor: null };
}
