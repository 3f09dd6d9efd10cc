import type { Database, Trx } from '../db/database.js';
import { decodeJson, encodeJson } from '../db/json.js';
import { GAP_TYPE, insertEventRow, readFinalEvents } from '../db/event-order.js';
import type { NewEvent, StoredEvent } from './events.js';

/** Inserts the events of a transaction; returns them as stored, so the bus can deliver them without reading them back. */
export async function insertEvents(db: Database, trx: Trx, events: NewEvent[], at: string): Promise<StoredEvent[]> {
  if (!events.length) return [];
  const stored: StoredEvent[] = [];
  for (const e of events) {
    const payload = encodeJson(e.payload);
    const id = await insertEventRow(db, trx, [
      e.type,
      e.inboxId,
      e.conversationId ?? null,
      e.internal ? 1 : 0,
      payload,
      at,
      e.userId ?? null,
    ]);
    stored.push(
      storedEvent({
        id,
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
  return stored;
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

/**
 * Up to `limit` events after `afterId`, in id order, as many as are final (event-order.ts).
 * `through`: the last id read (placeholders are read past, not returned); `more`: read again at
 * once; `held`: read again shortly (a gap that opened meanwhile).
 */
export async function readEventsAfter(
  db: Database,
  afterId: number,
  limit: number,
): Promise<{ events: StoredEvent[]; through: number; more: boolean; held: boolean }> {
  const { rows, held } = await readFinalEvents(db, afterId, limit);
  return {
    events: rows.filter((r) => r.type !== GAP_TYPE).map(storedEvent),
    through: rows.length ? Number(rows[rows.length - 1]!.id) : afterId,
    more: !held && rows.length === limit,
    held,
  };
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
