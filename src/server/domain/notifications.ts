/**
 * Agents' notifications (F-NOTIFY.1–2, F-CONV.3): the subscriber that writes them when events
 * commit, the bell's list, and reading them. A notification row is written once per user, event and
 * kind (a unique key: every process sees every event, one insert wins), with an event addressed to
 * that user alone, so each of their open tabs hears of it and no one else's does.
 */
import type {
  DeliveryChoice,
  NotificationData,
  NotificationKind,
  NotificationOut,
  NotificationPageOut,
  NotificationQuery,
  NotificationRead,
} from '../../common/notification-api.js';
import type { NotificationsTable } from '../db/schema.js';
import { decodeJson, encodeJson } from '../db/json.js';
import { decodeCursor, keysetCursor, pageOf } from '../db/pagination.js';
import type { StoredEvent } from '../events/events.js';
import { isAdmin, readableInboxIds, type Actor } from '../permissions/policy.js';
import { loadActor } from './auth.js';
import { write, type Ctx, type Writer } from './context.js';
import { newId } from './ids.js';
import { preferencesOf } from './notification-prefs.js';
import { queuePushes } from './push.js';
import { RecipientFinder, type Recipient } from './notification-recipients.js';

/** The events that can notify, and those after which who may read what can change. */
export const NOTIFY_SOURCE_EVENTS = [
  'conversation.created',
  'conversation.updated',
  'message.created',
  'user.updated',
  'inbox.created',
  'inbox.updated',
  'inbox.deleted',
] as const;

/** What the bell counts at most (the app shows "99+"). */
const UNREAD_CAP = 100;

/** Events' recipients, written together: one transaction for all the events that queued meanwhile. */
interface Found {
  eventId: string;
  inboxId: string | null;
  conversationId: string | null;
  recipients: Recipient[];
}

/** Events handled in one pass at most (and rows in one insert). */
const BATCH = 200;

/**
 * The subscriber. Events are handled in order; while one pass writes, the events that arrive queue
 * and the next pass writes them all in one transaction, so under load the cost of a commit is shared
 * (the bench: `npm run bench -- notify`).
 */
export function notificationSubscriber(ctx: Ctx): (e: StoredEvent) => Promise<void> {
  const finder = new RecipientFinder(ctx);
  const queue: StoredEvent[] = [];
  let running: Promise<void> | null = null;
  const drain = async () => {
    while (queue.length) {
      const found: Found[] = [];
      for (const e of queue.splice(0, BATCH)) {
        finder.seen(e);
        const recipients = await finder.of(e);
        if (recipients.length) found.push({ eventId: String(e.id), inboxId: e.inboxId, conversationId: e.conversationId, recipients });
      }
      if (found.length) await notify(ctx, found, finder).catch((err) => console.error('notifications: a batch failed', err));
    }
  };
  return (e) => {
    queue.push(e);
    return (running ??= drain().finally(() => (running = null)));
  };
}

/** Writes the notifications each recipient's preferences want, and tells each of them (an event for them alone). */
async function notify(ctx: Ctx, found: Found[], names: { nameOf(id: string | null): Promise<string | null> }): Promise<void> {
  const prefs = await preferencesOf(ctx.db.kysely, [...new Set(found.flatMap((f) => f.recipients.map((r) => r.userId)))]);
  const actorNames = new Map<string | null, string | null>();
  for (const f of found)
    for (const r of f.recipients) if (!actorNames.has(r.actorId)) actorNames.set(r.actorId, await names.nameOf(r.actorId));
  await write(ctx, async (w) => {
    const rows: { row: NotificationsTable; choice: DeliveryChoice; inboxId: string | null }[] = [];
    for (const f of found)
      for (const r of f.recipients) {
        const p = prefs.get(r.userId)!;
        const choice = p.kinds[r.kind];
        if (!Object.values(choice).some(Boolean)) continue;
        const row: NotificationsTable = {
          id: newId(),
          user_id: r.userId,
          kind: r.kind,
          conversation_id: f.conversationId,
          event_id: f.eventId,
          actor_id: r.actorId,
          data: encodeJson(r.data),
          in_app: choice.inApp ? 1 : 0,
          created_at: w.at,
          read_at: null,
          email_due_at: choice.email ? new Date(Date.parse(w.at) + p.emailDelayMinutes * 60_000).toISOString() : null,
          emailed_at: null,
        };
        rows.push({ row, choice, inboxId: f.inboxId });
      }
    for (let i = 0; i < rows.length; i += BATCH) {
      const chunk = rows.slice(i, i + BATCH);
      // Another process may have written some already: only the rows inserted here are announced.
      const inserted = new Set(
        (
          await w.trx
            .insertInto('notifications')
            .values(chunk.map((c) => c.row))
            .onConflict((oc) => oc.columns(['user_id', 'event_id', 'kind']).doNothing())
            .returning('id')
            .execute()
        ).map((r) => r.id),
      );
      // Web Push to each of the users' browsers, sent by the worker unless a tab of theirs is open then.
      await queuePushes(
        w.trx,
        chunk.filter((c) => c.choice.push && inserted.has(c.row.id)).map((c) => ({ userId: c.row.user_id, notificationId: c.row.id })),
      );
      for (const { row, choice, inboxId } of chunk) {
        if (!inserted.has(row.id)) continue;
        w.emit({
          type: 'notification.created',
          inboxId,
          conversationId: row.conversation_id,
          userId: row.user_id,
          payload: {
            notification: present({ ...row, actor_name: actorNames.get(row.actor_id) ?? null, inbox_id: inboxId }),
            push: choice.push,
            sound: choice.sound,
          },
        });
      }
    }
  });
}

/** A notice for every admin (no conversation), once per `key`: an outgoing webhook turned off, say. */
export async function notifyAdmins(ctx: Ctx, kind: NotificationKind, key: string, data: NotificationData): Promise<void> {
  const users = await ctx.db.kysely.selectFrom('users').select('id').where('deactivated_at', 'is', null).execute();
  const admins: Recipient[] = [];
  for (const u of users) {
    const a = await loadActor(ctx, u.id);
    if (a && isAdmin(a)) admins.push({ userId: u.id, kind, actorId: null, data });
  }
  if (admins.length)
    await notify(ctx, [{ eventId: key, inboxId: null, conversationId: null, recipients: admins }], { nameOf: async () => null });
}

type Row = NotificationsTable & { actor_name: string | null; inbox_id: string | null };

function present(r: Row): NotificationOut {
  return {
    id: r.id,
    kind: r.kind as NotificationKind,
    conversationId: r.conversation_id,
    inboxId: r.inbox_id,
    actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
    data: decodeJson<NotificationData>(r.data, {}),
    createdAt: r.created_at,
    readAt: r.read_at,
  };
}

/** The bell's rows of a user that they may still read: their conversation's inbox is readable now (access can change). */
function scoped(ctx: Ctx, actor: Actor) {
  const inboxIds = readableInboxIds(actor);
  return ctx.db.kysely
    .selectFrom('notifications as n')
    .leftJoin('conversations as c', 'c.id', 'n.conversation_id')
    .where('n.user_id', '=', actor.id)
    .where('n.in_app', '=', 1)
    .where((eb) =>
      inboxIds.length
        ? eb.or([eb('n.conversation_id', 'is', null), eb('c.inbox_id', 'in', inboxIds)])
        : eb('n.conversation_id', 'is', null),
    );
}

/** `GET /notifications`: newest first, keyset-paged, with the unread count. */
export async function listNotifications(ctx: Ctx, actor: Actor, q: NotificationQuery): Promise<NotificationPageOut> {
  let query = scoped(ctx, actor)
    .leftJoin('users as u', 'u.id', 'n.actor_id')
    .selectAll('n')
    .select(['u.name as actor_name', 'c.inbox_id as inbox_id'])
    .orderBy('n.id', 'desc')
    .limit(q.limit + 1);
  if (q.unread) query = query.where('n.read_at', 'is', null);
  if (q.cursor) query = query.where('n.id', '<', decodeCursor(keysetCursor, q.cursor).id);
  const page = pageOf(await query.execute(), q.limit, (r) => ({ t: r.created_at, id: r.id }));
  return { items: page.items.map(present), nextCursor: page.nextCursor, unreadCount: await unreadCount(ctx, actor) };
}

async function unreadCount(ctx: Ctx, actor: Actor): Promise<number> {
  const capped = scoped(ctx, actor).where('n.read_at', 'is', null).select('n.id').limit(UNREAD_CAP);
  const r = await ctx.db.kysely
    .selectFrom(capped.as('x'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** `POST /notifications/read`: these (of the user's own; others' ids change nothing), or all. */
export async function readNotifications(ctx: Ctx, actor: Actor, body: NotificationRead): Promise<{ unreadCount: number }> {
  await write(ctx, async (w) => {
    let q = w.trx.updateTable('notifications').set({ read_at: w.at }).where('user_id', '=', actor.id).where('read_at', 'is', null);
    if ('ids' in body) q = q.where('id', 'in', body.ids);
    const r = await q.executeTakeFirst();
    if (Number(r.numUpdatedRows) > 0) emitRead(w, actor.id, 'ids' in body ? { ids: body.ids } : { all: true });
  });
  return { unreadCount: await unreadCount(ctx, actor) };
}

/** Opening a conversation reads its notifications (one indexed look first: most opens have none). */
export async function readConversationNotifications(ctx: Ctx, userId: string, conversationId: string): Promise<void> {
  const unread = await ctx.db.kysely
    .selectFrom('notifications')
    .select('id')
    .where('user_id', '=', userId)
    .where('conversation_id', '=', conversationId)
    .where('read_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  if (!unread) return;
  await write(ctx, async (w) => {
    await w.trx
      .updateTable('notifications')
      .set({ read_at: w.at })
      .where('user_id', '=', userId)
      .where('conversation_id', '=', conversationId)
      .where('read_at', 'is', null)
      .execute();
    emitRead(w, userId, { conversationId });
  });
}

function emitRead(w: Writer, userId: string, what: { ids: string[] } | { all: true } | { conversationId: string }) {
  w.emit({ type: 'notification.read', inboxId: null, userId, payload: what });
}
