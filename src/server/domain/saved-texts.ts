/**
 * What snippets and templates share: each is shared by everyone (no inbox) or by the readers of one
 * inbox; everyone who may read one may use it, only admins write them, and one the actor may not read
 * answers "not found".
 */
import { sql } from 'kysely';
import type { SnippetsTable, TemplatesTable } from '../db/schema.js';
import { authorizeAdmin, authorizeInbox, readableInboxIds, type Actor } from '../permissions/policy.js';
import type { Ctx } from './context.js';
import { invalid, notFound } from './errors.js';

interface Kinds {
  snippets: SnippetsTable;
  templates: TemplatesTable;
}
type Kind = keyof Kinds;
const missing: Record<Kind, string> = { snippets: 'Snippet not found', templates: 'Template not found' };

/** Every one the actor may read, by name. */
export async function listSaved<K extends Kind>(ctx: Ctx, actor: Actor, kind: K): Promise<Kinds[K][]> {
  const inboxIds = readableInboxIds(actor);
  const rows = await ctx.db.kysely
    .selectFrom(kind as Kind)
    .selectAll()
    .where((eb) => (inboxIds.length ? eb.or([eb('inbox_id', 'is', null), eb('inbox_id', 'in', inboxIds)]) : eb('inbox_id', 'is', null)))
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows as Kinds[K][];
}

/** One the actor may read, or "not found". */
export async function savedFor<K extends Kind>(ctx: Ctx, actor: Actor, kind: K, id: string): Promise<Kinds[K]> {
  const row = await ctx.db.kysely
    .selectFrom(kind as Kind)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || (row.inbox_id && !readableInboxIds(actor).includes(row.inbox_id))) throw notFound(missing[kind]);
  return row as Kinds[K];
}

/**
 * Names are unique among what one inbox offers (its own and everyone's), whatever their case: `#refund` names
 * one snippet. A name for everyone is free only if no inbox has it. The database's unique index (migration 022)
 * holds the same within one scope when two admins save at once.
 */
async function assertNameFree(ctx: Ctx, kind: Kind, name: string, inboxId: string | null, exceptId?: string): Promise<void> {
  const clash = await ctx.db.kysely
    .selectFrom(kind as Kind)
    .select('id')
    .where(sql<string>`lower(name)`, '=', name.trim().toLowerCase())
    .where((eb) => (inboxId ? eb.or([eb('inbox_id', 'is', null), eb('inbox_id', '=', inboxId)]) : eb.lit(true)))
    .where('id', '!=', exceptId ?? '')
    .executeTakeFirst();
  if (clash) throw invalid('name', `another ${kind === 'snippets' ? 'snippet' : 'template'} has this name`, 'name_taken');
}

/** An admin adds one, for everyone or for an inbox they may read. */
export async function insertSaved<K extends Kind>(ctx: Ctx, actor: Actor, kind: K, row: Kinds[K]): Promise<void> {
  authorizeAdmin(actor);
  if (row.inbox_id) authorizeInbox(actor, row.inbox_id, 'read');
  await assertNameFree(ctx, kind, row.name, row.inbox_id);
  await ctx.db.kysely
    .insertInto(kind as 'snippets')
    .values(row as SnippetsTable)
    .execute();
}

/** An admin changes one they may read; returns it as changed. */
export async function updateSaved<K extends Kind>(ctx: Ctx, actor: Actor, kind: K, id: string, set: Partial<Kinds[K]>): Promise<Kinds[K]> {
  const row = await savedFor(ctx, actor, kind, id);
  authorizeAdmin(actor);
  if (set.name !== undefined) await assertNameFree(ctx, kind, set.name, row.inbox_id, id);
  if (Object.keys(set).length)
    await ctx.db.kysely
      .updateTable(kind as 'snippets')
      .set(set as Partial<SnippetsTable>)
      .where('id', '=', id)
      .execute();
  return { ...row, ...set };
}

/** An admin removes one they may read. */
export async function deleteSaved(ctx: Ctx, actor: Actor, kind: Kind, id: string): Promise<void> {
  await savedFor(ctx, actor, kind, id);
  authorizeAdmin(actor);
  await ctx.db.kysely
    .deleteFrom(kind as 'snippets')
    .where('id', '=', id)
    .execute();
}
