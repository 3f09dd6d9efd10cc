/**
 * Events reach every reader once and in id order, with writers committing at the same time and no
 * lock among them: on PostgreSQL a transaction can commit a later id before an earlier one's
 * commits (or rolls back), and readers wait for the earlier one instead of skipping it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, test } from 'node:test';
import type { Database } from '../../src/server/db/database.js';
import { GAP_TYPE } from '../../src/server/db/event-order.js';
import { migrate } from '../../src/server/db/migrate.js';
import { openDatabase } from '../../src/server/db/open.js';
import { EventBus } from '../../src/server/events/bus.js';
import type { StoredEvent } from '../../src/server/events/events.js';
import { insertEvents } from '../../src/server/events/store.js';
import { waitFor } from '../email/support/mail.js';
import { engines, engineSuite, isolatedStorage } from '../support/engines.js';

type Storage = Awaited<ReturnType<typeof isolatedStorage>>;

/** A "process": its own connections and bus, every event it receives in the order received. */
async function reader(storage: Storage) {
  const db = openDatabase({ databaseUrl: storage.databaseUrl, dataDir: storage.dataDir }, storage.schema);
  await migrate(db);
  const bus = new EventBus(db);
  await bus.start(50);
  const seen: number[] = [];
  bus.subscribe((e: StoredEvent) => seen.push(e.id));
  return { db, bus, seen, close: async () => (await bus.close(), await db.close()) };
}

/** Inserts `n` events in a transaction that commits once `until` resolves (rolls back if it rejects); resolves with their ids. */
function writer(db: Database, bus: EventBus, n: number, until: Promise<void> = Promise.resolve()) {
  let inserted!: (ids: number[]) => void;
  const ids = new Promise<number[]>((r) => (inserted = r));
  const committed = db
    .transaction(async (trx) => {
      const tag = randomUUID();
      const events = Array.from({ length: n }, () => ({ type: 'conversation.updated' as const, inboxId: null, payload: { tag } }));
      await insertEvents(db, trx, events, new Date().toISOString());
      const r = await trx.selectFrom('events').select('id').where('payload', '=', JSON.stringify({ tag })).orderBy('id').execute();
      inserted(r.map((x) => Number(x.id)));
      await until;
      return r;
    })
    .then(() => bus.committed());
  return { ids, committed };
}

const gate = () => {
  let open!: () => void;
  let fail!: (e: Error) => void;
  const p = new Promise<void>((res, rej) => ((open = res), (fail = rej)));
  p.catch(() => undefined);
  return { p, open, fail };
};

/** The ids of the events stored (placeholders for ids no event took are not events). */
const allIds = async (db: Database) =>
  (await db.kysely.selectFrom('events').select('id').where('type', '!=', GAP_TYPE).orderBy('id').execute()).map((r) => Number(r.id));

for (const engine of engines) {
  describe(`event order on ${engine}`, await engineSuite(engine), () => {
    if (engine === 'postgres') {
      /** Resolves once a session of the database waits for another's transaction to end (the reader, on the writer). */
      const waitingOnATransaction = (db: Database) =>
        waitFor('the reader to wait for the running transaction', async () => {
          const r = await sql<{ n: string }>`select count(*) as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'transactionid'`.execute(db.kysely);
          return Number(r.rows[0]!.n) > 0 || null;
        });

      test('a later id committed first waits for the earlier one, then both arrive in order', async () => {
        const storage = await isolatedStorage(engine);
        const r = await reader(storage);
        const hold = gate();
        try {
          const first = writer(r.db, r.bus, 1, hold.p);
          const [early] = await first.ids;
          const second = writer(r.db, r.bus, 2);
          await second.committed;
          const later = await second.ids;
          assert.ok(later[0]! > early!, 'the second transaction took the later ids');
          await waitingOnATransaction(r.db);
          assert.deepEqual(r.seen, [], 'nothing is delivered past an id whose transaction still runs');
          hold.open();
          await first.committed;
          await waitFor('all three events', async () => r.seen.length === 3 || null);
          assert.deepEqual(r.seen, [early, ...later]);
        } finally {
          hold.open();
          await r.close();
          await storage.drop();
        }
      });

      test('an id whose transaction rolled back is passed over without another event to wake the reader', async () => {
        const storage = await isolatedStorage(engine);
        const r = await reader(storage);
        const hold = gate();
        try {
          const first = writer(r.db, r.bus, 1, hold.p);
          await first.ids;
          const second = writer(r.db, r.bus, 1);
          await second.committed;
          await waitingOnATransaction(r.db);
          assert.deepEqual(r.seen, []);
          hold.fail(new Error('rolled back'));
          await assert.rejects(first.committed, /rolled back/);
          await waitFor('the committed event', async () => r.seen.length === 1 || null);
          assert.deepEqual(r.seen, await second.ids);
          assert.deepEqual(await allIds(r.db), await second.ids);
        } finally {
          hold.open();
          await r.close();
          await storage.drop();
        }
      });

      test('a writer whose id a reader filled meanwhile takes the next one', async () => {
        const storage = await isolatedStorage(engine);
        const r = await reader(storage);
        try {
          // The id the next writer would take, filled by a reader first (as when it saw that id missing).
          const next = Number((await sql<{ v: string }>`select nextval('events_id_seq') + 1 as v`.execute(r.db.kysely)).rows[0]!.v);
          await sql`insert into events (id, type, internal, payload, created_at) values (${next}, ${GAP_TYPE}, 0, '{}', '')`.execute(
            r.db.kysely,
          );
          const w = writer(r.db, r.bus, 1);
          await w.committed;
          const [id] = await w.ids;
          assert.ok(id! > next, `the writer's event took ${id}, after the filled ${next}`);
          await waitFor('the event', async () => r.seen.length === 1 || null);
          assert.deepEqual(r.seen, [id]);
        } finally {
          await r.close();
          await storage.drop();
        }
      });
    }

    test('three processes writing at once, some rolling back: each delivers every committed event once, in id order', async () => {
      const storage = await isolatedStorage(engine);
      const procs = [await reader(storage), await reader(storage), await reader(storage)];
      try {
        const commitOrder: number[] = [];
        const writes: Promise<unknown>[] = [];
        for (let round = 0; round < 12; round++) {
          for (let w = 0; w < 4; w++) {
            const p = procs[(round + w) % procs.length]!;
            const hold = gate();
            const x = writer(p.db, p.bus, 1 + ((round * 7 + w) % 3), hold.p);
            // The first writer of a round commits last, after the later ones; every fifth rolls back.
            const delay = w === 0 ? 30 : 2 * w;
            const rollBack = (round * 4 + w) % 5 === 4;
            void x.ids.then(() => setTimeout(() => (rollBack ? hold.fail(new Error('rolled back')) : hold.open()), delay));
            writes.push(
              x.committed.then(
                async () => commitOrder.push(...(await x.ids)),
                (e: Error) => assert.match(e.message, /rolled back/),
              ),
            );
          }
          await new Promise((r) => setTimeout(r, 5));
        }
        await Promise.all(writes);
        const stored = await allIds(procs[0]!.db);
        assert.ok(stored.length >= 30, `${stored.length} events committed`);
        if (engine === 'postgres')
          assert.notDeepEqual(
            commitOrder,
            [...commitOrder].sort((a, b) => a - b),
            'transactions committed out of id order (what this test is about)',
          );
        for (const [i, p] of procs.entries()) {
          await waitFor(`process ${i} to deliver every event`, async () => p.seen.length >= stored.length || null);
          await p.bus.flush();
          assert.deepEqual(p.seen, stored, `process ${i}: each committed event once, in id order`);
        }
      } finally {
        for (const p of procs) await p.close();
        await storage.drop();
      }
    });
  });
}
