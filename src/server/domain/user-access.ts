/**
 * Deactivating a user takes their access back and keeps their history: no login, no API, no
 * routing, every session and token ended (open streams close in every process). Conversations,
 * messages and assignments stay as they are; reactivating lets them log in again (with a new
 * login or a reset link: the old sessions and tokens do not come back).
 */
import type { UserOut } from '../../common/api.js';
import { authorizeAccessChange, type Actor } from '../permissions/policy.js';
import { endUserAccess } from './auth.js';
import { write, type Ctx } from './context.js';
import { notFound } from './errors.js';
import { getUser } from './users.js';

export async function setUserActive(ctx: Ctx, actor: Actor, userId: string, active: boolean): Promise<UserOut> {
  const target = await ctx.db.kysely
    .selectFrom('users')
    .select(['id', 'role', 'deactivated_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!target) throw notFound('User not found');
  authorizeAccessChange(actor, target);
  if (active !== !target.deactivated_at) {
    await write(ctx, async (w) => {
      await w.trx
        .updateTable('users')
        .set({ deactivated_at: active ? null : w.at })
        .where('id', '=', userId)
        .execute();
      if (!active) await endUserAccess(w, userId);
      else w.emit({ type: 'user.updated', inboxId: null, payload: { userId } });
    });
  }
  return getUser(ctx, userId);
}
