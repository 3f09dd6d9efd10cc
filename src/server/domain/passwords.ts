/**
 * Setting a password, three ways, each ending the user's other sessions and every API token (so
 * open streams close): your own change (current password first), an admin-started reset link
 * (one use, 24 hours, mailed through the outbox or handed to the admin when no mail can go out),
 * and the CLI. Every new password passes the one policy (`password-policy.ts`).
 */
import { z } from 'zod';
import type { PasswordResetOut } from '../../common/api.js';
import { authorizeAccessChange, authorizeSessionOnly, type Actor } from '../permissions/policy.js';
import { enqueue, jobKind } from '../db/job-queue.js';
import { endUserAccess } from './auth.js';
import { write, type Ctx } from './context.js';
import { invalid, notFound } from './errors.js';
import { randomToken, sha256 } from './ids.js';
import { passwordRefusal } from './password-policy.js';
import { hashPassword } from './users.js';

export const RESET_TTL_MS = 24 * 3600_000;
/** `password-reset-email`: mails an admin-started reset link; the link is forgotten once sent (`jobs/password-reset-email.ts`). */
export const RESET_JOB = jobKind('password-reset-email', z.object({ resetId: z.string(), link: z.string().optional() }));

function checked(field: string, password: string): void {
  const weak = passwordRefusal(password);
  if (weak) throw invalid(field, weak.message, weak.error.code, weak.error.params);
}

/** Your own password: the current one must match; your other sessions and all your tokens end. */
export async function changeOwnPassword(ctx: Ctx, actor: Actor, input: { currentPassword: string; newPassword: string }): Promise<void> {
  authorizeSessionOnly(actor);
  const u = await ctx.db.kysely.selectFrom('users').select('password_hash').where('id', '=', actor.id).executeTakeFirstOrThrow();
  const { verify } = await import('@node-rs/argon2');
  const ok = u.password_hash ? await verify(u.password_hash, input.currentPassword).catch(() => false) : false;
  if (!ok) throw invalid('currentPassword', 'is not your current password', 'wrong_password');
  checked('newPassword', input.newPassword);
  if (input.newPassword === input.currentPassword) throw invalid('newPassword', 'must differ from the current password', 'same_password');
  const h = await hashPassword(input.newPassword);
  await write(ctx, async (w) => {
    await w.trx.updateTable('users').set({ password_hash: h }).where('id', '=', actor.id).execute();
    await endUserAccess(w, actor.id, actor.credential?.kind === 'session' ? actor.credential.id : undefined);
  });
}

/**
 * An admin starts a reset: a one-time link valid 24 hours (an earlier unused link stops working).
 * With outgoing mail configured it is mailed to the user and not shown; without, the admin gets
 * the link to pass on. The user's sessions and tokens stay until the link is used.
 */
export async function startPasswordReset(
  ctx: Ctx,
  actor: Actor,
  userId: string,
  opts: { baseUrl: string; canEmail: boolean },
): Promise<PasswordResetOut> {
  const target = await ctx.db.kysely
    .selectFrom('users')
    .select(['id', 'role', 'deactivated_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!target) throw notFound('User not found');
  authorizeAccessChange(actor, target);
  if (target.deactivated_at) throw invalid('user', 'this user is deactivated: reactivate them first', 'reactivate_first');
  const secret = randomToken();
  const link = `${opts.baseUrl.replace(/\/+$/, '')}/reset-password#token=${secret}`;
  const emailed = opts.canEmail;
  const at = new Date();
  const expiresAt = new Date(at.getTime() + RESET_TTL_MS).toISOString();
  await write(ctx, async (w) => {
    await w.trx.deleteFrom('password_resets').where('user_id', '=', userId).where('used_at', 'is', null).execute();
    const id = sha256(secret);
    await w.trx
      .insertInto('password_resets')
      .values({ id, user_id: userId, created_by: actor.id, created_at: at.toISOString(), expires_at: expiresAt, used_at: null })
      .execute();
    // The plain link lives only in the job until it is sent (then it is scrubbed).
    if (emailed) await enqueue(w.trx, RESET_JOB, { resetId: id, link }, { dedupeKey: `reset:${id}` });
  });
  return { emailed, link: emailed ? null : link, expiresAt };
}

/** Uses a reset link: once, before it expires; sets the password and ends every session and token. */
export async function completePasswordReset(ctx: Ctx, input: { token: string; password: string }): Promise<void> {
  const id = sha256(input.token);
  const r = await ctx.db.kysely
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select(['password_resets.user_id', 'password_resets.expires_at', 'password_resets.used_at', 'users.deactivated_at'])
    .where('password_resets.id', '=', id)
    .executeTakeFirst();
  if (!r || r.used_at || r.deactivated_at || Date.parse(r.expires_at) < Date.now())
    throw invalid('token', 'This link is invalid, used or expired: ask an admin for a new one', 'link_expired');
  checked('password', input.password);
  const h = await hashPassword(input.password);
  await write(ctx, async (w) => {
    // Used exactly once even when two requests race: only one update finds it unused.
    const used = await w.trx
      .updateTable('password_resets')
      .set({ used_at: w.at })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) === 0)
      throw invalid('token', 'This link is invalid, used or expired: ask an admin for a new one', 'link_expired');
    await w.trx.updateTable('users').set({ password_hash: h }).where('id', '=', r.user_id).execute();
    await endUserAccess(w, r.user_id);
  });
}

/** The CLI (the operator is trusted): a given or generated password; every session and token ends. */
export async function resetPasswordByCli(ctx: Ctx, email: string, password?: string): Promise<string> {
  const pw = password ?? randomToken(12);
  checked('password', pw);
  const u = await ctx.db.kysely.selectFrom('users').select('id').where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  if (!u) throw notFound(`No user with email ${email}`);
  const h = await hashPassword(pw);
  await write(ctx, async (w) => {
    await w.trx.updateTable('users').set({ password_hash: h }).where('id', '=', u.id).execute();
    await endUserAccess(w, u.id);
  });
  return pw;
}
