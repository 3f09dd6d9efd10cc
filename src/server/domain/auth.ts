import type { Actor, Credential } from '../permissions/policy.js';
import { write, type Ctx, type Writer } from './context.js';
import { DomainError } from './errors.js';
import { randomToken, sha256 } from './ids.js';
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
    .select(['users.id', 'users.role', 'users.paid_seat', 'users.deactivated_at', 'team_members.team_id'])
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
          eb.exists(
            eb
              .selectFrom('inbox_users')
              .select('inbox_users.user_id')
              .whereRef('inbox_users.inbox_id', '=', 'inboxes.id')
              .where('inbox_users.user_id', '=', userId),
          ),
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
    ...(user[0]!.deactivated_at ? { deactivated: true as const } : {}),
  };
}

/** `address`: the client's address (proxy-aware `req.ip`); failures lock per (account, address) and per address. */
export async function login(ctx: Ctx, email: string, password: string, sessionDays: number, address: string) {
  const k = ctx.db.kysely;
  await checkLoginAllowed(ctx, email, address);
  const user = await k.selectFrom('users').select(['id', 'password_hash', 'deactivated_at']).where('email', '=', email).executeTakeFirst();
  const { verify } = await import('@node-rs/argon2');
  const ok = await verify(user?.password_hash ?? DUMMY_HASH, password).catch(() => false);
  if (!user || !user.password_hash || !ok) {
    await recordLoginFailure(ctx, email, address);
    throw new DomainError('unauthenticated', 'Wrong email or password');
  }
  await clearLoginFailures(ctx, email, address);
  if (user.deactivated_at) throw new DomainError('unauthenticated', 'This account has been deactivated: ask an admin');
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

/** Ends one session; its open stream sockets close too (in every process). */
export async function logout(ctx: Ctx, sessionToken: string): Promise<void> {
  const id = sha256(sessionToken);
  const s = await ctx.db.kysely.selectFrom('sessions').select('user_id').where('id', '=', id).executeTakeFirst();
  if (!s) return;
  await write(ctx, async (w) => {
    await w.trx.deleteFrom('sessions').where('id', '=', id).execute();
    emitAccessRevoked(w, s.user_id);
  });
}

/**
 * Tells every process that some of this user's sessions or tokens ended: each stream re-checks
 * the credentials of that user's open sockets and closes those that no longer hold.
 */
export function emitAccessRevoked(w: Writer, userId: string): void {
  w.emit({ type: 'user.updated', inboxId: null, payload: { userId, accessRevoked: true } });
}

/** Ends every session (but `keepSessionId`) and every API token of the user, inside the caller's write. */
export async function endUserAccess(w: Writer, userId: string, keepSessionId?: string): Promise<void> {
  let q = w.trx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) q = q.where('id', '!=', keepSessionId);
  await q.execute();
  await w.trx.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
  await w.trx.deleteFrom('password_resets').where('user_id', '=', userId).where('used_at', 'is', null).execute();
  emitAccessRevoked(w, userId);
}

export interface Authenticated {
  userId: string;
  credential: Credential;
}

const now = () => new Date().toISOString();

/** A live session of an active user, or null. */
export async function sessionCredential(ctx: Ctx, token: string): Promise<Authenticated | null> {
  const id = sha256(token);
  const s = await ctx.db.kysely
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.user_id', 'sessions.expires_at'])
    .where('sessions.id', '=', id)
    .where('users.deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!s || s.expires_at < now()) return null;
  return { userId: s.user_id, credential: { kind: 'session', id, expiresAt: s.expires_at, scope: 'write' } };
}

const TOUCH_MS = 5 * 60_000;

/** A live, unexpired API token of an active user, or null; notes its use (at most every 5 minutes). */
export async function apiTokenCredential(ctx: Ctx, token: string): Promise<Authenticated | null> {
  const k = ctx.db.kysely;
  const t = await k
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.user_id', 'api_tokens.expires_at', 'api_tokens.scope', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', sha256(token))
    .where('users.deactivated_at', 'is', null)
    .executeTakeFirst();
  const at = now();
  if (!t || (t.expires_at && t.expires_at < at)) return null;
  if (!t.last_used_at || Date.parse(t.last_used_at) < Date.now() - TOUCH_MS)
    await k.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', t.id).execute();
  return {
    userId: t.user_id,
    credential: { kind: 'token', id: t.id, expiresAt: t.expires_at, scope: t.scope === 'read' ? 'read' : 'write' },
  };
}

/** Does this credential still hold (not ended, not expired, its user active)? For open stream sockets. */
export async function credentialHolds(ctx: Ctx, userId: string, c: Credential): Promise<boolean> {
  if (c.expiresAt && c.expiresAt < now()) return false;
  const k = ctx.db.kysely;
  const row =
    c.kind === 'session'
      ? await k
          .selectFrom('sessions')
          .innerJoin('users', 'users.id', 'sessions.user_id')
          .select('sessions.id')
          .where('sessions.id', '=', c.id)
          .where('users.id', '=', userId)
          .where('users.deactivated_at', 'is', null)
          .executeTakeFirst()
      : await k
          .selectFrom('api_tokens')
          .innerJoin('users', 'users.id', 'api_tokens.user_id')
          .select('api_tokens.id')
          .where('api_tokens.id', '=', c.id)
          .where('users.id', '=', userId)
          .where('users.deactivated_at', 'is', null)
          .executeTakeFirst();
  return !!row;
}
