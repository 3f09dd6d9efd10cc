/** Snippets: short texts an agent inserts with `#` (F-CONV.7); scoped and written as `saved-texts.ts` says. */
import type { SnippetOut } from '../../common/api.js';
import type { SnippetsTable } from '../db/schema.js';
import type { Actor } from '../permissions/policy.js';
import type { Ctx } from './context.js';
import { newId } from './ids.js';
import { deleteSaved, insertSaved, listSaved, updateSaved } from './saved-texts.js';

const present = (s: SnippetsTable): SnippetOut => ({ id: s.id, inboxId: s.inbox_id, name: s.name, body: s.body });

export async function listSnippets(ctx: Ctx, actor: Actor): Promise<SnippetOut[]> {
  return (await listSaved(ctx, actor, 'snippets')).map(present);
}

export async function createSnippet(
  ctx: Ctx,
  actor: Actor,
  input: { name: string; body: string; inboxId: string | null },
): Promise<SnippetOut> {
  const row: SnippetsTable = {
    id: newId(),
    inbox_id: input.inboxId,
    name: input.name,
    body: input.body,
    created_by: actor.id,
    created_at: new Date().toISOString(),
  };
  await insertSaved(ctx, actor, 'snippets', row);
  return present(row);
}

export async function updateSnippet(ctx: Ctx, actor: Actor, id: string, input: { name?: string; body?: string }): Promise<SnippetOut> {
  const set = { ...(input.name ? { name: input.name } : {}), ...(input.body ? { body: input.body } : {}) };
  return present(await updateSaved(ctx, actor, 'snippets', id, set));
}

export const deleteSnippet = (ctx: Ctx, actor: Actor, id: string) => deleteSaved(ctx, actor, 'snippets', id);
