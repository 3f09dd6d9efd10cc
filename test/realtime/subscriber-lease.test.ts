/**
 * A durable subscriber (webhooks, notifications, Slack, chat transcripts) is handled by one process
 * at a time: with several processes each event is handled once, not once per process; when the
 * process handling it dies, another takes over from its saved cursor and nothing is missed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Database } from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrate.js';
import { openDatabase } from '../../src/server/db/open.js';
import { EventBus } from '../../src/server/events/bus.js';
import { insertEvents } from '../../src/server/events/store.js';
import { wireSubscribers } from '../../src/server/subscribers.js';
import { waitFor } from '../email/support/mail.js';
import { engines, engineSuite, isolatedStorage } from '../support/engines.js';

type Storage = Awaited<ReturnType<typeof isolatedStorage>>;

const LEASE_MS = 600;

/** A "process" with the durable subscriber `probe`, noting every event it handles. */
async function proc(storage: Storage, handled: Map<number, string[]>, name: string) {
  const db = openDatabase({ databaseUrl: storage.databaseUrl, dataDir: storage.dataDir }, storage.schema);
  await migrate(db);
  const bus = new EventBus(db);
  await bus.start(50);
  const stop = wireSubscribers(
    bus,
    db,
    [{ name: 'probe', durable: true, handle: (e) => void handled.set(e.id, [...(handled.get(e.id) ?? []), name]) }],
    { leaseMs: LEASE_MS },
  );
  return { db, bus, stop };
}

async function emit(db: Database, bus: EventBus, n: number): Promise<number[]> {
  const stored = await db.transaction((trx) =>
    insertEvents(
      db,
      trx,
      Array.from({ length: n }, () => ({ type: 'conversation.updated' as const, inboxId: null, payload: {} })),
      new Date().toISOString(),
    ),
  );
  bus.committed(stored);
  return stored.map((e) => e.id);
}

for (const engine of engines) {
  describe(`durable subscribers across processes on ${engine}`, await engineSuite(engine), () => {
    test('two processes: each event handled once; the handling process dies and the other takes over without a miss', async () => {
      const storage = await isolatedStorage(engine);
      const handled = new Map<number, string[]>();
      const a = await proc(storage, handled, 'a');
      const b = await proc(storage, handled, 'b');
      try {
        const ids: number[] = [];
        for (let i = 0; i < 10; i++) ids.push(...(await emit(i % 2 ? b.db : a.db, i % 2 ? b.bus : a.bus, 3)));
        await waitFor('every event handled', () => ids.every((id) => handled.has(id)) || null);
        // Two buses deliver each event; one process handles it.
        await Promise.all([a.bus.flush(), b.bus.flush()]);
        assert.deepEqual(
          ids.filter((id) => handled.get(id)!.length !== 1),
          [],
          'no event handled twice while both run',
        );
        const handler = handled.get(ids[0]!)![0]!;
        assert.ok(
          ids.every((id) => handled.get(id)![0] === handler),
          'one process handles them all',
        );

        // The handling process dies: its lease is no longer renewed (its database is gone).
        const [dead, alive] = handler === 'a' ? [a, b] : [b, a];
        await dead.bus.close();
        await dead.db.close();
        const after = await emit(alive.db, alive.bus, 5);
        await waitFor('the other process to take over', () => after.every((id) => handled.has(id)) || null);
        assert.ok(
          after.every((id) => handled.get(id)!.includes(handler === 'a' ? 'b' : 'a')),
          'the survivor handles what came after',
        );
        assert.ok(
          [...ids, ...after].every((id) => handled.has(id)),
          'nothing missed',
        );
      } finally {
        await a.stop().catch(() => undefined);
        await b.stop().catch(() => undefined);
        for (const p of [a, b]) {
          await p.bus.close().catch(() => undefined);
          await p.db.close().catch(() => undefined);
        }
        await storage.drop();
      }
    });
  });
}
