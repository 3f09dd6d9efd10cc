/**
 * Availability beyond the user's own away switch: an admin may turn on auto-away, so users who
 * have not had the app open for a while count as away for routing. "Open" = a live stream socket.
 */
import type { z } from 'zod';
import type { AvailabilitySettingsOut } from '../../common/api-outputs/team.js';
import type { Db, Trx } from '../db/database.js';
import { decodeJson, encodeJson } from '../db/json.js';
import { authorizeAdmin, type Actor } from '../permissions/policy.js';
import { write, type Ctx } from './context.js';

/** Minutes without the app open after which a user counts as away; null: off. */
export type AvailabilitySettings = z.output<typeof AvailabilitySettingsOut>;
const KEY = 'availability';

export async function availabilitySettings(q: Ctx['db']['kysely'] | Trx): Promise<AvailabilitySettings> {
  const r = await q.selectFrom('account_settings').select('value').where('key', '=', KEY).executeTakeFirst();
  return { autoAwayMinutes: null, ...decodeJson<Partial<AvailabilitySettings>>(r?.value, {}) };
}

export const getAvailabilitySettings = (ctx: Ctx, _actor: Actor) => availabilitySettings(ctx.db.kysely);

export async function updateAvailabilitySettings(ctx: Ctx, actor: Actor, input: AvailabilitySettings): Promise<AvailabilitySettings> {
  authorizeAdmin(actor);
  await write(ctx, async (w) => {
    const value = encodeJson({ autoAwayMinutes: input.autoAwayMinutes });
    await w.trx
      .insertInto('account_settings')
      .values({ key: KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
    w.emit({ type: 'user.updated', inboxId: null, payload: { availabilitySettings: true } });
  });
  return availabilitySettings(ctx.db.kysely);
}

/** Per server: when each user's app-open time was last written, and who wants to hear of it. */
const appOpen = new WeakMap<Ctx, { lastWrite: Map<string, number>; listeners: (() => void)[] }>();
const appOpenOf = (ctx: Ctx) => {
  let a = appOpen.get(ctx);
  if (!a) appOpen.set(ctx, (a = { lastWrite: new Map(), listeners: [] }));
  return a;
};

/** Called after a user's app-open time is written (auto-away may have changed): open chat widgets re-check. */
export const onAppOpenNoted = (ctx: Ctx, fn: () => void) => void appOpenOf(ctx).listeners.push(fn);

/** The app is open (stream connected or pinging) or just closed: at most one write a minute per user, unless forced. */
export async function noteAppOpen(ctx: Ctx, userId: string, force = false): Promise<void> {
  const { lastWrite, listeners } = appOpenOf(ctx);
  const now = Date.now();
  if (!force && now - (lastWrite.get(userId) ?? 0) < 60_000) return;
  lastWrite.set(userId, now);
  const at = new Date(now).toISOString();
  await ctx.db.kysely
    .insertInto('user_seen')
    .values({ user_id: userId, seen_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ seen_at: at }))
    .execute()
    .then(() => listeners.forEach((f) => f()))
    .catch(() => undefined);
}

/** Users (of `ids`) whose app has not been open for the auto-away period; empty when auto-away is off. */
export async function autoAwayUsers(trx: Trx, ids: string[], now = Date.now()): Promise<{ minutes: number; ids: Set<string> } | null> {
  const s = await availabilitySettings(trx);
  if (!s.autoAwayMinutes || !ids.length) return null;
  const since = new Date(now - s.autoAwayMinutes * 60_000).toISOString();
  const seen = await trx.selectFrom('user_seen').select('user_id').where('user_id', 'in', ids).where('seen_at', '>=', since).execute();
  const fresh = new Set(seen.map((r) => r.user_id));
  return { minutes: s.autoAwayMinutes, ids: new Set(ids.filter((id) => !fresh.has(id))) };
}

/**
 * Is anyone there to answer a chat in this inbox? A member of the inbox (directly, through a team,
 * or everyone for an "everyone" inbox) with a paid seat, not away by the switch nor by auto-away.
 */
export async function anyoneAvailable(k: Db | Trx, inboxId: string): Promise<boolean> {
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
  const idle = await autoAwayUsers(k as Trx, ids);
  return !idle || ids.some((id) => !idle.ids.has(id));
}
