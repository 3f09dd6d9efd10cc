import type { Database, Trx } from '../db/database.js';
import { now } from '../db/database.js';
import type { EventBus } from '../events/bus.js';
import type { NewEvent } from '../events/events.js';
import { insertEvents } from '../events/store.js';

/** What every domain function receives: storage, the event bus, and settings it needs. */
export interface Ctx {
  db: Database;
  bus: EventBus;
  mailDomain: string;
}

export interface Writer {
  trx: Trx;
  /** The time of this write, the same for every row it touches. */
  at: string;
  emit(e: NewEvent): void;
}

/** One transaction: writes, then its events in the same commit; once durable, publication. */
export async function write<T>(ctx: Ctx, fn: (w: Writer) => Promise<T>): Promise<T> {
  const events: NewEvent[] = [];
  const at = now();
  const result = await ctx.db.transaction(async (trx) => {
    const r = await fn({ trx, at, emit: (e) => events.push(e) });
    await insertEvents(ctx.db, trx, events, at);
    return r;
  });
  await ctx.db.durable();
  if (events.length) ctx.bus.committed();
  return result;
}
