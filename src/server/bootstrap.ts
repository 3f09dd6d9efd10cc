import type { Ctx } from './domain/context.js';
import { createInbox } from './domain/inboxes.js';
import { createUser } from './domain/users.js';

/**
 * First start: a default inbox (its fallback address works at once) and a super admin, from
 * ADMIN_EMAIL / ADMIN_PASSWORD or with a generated password that is printed once.
 */
export async function bootstrap(
  ctx: Ctx,
  admin: { email?: string; password?: string },
): Promise<{ adminCreated?: { email: string; password: string; generated: boolean } }> {
  const k = ctx.db.kysely;
  const inbox = await k.selectFrom('inboxes').select('id').limit(1).executeTakeFirst();
  if (!inbox) await createInbox(ctx, null, { name: 'Support', access: { mode: 'everyone', userIds: [], teamIds: [] } });
  const anyAdmin = await k.selectFrom('users').select('id').where('role', '=', 'super_admin').limit(1).executeTakeFirst();
  if (anyAdmin) return {};
  const email = admin.email ?? 'admin@switchboard.localhost';
  const { password } = await createUser(ctx, null, { email, name: 'Admin', role: 'super_admin', paidSeat: true, password: admin.password });
  return { adminCreated: { email, password, generated: !admin.password } };
}
