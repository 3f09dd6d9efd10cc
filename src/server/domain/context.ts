import type { Database, Trx } from '../db/database.js';
import { now } from '../db/database.js';
import type { EventBus } from '../events/bus.js';
import type { Secrets } from '../secrets.js';
import type { MailEnv } from '../settings.js';
import type { Retention } from '../config.js';
import type { ChannelAdapters } from './channel-adapter.js';
import type { NewEvent, StoredEvent } from '../events/events.js';
import { insertEvents } from '../events/store.js';
import { applyCounts, type CountDeltas } from './counts.js';
import { applyFacts, type FactDraft } from './report-facts.js';

/**
 * What every domain function receives: storage, the event bus, the settings it needs and the
 * server's channel adapters. Built once per server (`main.ts`, `cli.ts`); nothing of it lives in
 * module state, so two servers in one process keep their own.
 */
export interface Ctx {
  db: Database;
  bus: EventBus;
  mailDomain: string;
  /** Encrypts and decrypts channel secrets at rest (`secrets.ts`). */
  secrets: Secrets;
  /** Mail settings (files folder, relay, limits) from the configuration. */
  mail: MailEnv;
  /** The channel adapters of this server (email, chat), registered at start. */
  adapters: ChannelAdapters;
  /**
   * The time writes are stamped with (`Writer.at`): the server's clock unless set. Only what writes
   * history (the demo, an import keeping original dates) sets it, on a context of its own.
   */
  clock?: () => Date;
  /** How long housekeeping keeps old rows (KEEP_*_DAYS); none: the defaults. */
  retention?: Retention;
}

/** A context with no adapters registered yet. */
export function createCtx(parts: Omit<Ctx, 'adapters' | 'mailDomain'>): Ctx {
  return { ...parts, mailDomain: parts.mail.mailDomain, adapters: new Map() };
}

export interface Writer {
  trx: Trx;
  /** The database the transaction runs on (its engine, prepared queries). */
  db: Database;
  /** The time of this write, the same for every row it touches. */
  at: string;
  emit(e: NewEvent): void;
  /** Moves between counted rows so far (`adjustCounts`), written as the transaction ends. */
  counts: CountDeltas;
  /** Report facts noted so far (`noteFact`, `clocksOn`), written as the transaction ends. */
  facts: FactDraft[];
}

/** One transaction: writes, then its events in the same commit; once durable, publication. */
export async function write<T>(ctx: Ctx, fn: (w: Writer) => Promise<T>): Promise<T> {
  const { result, durable } = await writeThenSync(ctx, fn);
  await durable;
  return result;
}

/**
 * `write()` that returns as soon as the transaction committed, with a promise that it is on disk
 * (its events are published then). A caller that acknowledges only after `durable` may start its
 * next transaction meanwhile, so the disk sync overlaps with work (group commit).
 */
export async function writeThenSync<T>(ctx: Ctx, fn: (w: Writer) => Promise<T>): Promise<{ result: T; durable: Promise<void> }> {
  const at = ctx.clock ? ctx.clock().toISOString() : now();
  let stored: StoredEvent[] | null = null;
  let emitted = 0;
  // Everything the body collects starts afresh in each attempt (the database may retry it).
  const result = await ctx.db.transaction(async (trx) => {
    const events: NewEvent[] = [];
    const counts: CountDeltas = new Map();
    const facts: FactDraft[] = [];
    const r = await fn({ trx, db: ctx.db, at, emit: (e) => events.push(e), counts, facts });
    await applyCounts(ctx.db, trx, counts);
    await applyFacts(ctx.db, trx, facts, at);
    stored = await insertEvents(ctx.db, trx, events, at);
    emitted = events.length;
    return r;
  });
  const durable = ctx.db.durable().then(() => {
    if (emitted) ctx.bus.committed(stored);
  });
  return { result, durable };
}
