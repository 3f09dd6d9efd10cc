/**
 * Migrating one PostgreSQL schema while other processes drop theirs (test files dropping their
 * isolated schemas do this all the time): Kysely's own table check scanned every schema and
 * failed with `schema "t_…" does not exist` when one vanished mid-scan. The Migrator now sees
 * only its own schema (src/server/db/migration-introspection.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { Database } from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrate.js';
import { isolatedStorage, missing, PG_URL } from '../support/engines.js';

const skip = await missing('postgres');

describe('migrations on PostgreSQL while other schemas are dropped', skip ? { skip } : {}, () => {
  test('three fresh schemas migrate while another connection keeps creating and dropping schemas with tables', async () => {
    const churn = new pg.Client({ connectionString: PG_URL });
    await churn.connect();
    let stop = false;
    let drops = 0;
    const name = `t_churn_${process.pid}`;
    const churning = (async () => {
      while (!stop) {
        await churn.query(
          `create schema ${name}; create table ${name}.a (id serial primary key, x text, y text); create table ${name}.b (id serial primary key, x text)`,
        );
        await churn.query(`drop schema ${name} cascade`);
        drops++;
      }
    })();
    try {
      for (let i = 0; i < 3; i++) {
        const storage = await isolatedStorage('postgres');
        const db = new Database({ url: PG_URL, schema: storage.schema });
        try {
          await migrate(db);
          const r = await db.kysely
            .selectFrom('conversations')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow();
          assert.equal(Number(r.n), 0);
        } finally {
          await db.close();
          await storage.drop();
        }
      }
    } finally {
      stop = true;
      await churning;
      await churn.query(`drop schema if exists ${name} cascade`);
      await churn.end();
    }
    assert.ok(drops > 0, 'schemas were dropped during the migrations');
  });
});
