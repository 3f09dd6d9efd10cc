import type { SnippetOut } from '../../common/api.js';
import type { SnippetsTable } from '../db/schema.js';
import { authorizeAdmin, authorizeInbox, readableInboxIds, type Actor } from '../permissions/policy.js';
import type { Ctx } from './context.js';
import { notFound } from './errors.js';
import { newId } from './ids.js';

const present = (s: SnippetsTable): SnippetOut => ({ id: s.id, inboxId: s.inbox_id, name: s.name, body: s.body });

/** Snippets shared by everyone (no inbox) or by the readers of one inbox. */
export async function listSnippets(ctx: Ctx, actor: Actor): Promise<SnippetOut[]> {
  const inboxIds = readableInboxIds(actor);
  const rows = await ctx.db.kysely
    .selectFrom('snippets')
    .selectAll()
    .where((eb) => (inboxIds.length ? eb.or([eb('inbox_id', 'is', null), eb('inbox_id', 'in', inboxIds)]) : eb('inbox_id', 'is', null)))
    .orderBy('name')
    .execute();
  return rows.map(present);
}

async function snippetFor(ctx: Ctx, actor: Actor, id: string): Promise<SnippetsTable> {
  const s = await ctx.db.kysely.selectFrom('snippets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s || (s.inbox_id && !readableInboxIds(actor).includes(s.inbox_id))) throw notFound('Snippet not found');
  return s;
}

export async function createSnippet(
  ctx: Ctx,
  actor: Actor,
  input: { name: string; body: string; inboxId: string | null },
): Promise<SnippetOut> {
  authorizeAdmin(actor);
  if (input.inboxId) authorizeInbox(actor, input.inboxId, 'read');
  const row: SnippetsTable = {
    id: newId(),
    inbox_id: input.inboxId,
    name: input.name,
    body: input.body,
    created_by: actor.id,
    created_at: new Date().toISOString(),
  };
  await ctx.db.kysely.insertInto('snippets').values(row).execute();
  return present(row);
}

export async function updateSnippet(ctx: Ctx, actor: Actor, id: string, input: { name?: string; body?: string }): Promise<SnippetOut> {
  const s = await snippetFor(ctx, actor, id);
  authorizeAdmin(actor);
  const set = { ...(input.name ? { name: input.name } : {}), ...(input.body ? { body: input.body } : {}) };
  if (Object.keys(set).length) await ctx.db.kysely.updateTable('snippets').set(set).where('id', '=', id).execute();
  return present({ ...s, ...set });
}

export async function deleteSnippet(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  await snippetFor(ctx, actor, id);
  authorizeAdmin(actor);
  await ctx.db.kysely.deleteFrom('snippets').where('id', '=', id).execute();
}
