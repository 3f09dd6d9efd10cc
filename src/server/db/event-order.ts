/**
 * Event ids in commit order without a database-wide lock (PostgreSQL).
 *
 * Ids come from a sequence, so a transaction can commit id 11 while the one that took id 10 is
 * still running; a reader that delivered 11 and moved on would never deliver 10. So a reader that
 * sees an id missing below a visible one fills it: it inserts a placeholder row (`GAP_TYPE`) with
 * that id, `on conflict do nothing`. PostgreSQL makes that insert wait for a transaction that has
 * inserted the id and not yet ended: if it commits, its event is there to read; if it rolled back
 * (or never inserted), the placeholder takes the id, and a writer that had taken the id but not yet
 * inserted it takes another (`insertEventRow` below). Readers skip placeholders. Waits happen only
 * behind a transaction still running, for as long as it runs (as SQLite's one writer at a time).
 * SQLite commits one writer at a time: its ids appear in order.
 */
import { sql, type Selectable } from 'kysely';
import type { Database, Trx } from './database.js';
import { prepared } from './prepared.js';
import type { Tables } from './schema.js';

/** The type of a placeholder row: an id no event will have. */
export const GAP_TYPE = 'gap';
/** At bus start, the ids below the newest searched for gaps (more than enough for every transaction running). */
const START_WINDOW = 10_000;

type EventRow = Selectable<Tables['events']>;

/** What one process knows of the ids' order: every id up to `settled` is final (committed, or never to be). */
export class EventOrder {
  private settled = 0;

  get settledThrough(): number {
    return this.settled;
  }

  settle(id: number): void {
    if (id > this.settled) this.settled = id;
  }

  /** The ids missing among `ids` (ascending, read after `after`) that may still come: above what is settled (at most START_WINDOW). */
  missing(after: number, ids: readonly number[]): number[] {
    const out: number[] = [];
    let prev = Math.max(after, this.settled);
    for (const id of ids) {
      for (let m = prev + 1; m < id && out.length < START_WINDOW; m++) out.push(m);
      prev = Math.max(prev, id);
    }
    return out;
  }
}

const insertEvent = prepared((k, $) =>
  k
    .insertInto('events')
    .values({ type: $(0), inbox_id: $(1), conversation_id: $(2), internal: $(3), payload: $(4), created_at: $(5), user_id: $(6) })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id'),
);

/** Inserts one event row; returns its id. An id a reader took for a placeholder meanwhile is given up for the next one. */
export async function insertEventRow(db: Database, trx: Trx, values: readonly unknown[]): Promise<number> {
  for (;;) {
    const r = await insertEvent(db, trx, values);
    if (r.rows[0]) return Number(r.rows[0].id);
  }
}

const after = prepared((k, $) => k.selectFrom('events').selectAll().where('id', '>', $(0)).orderBy('id').limit($(1)));

/**
 * Up to `limit` rows after `afterId`, in id order, every one final (placeholders included: the
 * caller skips them). On PostgreSQL a missing id below a visible one is filled first, waiting for
 * its transaction if one still runs; `held` when rows behind a gap that opened meanwhile were left
 * for the next read.
 */
export async function readFinalEvents(db: Database, afterId: number, limit: number): Promise<{ rows: EventRow[]; held: boolean }> {
  for (let fills = 0; ; fills++) {
    const rows = (await after(db, db.kysely, [afterId, limit])).rows as EventRow[];
    if (db.engine !== 'postgres' || !rows.length) return { rows, held: false };
    const ids = rows.map((r) => Number(r.id));
    const missing = db.eventOrder.missing(afterId, ids);
    if (!missing.length || fills === 2) {
      const final = missing.length ? rows.filter((r) => Number(r.id) < missing[0]!) : rows;
      if (final.length && afterId <= db.eventOrder.settledThrough) db.eventOrder.settle(Number(final[final.length - 1]!.id));
      return { rows: final, held: final.length < rows.length };
    }
    await fillGaps(db, missing);
  }
}

/** Placeholders for `ids`, each once its writer (if any) has ended; an id its writer committed is left as it is. */
async function fillGaps(db: Database, ids: number[]): Promise<void> {
  await sql`insert into events (id, type, inbox_id, conversation_id, internal, payload, created_at, user_id)
    select g, ${GAP_TYPE}, null, null, 0, '{}', ${new Date().toISOString()}, null from unnest(${ids}::bigint[]) g
    on conflict (id) do nothing`.execute(db.kysely);
}

/** The highest event id, with every id below it final (gaps among the newest filled): where a process's bus starts. */
export async function finalEventId(db: Database): Promise<number> {
  const r = await db.kysely
    .selectFrom('events')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  const max = Number(r?.m ?? 0);
  if (db.engine === 'postgres' && max) {
    const rows = await db.kysely
      .selectFrom('events')
      .select('id')
      .where('id', '>', max - START_WINDOW)
      .orderBy('id')
      .execute();
    // From the oldest id in the window: what housekeeping deleted below it stays deleted.
    const missing = db.eventOrder.missing(
      Number(rows[0]!.id),
      rows.map((x) => Number(x.id)),
    );
    if (missing.length) await fillGaps(db, missing);
  }
  db.eventOrder.settle(max);
  return max;
}
