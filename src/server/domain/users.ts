import type { UserOut } from '../../common/api.js';
import type { Role } from '../permissions/policy.js';
import { authorizeRoleChange, type Actor } from '../permissions/policy.js';
import type { UsersTable } from '../db/schema.js';
import { write, type Ctx } from './context.js';
import { conflict, invalid, notFound } from './errors.js';
import { newId, randomToken } from './ids.js';
import { passwordRefusal } from './password-policy.js';

export async function hashPassword(pw: string): Promise<string> {
  return (await import('@node-rs/argon2')).hash(pw);
}

export function presentUser(u: UsersTable, teamIds: string[]): UserOut {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    paidSeat: u.paid_seat === 1,
    availability: u.availability,
    avatarUrl: u.avatar_url,
    meetingLink: u.meeting_link,
    locale: u.locale,
    teamIds,
    active: !u.deactivated_at,
  };
}

async function teamIdsByUser(ctx: Ctx, userIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (!userIds.length) return out;
  const rows = await ctx.db.kysely.selectFrom('team_members').select(['user_id', 'team_id']).where('user_id', 'in', userIds).execute();
  for (const r of rows) out.get(r.user_id)?.push(r.team_id);
  return out;
}

export async function getUser(ctx: Ctx, id: string): Promise<UserOut> {
  const u = await ctx.db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!u) throw notFound('User not found');
  return presentUser(u, (await teamIdsByUser(ctx, [id])).get(id)!);
}

/** Every user can see the team's users (to assign and mention). */
export async function listUsers(ctx: Ctx, _actor: Actor): Promise<UserOut[]> {
  const users = await ctx.db.kysely.selectFrom('users').selectAll().orderBy('name').execute();
  const teams = await teamIdsByUser(
    ctx,
    users.map((u) => u.id),
  );
  return users.map((u) => presentUser(u, teams.get(u.id)!));
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  paidSeat: boolean;
  password?: string;
}

/** Used by the API (admins) and the CLI (no actor: the operator is trusted). */
export async function createUser(ctx: Ctx, actor: Actor | null, input: NewUser): Promise<{ user: UserOut; password: string }> {
  if (actor) authorizeRoleChange(actor, 'agent', input.role);
  const email = input.email.trim().toLowerCase();
  const password = input.password ?? randomToken(12);
  const weak = passwordRefusal(password);
  if (weak) throw invalid('password', weak.message, weak.error.code, weak.error.params);
  const passwordHash = await hashPassword(password);
  const exists = await ctx.db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (exists) throw conflict('user_exists', 'A user with this email already exists', { field: 'email' });
  const id = newId();
  await write(ctx, async (w) => {
    await w.trx
      .insertInto('users')
      .values({
        id,
        email,
        name: input.name,
        password_hash: passwordHash,
        role: input.role,
        paid_seat: input.paidSeat ? 1 : 0,
        availability: 'available',
        avatar_url: null,
        meeting_link: null,
        locale: 'en',
        created_at: w.at,
        deactivated_at: null,
      })
      .execute();
    w.emit({ type: 'user.updated', inboxId: null, payload: { userId: id } });
  });
  return { user: await getUser(ctx, id), password };
}

export interface UserChanges {
  role?: Role;
  paidSeat?: boolean;
  availability?: 'available' | 'away';
  name?: string;
  avatarUrl?: string | null;
  meetingLink?: string | null;
  locale?: string;
}

async function applyUserChanges(ctx: Ctx, id: string, c: UserChanges): Promise<UserOut> {
  await write(ctx, async (w) => {
    const values: Partial<UsersTable> = {};
    if (c.role !== undefined) values.role = c.role;
    if (c.paidSeat !== undefined) values.paid_seat = c.paidSeat ? 1 : 0;
    if (c.availability !== undefined) values.availability = c.availability;
    if (c.name !== undefined) values.name = c.name;
    if (c.avatarUrl !== undefined) values.avatar_url = c.avatarUrl || null;
    if (c.meetingLink !== undefined) values.meeting_link = c.meetingLink || null;
    if (c.locale !== undefined) values.locale = c.locale;
    if (Object.keys(values).length) await w.trx.updateTable('users').set(values).where('id', '=', id).execute();
    w.emit({ type: 'user.updated', inboxId: null, payload: { userId: id, availability: c.availability } });
  });
  return getUser(ctx, id);
}

export async function updateUser(ctx: Ctx, actor: Actor, id: string, c: UserChanges): Promise<UserOut> {
  const target = await ctx.db.kysely.selectFrom('users').select(['id', 'role']).where('id', '=', id).executeTakeFirst();
  if (!target) throw notFound('User not found');
  authorizeRoleChange(actor, target.role, c.role);
  if (target.id === actor.id && c.role && c.role !== actor.role) throw invalid('role', 'you cannot change your own role');
  return applyUserChanges(ctx, id, c);
}

export async function updateMe(ctx: Ctx, actor: Actor, c: Omit<UserChanges, 'role' | 'paidSeat'>): Promise<UserOut> {
  return applyUserChanges(ctx, actor.id, c);
}
