import type { ContactOut, ConversationRow, Page } from '../../common/api.js';
import type { Trx } from '../db/database.js';
import { decodeJson, encodeJson } from '../db/json.js';
import { prepared } from '../db/prepared.js';
import type { ContactsTable } from '../db/schema.js';
import { filePath } from '../files/store.js';
import { authorizeContactChange, canReadContact, type Actor } from '../permissions/policy.js';
import { insertActivity } from './contact-records.js';
import { write, type Ctx, type Writer } from './context.js';
import { listConversations } from './conversation-list.js';
import { notFound } from './errors.js';
import { newId } from './ids.js';

export function presentContact(c: ContactsTable): ContactOut {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    ownerId: c.owner_id,
    company: c.company,
    properties: decodeJson(c.properties, {}),
    blocked: c.blocked === 1,
    unverifiedEmail: c.unverified_email ?? null,
    // Versioned by the last change: a new picture is a new address (the old one may be cached).
    pictureUrl: c.picture_path ? `/api/v1/contacts/${encodeURIComponent(c.id)}/picture?v=${encodeURIComponent(c.updated_at)}` : null,
  };
}

/** Contacts are a shared record every user can see, as in a CRM. */
export async function getContact(ctx: Ctx, actor: Actor, id: string): Promise<ContactOut> {
  const c = await ctx.db.kysely.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c || !canReadContact(actor)) throw notFound('Contact not found');
  return presentContact(c);
}

/** A contact's picture as a file to send, for who may read the contact; 404 when there is none (or no such contact). */
export async function contactPicture(ctx: Ctx, actor: Actor, id: string): Promise<{ path: string; filename: string; contentType: string }> {
  const c = await ctx.db.kysely.selectFrom('contacts').select(['picture_path', 'picture_type']).where('id', '=', id).executeTakeFirst();
  if (!c?.picture_path || !c.picture_type || !canReadContact(actor)) throw notFound('Picture not found');
  return {
    path: filePath(ctx.mail.filesDir, c.picture_path),
    filename: `picture.${c.picture_type.slice('image/'.length)}`,
    contentType: c.picture_type,
  };
}

/** Past conversations with a contact: only those the viewer may read. */
export async function contactConversations(ctx: Ctx, actor: Actor, id: string, cursor?: string): Promise<Page<ConversationRow>> {
  await getContact(ctx, actor, id);
  return listConversations(ctx, actor, { view: 'all', limit: 25, cursor, contactId: id });
}

/** Finds the contact by email, or creates it; safe under concurrent deliveries. */
export async function findOrCreateContact(w: Writer, input: { email?: string; name?: string; phone?: string }): Promise<ContactsTable> {
  return (await findOrAddContact(w, input)).contact;
}

/** Every column (the `satisfies` fails when the table gains one). */
const CONTACT_COLUMNS = Object.keys({
  id: 1,
  name: 1,
  email: 1,
  phone: 1,
  owner_id: 1,
  company: 1,
  properties: 1,
  blocked: 1,
  created_at: 1,
  updated_at: 1,
  unverified_email: 1,
  picture_path: 1,
  picture_type: 1,
} satisfies Record<keyof ContactsTable, 1>) as (keyof ContactsTable)[];
const contactValues = ($: (n: number) => any) => Object.fromEntries(CONTACT_COLUMNS.map((c, i) => [c, $(i)])) as ContactsTable;

const addContact = prepared((k, $) => k.insertInto('contacts').values(contactValues($)));
const addContactUnlessEmailTaken = prepared((k, $) =>
  k
    .insertInto('contacts')
    .values(contactValues($))
    .onConflict((oc) => oc.column('email').doNothing()),
);
const contactByEmail = prepared((k, $) => k.selectFrom('contacts').selectAll().where('email', '=', $(0)));
const nameContact = prepared((k, $) =>
  k
    .updateTable('contacts')
    .set({ name: $(1), updated_at: $(2) })
    .where('id', '=', $(0)),
);

/** The contact with this email (its name filled in if it had none), or a new one; `created` says which. */
export async function findOrAddContact(
  w: Writer,
  input: { email?: string; name?: string; phone?: string },
): Promise<{ contact: ContactsTable; created: boolean }> {
  const { db, trx, at } = w;
  const email = input.email?.trim().toLowerCase() || null;
  const fresh: ContactsTable = {
    id: newId(),
    name: input.name ?? null,
    email,
    phone: input.phone ?? null,
    owner_id: null,
    company: null,
    properties: '{}',
    blocked: 0,
    created_at: at,
    updated_at: at,
    unverified_email: null,
    picture_path: null,
    picture_type: null,
  };
  const freshRow = CONTACT_COLUMNS.map((c) => fresh[c]);
  if (!email) {
    await addContact(db, trx, freshRow);
    return { contact: fresh, created: true };
  }
  const byEmail = async () => (await contactByEmail(db, trx, [email])).rows[0];
  let c = await byEmail();
  if (!c) {
    // A concurrent writer (PostgreSQL) may add the same address first: then theirs is the one.
    const r = await addContactUnlessEmailTaken(db, trx, freshRow);
    if (Number(r.numAffectedRows ?? 0) > 0) return { contact: fresh, created: true };
    c = (await byEmail())!;
  }
  if (!c.name && input.name) {
    await nameContact(db, trx, [c.id, input.name, at]);
    c.name = input.name;
  }
  return { contact: c, created: false };
}

/** The inboxes the contacts have conversations (or tickets made from them) in. */
export async function contactInboxIds(q: Trx | Ctx['db']['kysely'], contactIds: string[]): Promise<string[]> {
  const convs = await q.selectFrom('conversations').select('inbox_id').distinct().where('contact_id', 'in', contactIds).execute();
  const tickets = await q
    .selectFrom('tickets')
    .select('inbox_id')
    .distinct()
    .where('contact_id', 'in', contactIds)
    .where('inbox_id', 'is not', null)
    .execute();
  return [...new Set([...convs.map((r) => r.inbox_id), ...tickets.map((r) => r.inbox_id!)])];
}

/** Refuses (403) to change contacts that have conversations in an inbox the actor may not read. */
export async function authorizeContactsChange(q: Trx | Ctx['db']['kysely'], actor: Actor, contactIds: string[]): Promise<void> {
  authorizeContactChange(actor, await contactInboxIds(q, contactIds));
}

/** Blocking sends the contact's new messages to Filtered; unblocking stops that. */
export async function setBlocked(ctx: Ctx, actor: Actor, id: string, blocked: boolean): Promise<ContactOut> {
  await getContact(ctx, actor, id);
  await write(ctx, (w) => writeBlocked(w, actor, id, blocked));
  return getContact(ctx, actor, id);
}

/**
 * Blocks or unblocks a contact inside a write, with the contact's activity line and event. Refuses (403)
 * for an actor who cannot read every inbox the contact has conversations in: it changes them all.
 */
export async function writeBlocked(w: Writer, actor: Actor, id: string, blocked: boolean): Promise<void> {
  await authorizeContactsChange(w.trx, actor, [id]);
  const before = await w.trx.selectFrom('contacts').select('blocked').where('id', '=', id).executeTakeFirstOrThrow();
  if ((before.blocked === 1) === blocked) return;
  await w.trx
    .updateTable('contacts')
    .set({ blocked: blocked ? 1 : 0, updated_at: w.at })
    .where('id', '=', id)
    .execute();
  const me = (await w.trx.selectFrom('users').select('name').where('id', '=', actor.id).executeTakeFirst())?.name ?? 'Someone';
  const changes = [{ field: 'blocked', from: !blocked, to: blocked }];
  await insertActivity(w, {
    contact_id: id,
    kind: 'change',
    user_id: actor.id,
    body: `${me} ${blocked ? 'blocked' : 'unblocked'} this contact`,
    data: encodeJson({ changes }),
  });
  w.emit({ type: 'contact.updated', inboxId: null, payload: { contactId: id, blocked } });
}
