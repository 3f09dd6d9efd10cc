/** The contact list (search and filters), and creating and editing contacts. Contacts are shared by every user, as in a CRM. */
import { sql } from 'kysely';
import type { ContactOut, Page } from '../../common/api.js';
import type { z } from 'zod';
import type { ContactListItem, ContactListQuery } from '../../common/crm-api.js';
import { isUniqueViolation, type Trx } from '../db/database.js';
import { decodeJson, encodeJson } from '../db/json.js';
import type { ContactsTable } from '../db/schema.js';
import { readableInboxIds, type Actor } from '../permissions/policy.js';
import { contactPropertyKeys } from '../db/json-keys.js';
import { authorizeContactsChange, getContact } from './contacts.js';
import { insertActivity } from './contact-records.js';
import { write, type Ctx } from './context.js';
import { conflict, invalid } from './errors.js';
import { decodeCursor, keysetCursor, pageOf } from '../db/pagination.js';
import { newId } from './ids.js';

type ListQuery = Omit<z.infer<typeof ContactListQuery>, 'limit'> & { limit: number };

const likePattern = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export function presentListItem(c: ContactsTable): ContactListItem {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    company: c.company,
    ownerId: c.owner_id,
    blocked: c.blocked === 1,
    createdAt: c.created_at,
  };
}

/** Newest first, keyset-paginated on (created_at, id). "Has open conversations" counts only conversations the viewer may read. */
export async function listContacts(ctx: Ctx, actor: Actor, f: ListQuery): Promise<Page<ContactListItem>> {
  let q = (await ctx.db.readerFor(actor.id)).selectFrom('contacts').selectAll('contacts');
  if (f.q) {
    const p = likePattern(f.q);
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(coalesce(contacts.name, ''))`, 'like', sql`${p} escape '\\'`),
        eb(sql`lower(coalesce(contacts.email, ''))`, 'like', sql`${p} escape '\\'`),
        eb(sql`lower(coalesce(contacts.company, ''))`, 'like', sql`${p} escape '\\'`),
      ]),
    );
  }
  if (f.ownerId) q = f.ownerId === 'none' ? q.where('contacts.owner_id', 'is', null) : q.where('contacts.owner_id', '=', f.ownerId);
  if (f.company) q = q.where(sql`lower(coalesce(contacts.company, ''))`, '=', f.company.toLowerCase());
  if (f.hasOpenConversations) {
    const inboxIds = readableInboxIds(actor);
    const open = (eb: any) =>
      eb.exists(
        eb
          .selectFrom('conversations as oc')
          .select('oc.id')
          .whereRef('oc.contact_id', '=', 'contacts.id')
          .where('oc.status', '=', 'open')
          .where('oc.folder', '=', 'inbox')
          .where('oc.inbox_id', 'in', inboxIds.length ? inboxIds : ['-']),
      );
    q = f.hasOpenConversations === 'true' ? q.where((eb) => open(eb)) : q.where((eb) => eb.not(open(eb)));
  }
  if (f.cursor) {
    const c = decodeCursor(keysetCursor, f.cursor);
    q = q.where((eb) => eb(eb.refTuple('contacts.created_at', 'contacts.id'), '<', eb.tuple(c.t, c.id)));
  }
  const rows = await q
    .orderBy('contacts.created_at', 'desc')
    .orderBy('contacts.id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = pageOf(rows, f.limit, (last) => ({ t: last.created_at, id: last.id }));
  return { items: page.items.map(presentListItem), nextCursor: page.nextCursor };
}

/** The custom property names in use on contacts (to pick one, e.g. for a chat channel's audience). */
export async function listContactPropertyKeys(ctx: Ctx, _actor: Actor): Promise<{ items: string[] }> {
  return { items: await contactPropertyKeys(ctx.db) };
}

export interface ContactFields {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
  ownerId?: string | null;
  properties?: Record<string, unknown>;
}

async function assertUser(trx: Trx, field: string, userId: string | null | undefined) {
  if (!userId) return;
  const u = await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!u) throw invalid(field, 'is not a user', 'not_a_user');
}

function columns(c: ContactFields, current: ContactsTable | null): Partial<ContactsTable> {
  const v: Partial<ContactsTable> = {};
  if (c.name !== undefined) v.name = c.name || null;
  if (c.email !== undefined) v.email = c.email || null;
  // An agent who enters the claimed address as the contact's email vouches for it.
  if (v.email && current?.unverified_email === v.email) v.unverified_email = null;
  if (c.phone !== undefined) v.phone = c.phone || null;
  if (c.company !== undefined) v.company = c.company || null;
  if (c.ownerId !== undefined) v.owner_id = c.ownerId;
  // Properties are merged key by key; a null value removes the key.
  if (c.properties !== undefined) {
    const props = { ...decodeJson<Record<string, unknown>>(current?.properties, {}), ...c.properties };
    for (const [k, x] of Object.entries(props)) if (x === null) delete props[k];
    v.properties = encodeJson(props);
  }
  return v;
}

function emailTaken(e: unknown): never {
  if (isUniqueViolation(e)) throw conflict('contact_email_taken', 'Another contact already has this email', { field: 'email' });
  throw e;
}

export async function createContact(ctx: Ctx, _actor: Actor, input: ContactFields): Promise<ContactOut> {
  const id = newId();
  await write(ctx, async (w) => {
    await assertUser(w.trx, 'ownerId', input.ownerId);
    const row: ContactsTable = {
      id,
      name: null,
      email: null,
      phone: null,
      owner_id: null,
      company: null,
      properties: '{}',
      blocked: 0,
      created_at: w.at,
      updated_at: w.at,
      unverified_email: null,
      ...columns(input, null),
    };
    await w.trx.insertInto('contacts').values(row).execute();
    w.emit({ type: 'contact.updated', inboxId: null, payload: { contactId: id, created: true } });
  }).catch(emailTaken);
  return getContact(ctx, _actor, id);
}

/** What an edit changed, field by field (as the API names them), for the contact's timeline. */
function changesOf(before: ContactsTable, set: Partial<ContactsTable>): { field: string; from: unknown; to: unknown }[] {
  const fields = {
    name: 'name',
    email: 'email',
    phone: 'phone',
    company: 'company',
    owner_id: 'ownerId',
    properties: 'properties',
  } as const;
  const out: { field: string; from: unknown; to: unknown }[] = [];
  for (const [col, field] of Object.entries(fields) as [keyof typeof fields, string][]) {
    if (!(col in set) || set[col] === before[col]) continue;
    const json = col === 'properties';
    out.push({ field, from: json ? decodeJson(before[col], {}) : before[col], to: json ? decodeJson(set[col] as string, {}) : set[col] });
  }
  return out;
}

const shown = (v: unknown) =>
  v === null || v === undefined || v === '' ? '(empty)' : typeof v === 'string' ? `“${v}”` : JSON.stringify(v);
/** One change as the timeline line says it: values for the contact's own fields, only the name of the others. */
const said = (c: { field: string; from: unknown; to: unknown }) =>
  c.field === 'ownerId' ? 'the owner' : c.field === 'properties' ? 'the properties' : `${c.field} from ${shown(c.from)} to ${shown(c.to)}`;

/** Edits a contact: refused (403) when it has conversations the actor may not read; the change is on its timeline. */
export async function updateContact(ctx: Ctx, actor: Actor, id: string, input: ContactFields): Promise<ContactOut> {
  await getContact(ctx, actor, id);
  await write(ctx, async (w) => {
    await authorizeContactsChange(w.trx, actor, [id]);
    const current = await w.trx.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await assertUser(w.trx, 'ownerId', input.ownerId);
    const set = columns(input, current);
    const changes = changesOf(current, set);
    if (!changes.length) return;
    await w.trx
      .updateTable('contacts')
      .set({ ...set, updated_at: w.at })
      .where('id', '=', id)
      .execute();
    const me = (await w.trx.selectFrom('users').select('name').where('id', '=', actor.id).executeTakeFirst())?.name ?? 'Someone';
    await insertActivity(w, {
      contact_id: id,
      kind: 'change',
      user_id: actor.id,
      body: `${me} changed ${changes.map(said).join(', ')}`,
      data: encodeJson({ changes }),
    });
    w.emit({ type: 'contact.updated', inboxId: null, payload: { contactId: id, changes: changes.map((c) => c.field) } });
  }).catch(emailTaken);
  return getContact(ctx, actor, id);
}
