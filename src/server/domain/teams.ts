import type { TeamOut } from '../../common/api.js';
import { authorizeAdmin, type Actor } from '../permissions/policy.js';
import { write, type Ctx, type Writer } from './context.js';
import { conflict, invalid, notFound } from './errors.js';
import { newId } from './ids.js';

export async function listTeams(ctx: Ctx, _actor: Actor): Promise<TeamOut[]> {
  const k = ctx.db.kysely;
  const teams = await k.selectFrom('teams').select(['id', 'name']).orderBy('name').execute();
  const members = await k.selectFrom('team_members').select(['team_id', 'user_id']).execute();
  return teams.map((t) => ({ ...t, userIds: members.filter((m) => m.team_id === t.id).map((m) => m.user_id) }));
}

async function getTeam(ctx: Ctx, id: string): Promise<TeamOut> {
  const t = (await listTeams(ctx, null as never)).find((x) => x.id === id);
  if (!t) throw notFound('Team not found');
  return t;
}

async function setMembers(w: Writer, teamId: string, userIds: string[]): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length) {
    const found = await w.trx.selectFrom('users').select('id').where('id', 'in', unique).execute();
    if (found.length !== unique.length) throw invalid('userIds', 'contains an unknown user', 'unknown_user');
  }
  await w.trx.deleteFrom('team_members').where('team_id', '=', teamId).execute();
  if (unique.length)
    await w.trx
      .insertInto('team_members')
      .values(unique.map((user_id) => ({ team_id: teamId, user_id })))
      .execute();
}

async function assertNameFree(ctx: Ctx, name: string, exceptId?: string) {
  const t = await ctx.db.kysely.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst();
  if (t && t.id !== exceptId) throw conflict('team_exists', 'A team with this name already exists', { field: 'name' });
}

export async function createTeam(ctx: Ctx, actor: Actor, input: { name: string; userIds: string[] }): Promise<TeamOut> {
  authorizeAdmin(actor);
  await assertNameFree(ctx, input.name);
  const id = newId();
  await write(ctx, async (w) => {
    await w.trx.insertInto('teams').values({ id, name: input.name, created_at: w.at }).execute();
    await setMembers(w, id, input.userIds);
    w.emit({ type: 'user.updated', inboxId: null, payload: { teamId: id } });
  });
  return getTeam(ctx, id);
}

export async function updateTeam(ctx: Ctx, actor: Actor, id: string, input: { name?: string; userIds?: string[] }): Promise<TeamOut> {
  authorizeAdmin(actor);
  await getTeam(ctx, id);
  if (input.name) await assertNameFree(ctx, input.name, id);
  await write(ctx, async (w) => {
    if (input.name) await w.trx.updateTable('teams').set({ name: input.name }).where('id', '=', id).execute();
    if (input.userIds) await setMembers(w, id, input.userIds);
    w.emit({ type: 'user.updated', inboxId: null, payload: { teamId: id } });
  });
  return getTeam(ctx, id);
}
