/**
 * Durable subscribers' cursors: the last event each has handled, kept in `subscriber_cursors`. At
 * start a durable subscriber is first given the events after its cursor that this process's bus
 * will not deliver (committed while no process handled them: a crash between a commit and its
 * subscribers), then the live ones. Several processes share a cursor; one moves it only forward.
 */
import type { Database } from '../db/database.js';
import type { StoredEvent } from './events.js';
import { readEventsAfter } from './store.js';

/** Events replayed at most at start (older ones are logged as skipped). */
export const MAX_REPLAY = 50_000;

export async function readCursor(db: Database, name: string): Promise<number | null> {
  const r = await db.kysely.selectFrom('subscriber_cursors').select('event_id').where('name', '=', name).executeTakeFirst();
  return r ? Number(r.event_id) : null;
}

export async function saveCursor(db: Database, name: string, eventId: number): Promise<void> {
  const at = new Date().toISOString();
  await db.kysely
    .insertInto('subscriber_cursors')
    .values({ name, event_id: eventId, updated_at: at })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({ event_id: eventId, updated_at: at }).where('subscriber_cursors.event_id', '<', eventId),
    )
    .execute();
}

/** Calls `fn` with each event after `from` up to `upTo` (inclusive), in order, at most MAX_REPLAY of them. */
export async function replayEvents(db: Database, name: string, from: number, upTo: number, fn: (e: StoredEvent) => void): Promise<void> {
  let after = Math.max(from, upTo - MAX_REPLAY);
  if (after > from) console.warn(`subscriber ${name}: ${after - from} events too old to replay were skipped`);
  while (after < upTo) {
    const { events, through } = await readEventsAfter(db, after, 500);
    if (through === after) return;
    for (const e of events) {
      if (e.id > upTo) return;
      fn(e);
    }
    after = through;
  }
}
