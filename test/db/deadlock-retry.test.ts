import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { Database } from '../../src/server/db/database.js';
import { engineSuite, isolatedStorage, PG_URL } from '../support/engines.js';

// Two transactions that take the same two rows in opposite order: PostgreSQL ends one of them to
// break the deadlock. The request behind it must not fail for that: the transaction runs again.
describe('a transaction chosen as a deadlock victim on postgres', await engineSuite('postgres'), () => {
  let storage: Awaited<ReturnType<typeof isolatedStorage>>;
  let db: Database;

  before(async () => {
    storage = await isolatedStorage('postgres');
    db = new Database({ url: PG_URL, schema: storage.schema });
    await sql`create table probe (k text primary key, n int not null)`.execute(db.kysely);
    await sql`insert into probe values ('a', 0), ('b', 0)`.execute(db.kysely);
  });
  after(async () => {
    await db?.close();
    await storage?.drop();
  });

  test('runs again, so both writers succeed and neither change is lost', async () => {
    let bothHoldOne!: () => void;
    const barrier = new Promise<void>((r) => (bothHoldOne = r));
    let holding = 0;
    let runs = 0;
    const bump = (first: string, second: string) =>
      db.transaction(async (trx) => {
        runs++;
        await sql`update probe set n = n + 1 where k = ${first}`.execute(trx);
        if (++holding === 2) bothHoldOne();
        await barrier;
        await sql`update probe set n = n + 1 where k = ${second}`.execute(trx);
      });
    await Promise.all([bump('a', 'b'), bump('b', 'a')]);
    assert.ok(runs >= 3, `one transaction ran again (${runs} runs)`);
    const rows = (await sql<{ k: string; n: number }>`select k, n from probe order by k`.execute(db.kysely)).rows;
    assert.deepEqual(rows, [
      { k: 'a', n: 2 },
      { k: 'b', n: 2 },
    ]);
  });

  test('other errors are not retried', async () => {
    let runs = 0;
    await assert.rejects(
      db.transaction(async (trx) => {
        runs++;
        await sql`insert into probe values ('a', 1)`.execute(trx);
      }),
      (e: { code?: string }) => e.code === '23505',
    );
    assert.equal(runs, 1);
  });
});
