/**
 * Email notifications (F-NOTIFY.1–2): what is due becomes one mail per user, queued in the outbox.
 * Run every minute by `jobs/notification-emails.ts`; the mail itself is written and sent by
 * `jobs/notification-email.ts`. Per user, each due row is either mailed or marked handled without
 * mail (`emailed_at` set either way, in the transaction that queues the mail):
 * - read meanwhile (in the app, or by reading its conversation): no mail;
 * - the kind's email choice is off now, the user is deactivated, or may no longer read it: no mail;
 * - the user has the app open now and the row was shown in the bell: no mail (they saw it there).
 *   "Open" is `user_seen` (written by every process's stream sockets, so it holds across
 *   processes): seen within the last ONLINE_MS. A tab closed a moment ago still counts as open.
 * Several processes: the claim is an update that checks `emailed_at is null`, so a row is mailed once.
 */
import { z } from 'zod';
import { jobKind, enqueue } from '../db/job-queue.js';
import { isAdmin, readableInboxIds } from '../permissions/policy.js';
import { adminNotificationKinds, type NotificationKind } from '../../common/notification-api.js';
import { loadActor } from './auth.js';
import { write, type Ctx } from './context.js';
import { preferencesOf } from './notification-prefs.js';

/** `notification-email`: one user's batch, by notification ids (`jobs/notification-email.ts` writes and sends it). */
export const NOTIFY_EMAIL_JOB = jobKind(
  'notification-email',
  z.object({ userId: z.string().min(1), ids: z.array(z.string().min(1)).min(1).max(500) }),
);

/** The app pings every 25 s and the stream notes it at most once a minute: two minutes covers an open tab. */
export const ONLINE_MS = 120_000;

/** Bounded work per run: the rest waits for the next minute. */
export const BATCH_LIMITS = { users: 50, rowsPerUser: 50 };

export interface BatchResult {
  /** Users a mail was queued for. */
  mailed: number;
  /** Rows marked handled without mail (read, off, online, no longer readable). */
  skipped: number;
}

/** Queues the due email notifications of up to `limits.users` users (as of `now`). */
export async function queueDueNotificationEmails(ctx: Ctx, now = new Date(), limits = BATCH_LIMITS): Promise<BatchResult> {
  const k = ctx.db.kysely;
  const nowIso = now.toISOString();
  const users = await k
    .selectFrom('notifications')
    .select((eb) => ['user_id', eb.fn.min('email_due_at').as('due')])
    .where('emailed_at', 'is', null)
    .where('email_due_at', '<=', nowIso)
    .groupBy('user_id')
    .orderBy('due')
    .limit(limits.users)
    .execute();
  const result: BatchResult = { mailed: 0, skipped: 0 };
  for (const u of users) {
    const r = await queueOne(ctx, u.user_id, now, limits.rowsPerUser);
    result.mailed += r.mailed;
    result.skipped += r.skipped;
  }
  return result;
}

async function queueOne(ctx: Ctx, userId: string, now: Date, maxRows: number): Promise<BatchResult> {
  const k = ctx.db.kysely;
  const nowIso = now.toISOString();
  const rows = await k
    .selectFrom('notifications as n')
    .leftJoin('conversations as c', 'c.id', 'n.conversation_id')
    .select(['n.id', 'n.kind', 'n.read_at', 'n.in_app', 'n.conversation_id', 'c.inbox_id'])
    .where('n.user_id', '=', userId)
    .where('n.emailed_at', 'is', null)
    .where('n.email_due_at', '<=', nowIso)
    .orderBy('n.id')
    .limit(maxRows)
    .execute();
  if (!rows.length) return { mailed: 0, skipped: 0 };
  const actor = await loadActor(ctx, userId);
  const prefs = (await preferencesOf(k, [userId])).get(userId)!;
  const seen = await k.selectFrom('user_seen').select('seen_at').where('user_id', '=', userId).executeTakeFirst();
  const online = !!seen && Date.parse(seen.seen_at) >= now.getTime() - ONLINE_MS;
  const readable = new Set(actor ? readableInboxIds(actor) : []);
  const mayRead = (r: (typeof rows)[number]) =>
    r.conversation_id
      ? !!r.inbox_id && readable.has(r.inbox_id)
      : !adminNotificationKinds.includes(r.kind as NotificationKind) || (!!actor && isAdmin(actor));
  const toMail = new Set(
    rows
      .filter(
        (r) =>
          actor &&
          !actor.deactivated &&
          !r.read_at &&
          prefs.kinds[r.kind as NotificationKind]?.email &&
          mayRead(r) &&
          !(online && r.in_app === 1),
      )
      .map((r) => r.id),
  );
  return write(ctx, async (w) => {
    // The claim: only rows no one else handled meanwhile (another process, an earlier run).
    const claimed = await w.trx
      .updateTable('notifications')
      .set({ emailed_at: w.at })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .where('emailed_at', 'is', null)
      .returning('id')
      .execute();
    const ids = claimed.map((c) => c.id).filter((id) => toMail.has(id));
    ids.sort();
    if (ids.length) await enqueue(w.trx, NOTIFY_EMAIL_JOB, { userId, ids }, { dedupeKey: `notify-email:${userId}:${ids[0]}` });
    return { mailed: ids.length ? 1 : 0, skipped: claimed.length - ids.length };
  });
}
