import type { Database, Trx } from '../db/database.js';
import { decodeJson, encodeJson } from '../db/json.js';
import { prepared } from '../db/prepared.js';
import type { NewEvent, StoredEvent } from './events.js';

export async function insertEvents(db: Database, trx: Trx, events: NewEvent[], at: string): Promise<void> {
  if (!events.length) return;
  await db.lockEventSequence(trx);
  await trx
    .insertInto('events')
    .values(
      events.map((e) => ({
        type: e.type,
        inbox_id: e.inboxId,
        conversation_id: e.conversationId ?? null,
        internal: e.internal ? 1 : 0,
        payload: encodeJson(e.payload),
        created_at: at,
      })),
    )
    .execute();
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
