import type { Database, Trx } from '../db/database.js';
import { decodeJson, encodeJson } from '../db/json.js';
import { prepared } from '../db/prepared.js';
import type { NewEvent, StoredEvent } from './events.js';

const insertEvent = prepared((k, $) =>
  k.insertInto('events').values({ type: $(0), inbox_id: $(1), conversation_id: $(2), internal: $(3), payload: $(4), created_at: $(5) }),
);

export async function insertEvents(db: Database, trx: Trx, events: NewEvent[], at: string): Promise<void> {
  if (!events.length) return;
  await db.lockEventSequence(trx);
  for (const e of events) {
    await insertEvent(db, trx, [e.type, e.inboxId, e.conversationId ?? null, e.internal ? 1 : 0, encodeJson(e.payload), at]);
  }
}

const eventsAfter = prepared((k, $) => k.selectFrom('events').selectAll().where('id', '>', $(0)).orderBy('id').limit($(1)));

export async function readEventsAfter(db: Database, afterId: number, limit: number): Promise<StoredEvent[]> {
  const { rows } = await eventsAfter(db, db.kysely, [afterId, limit]);
  return rows.map((r) => ({
    id: Number(r.id),
    type: r.type as StoredEvent['type'],
    inboxId: r.inbox_id,
    conversationId: r.conversation_id,
    internal: r.internal === 1,
    payload: decodeJson(r.payload, {}),
    createdAt: r.created_at,
  }));
}

export async function lastEventId(db: Database): Promise<number> {
  const r = await db.kysely.selectFrom('events').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0);
}
