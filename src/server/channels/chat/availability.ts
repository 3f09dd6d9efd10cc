import type { Trx } from '../../db/database.js';
import { autoAwayUsers } from '../../domain/availability.js';
import type { Ctx } from '../../domain/context.js';

/**
 * Is anyone there to answer a chat in this inbox? A member of the inbox (directly, through a team,
 * or everyone for an "everyone" inbox) with a paid seat, not away by the switch nor by auto-away.
 */
export async function anyoneAvailable(ctx: Ctx, inboxId: string): Promise<boolean> {
  const k = ctx.db.kysely;
  const inbox = await k.selectFrom('inboxes').select('access_mode').where('id', '=', inboxId).executeTakeFirst();
  if (!inbox) return false;
  let q = k
    .selectFrom('users')
    .select('id')
    .where('availability', '=', 'available')
    .where('paid_seat', '=', 1)
    .where('deactivated_at', 'is', null);
  if (inbox.access_mode === 'specific') {
    q = q.where((eb) =>
      eb.or([
        eb('id', 'in', eb.selectFrom('inbox_users').select('user_id').where('inbox_id', '=', inboxId)),
        eb(
          'id',
          'in',
          eb
            .selectFrom('team_members')
            .innerJoin('inbox_teams', 'inbox_teams.team_id', 'team_members.team_id')
            .select('team_members.user_id')
            .where('inbox_teams.inbox_id', '=', inboxId),
        ),
      ]),
    );
  }
  const ids = (await q.limit(500).execute()).map((r) => r.id);
  if (!ids.length) return false;
  // Only reads: the plain connection serves where the function expects a transaction.
  const idle = await autoAwayUsers(k as unknown as Trx, ids);
  return !idle || ids.some((id) => !idle.ids.has(id));
}
