import type { Database, Trx } from '../db/database.js';
import { decodeJson, encodeJson } from '../db/json.js';
import { prepared } from '../db/prepared.js';
import type { NewEvent, StoredEvent } from './events.js';

const insertEvent = prepared((k, $) =>
  k
    .insertInto('events')
    .values({ type: $(0), inbox_id: $(1), conversation_id: $(2), internal: $(3), payload: $(4), created_at: $(5), user_id: $(6) }),
);

/**
 * Inserts the events of a transaction; returns them as stored when the engine reports each new id
 * (SQLite), so the bus can deliver them without reading them back, otherwise null.
 */
export async function insertEvents(db: Database, trx: Trx, events: NewEvent[], at: string): Promise<StoredEvent[] | null> {
  if (!events.length) return [];
  await db.lockEventSequence(trx);
  const stored: StoredEvent[] = [];
  for (const e of events) {
    const payload = encodeJson(e.payload);
    const r = await insertEvent(db, trx, [e.type, e.inboxId, e.conversationId ?? null, e.internal ? 1 : 0, payload, at, e.userId ?? null]);
    if (r.insertId !== undefined)
      stored.push(
        storedEvent({
          id: r.insertId,
          type: e.type,
          inbox_id: e.inboxId,
          conversation_id: e.conversationId ?? null,
          internal: e.internal ? 1 : 0,
          payload,
          created_at: at,
          user_id: e.userId ?? null,
        }),
      );
  }
  return stored.length === events.length ? stored : null;
}

/** A row of `events` as delivered; the payload is decoded only if a subscriber reads it. */
function storedEvent(r: {
  id: number | bigint;
  type: string;
  inbox_id: string | null;
  conversation_id: string | null;
  internal: number;
  payload: string;
  created_at: string;
  user_id: string | null;
}): StoredEvent {
  let payload: Record<string, unknown> | undefined;
  return {
    id: Number(r.id),
    type: r.type as StoredEvent['type'],
    inboxId: r.inbox_id,
    conversationId: r.conversation_id,
    internal: r.internal === 1,
    userId: r.user_id,
    payloadJson: r.payload,
    get payload() {
      return (payload ??= decodeJson(r.payload, {}));
    },
    createdAt: r.created_at,
  };
}

const eventsAfter = prepared((k, $) => k.selectFrom('events').selectAll().where('id', '>', $(0)).orderBy('id').limit($(1)));

export async function readEventsAfter(db: Database, afterId: number, limit: number): Promise<StoredEvent[]> {
  const { rows } = await eventsAfter(db, db.kysely, [afterId, limit]);
  return rows.map(storedEvent);
}

export async function lastEventId(db: Database): Promise<number> {
  const r = await db.kysely
    .selectFrom('events')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** The id of the event `skip` places after `afterId` (0: the next one), or null when there are not that many. One bounded index read. */
export async function eventIdAfter(db: Database, afterId: number, skip: number): Promise<number | null> {
  const r = await db.kysely
    .selectFrom('events')
    .select('id')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(1)
    .offset(skip)
    .executeTakeFirst();
  return r ? Number(r.id) : null;
}
