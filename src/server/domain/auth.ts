import { verify } from '@node-rs/argon2';
import type { Actor } from '../permissions/policy.js';
import type { Ctx } from './context.js';
import { DomainError } from './errors.js';
import { newId, randomToken, sha256 } from './ids.js';
import { checkLoginAllowed, clearLoginFailures, recordLoginFailure } from './login-lockout.js';
import { getUser } from './users.js';

// A real hash to verify against when the account does not exist, so timing does not reveal it.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$wWXeljNsXoMmEMzThNktwA$3JPk5pOkTDcbbb8pbXHLs084y7blnrGoTga2Qa9Di9Q';

/** Resolves what the user may see: role, teams, and membership of every inbox (two queries). */
export async function loadActor(ctx: Ctx, userId: string): Promise<Actor | null> {
  const k = ctx.db.kysely;
  const user = await k
    .selectFrom('users')
    .leftJoin('team_members', 'team_members.user_id', 'users.id')
    .select(['users.id', 'users.role', 'users.paid_seat', 'team_members.team_id'])
    .where('users.id', '=', userId)
    .execute();
  if (!user.length) return null;
  const teamIds = user.map((r) => r.team_id).filter((t): t is string => !!t);
  const inboxes = await k
    .selectFrom('inboxes')
    .select((eb) => [
      'inboxes.id',
      'inboxes.access_mode',
      eb
        .or([
          eb.exists(eb.selectFrom('inbox_users').select('inbox_users.user_id').whereRef('inbox_users.inbox_id', '=', 'inboxes.id').where('inbox_users.user_id', '=', userId)),
          eb.exists(
            eb
              .selectFrom('inbox_teams')
              .innerJoin('team_members', 'team_members.team_id', 'inbox_teams.team_id')
              .select('inbox_teams.team_id')
              .whereRef('inbox_teams.inbox_id', '=', 'inboxes.id')
              .where('team_members.user_id', '=', userId),
          ),
        ])
        .as('listed'),
    ])
    .execute();
  return {
    type: 'user',
    id: user[0]!.id,
    role: user[0]!.role,
    paidSeat: user[0]!.paid_seat === 1,
    teamIds,
    inboxes: new Map(inboxes.map((i) => [i.id, { member: i.access_mode === 'everyone' || Boolean(Number(i.listed)) }])),
  };
}

/** `address`: the client's address (proxy-aware `req.ip`); failures lock per (account, address) and per address. */
export async function login(ctx: Ctx, email: string, password: string, sessionDays: number, address: string) {
  const k = ctx.db.kysely;
  await checkLoginAllowed(ctx, email, address);
  const user = await k.selectFrom('users').select(['id', 'password_hash']).where('email', '=', email).executeTakeFirst();
  const ok = await verify(user?.password_hash ?? DUMMY_HASH, password).catch(() => false);
  if (!user || !user.password_hash || !ok) {
    await recordLoginFailure(ctx, email, address);
    throw new DomainError('unauthenticated', 'Wrong email or password');
  }
  await clearLoginFailures(ctx, email, address);
  const token = randomToken();
  const created = new Date();
  await k
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: user.id,
      created_at: created.toISOString(),
      expires_at: new Date(created.getTime() + sessionDays * 86_400_000).toISOString(),
    })
    .execute();
  return { token, user: await getUser(ctx, user.id) };
}

export async function logout(ctx: Ctx, sessionToken: string): Promise<void> {
  await ctx.db.kysely.deleteFrom('sessions').where('id', '=', sha256(sessionToken)).execute();
}

export async function userIdForSession(ctx: Ctx, token: string): Promise<string | null> {
  const s = await ctx.db.kysely.selectFrom('sessions').select(['user_id', 'expires_at']).where('id', '=', sha256(token)).executeTakeFirst();
  if (!s || s.expires_at < new Date().toISOString()) return null;
  return s.user_id;
}

export async function userIdForApiToken(ctx: Ctx, token: string): Promise<string | null> {
  const t = await ctx.db.kysely.selectFrom('api_tokens').select(['user_id']).where('token_hash', '=', sha256(token)).executeTakeFirst();
  return t?.user_id ?? null;
}

export async function createApiToken(ctx: Ctx, actor: Actor, name: string) {
  const token = `sb_${randomToken()}`;
  const id = newId();
  const at = new Date().toISOString();
  await ctx.db.kysely.insertInto('api_tokens').values({ id, user_id: actor.id, name, token_hash: sha256(token), created_at: at, last_used_at: null }).execute();
  return { id, name, token, createdAt: at };
}
