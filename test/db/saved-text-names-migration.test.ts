/** Migration 022 on a database that already holds repeated snippet names: they are renamed, then held unique. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { Database } from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrate.js';
import { up } from '../../src/server/db/migrations/022-saved-text-names.js';
import { engines, engineSuite, isolatedStorage } from '../support/engines.js';

for (const engine of engines) {
  describe(`snippet names made unique on ${engine}`, await engineSuite(engine), () => {
    test('repeated names get (2), (3) in their scope, the oldest kept; then a repeat is refused by the database', async () => {
      const storage = await isolatedStorage(engine);
      const db = new Database(
        engine === 'sqlite'
          ? { sqlitePath: path.join(storage.dataDir, 'db.sqlite') }
          : { url: storage.databaseUrl, schema: storage.schema },
      );
      try {
        await migrate(db);
        // As before 022: no index, names repeated.
        await sql`drop index snippets_scope_name`.execute(db.kysely);
        await sql`drop index templates_scope_name`.execute(db.kysely);
        const rows = [
          ['a', null, 'Refund', '2026-01-01'],
          ['b', null, 'refund', '2026-01-02'],
          ['c', null, 'Refund', '2026-01-03'],
          ['d', null, 'Other', '2026-01-04'],
        ] as const;
        for (const [id, inbox_id, name, created_at] of rows)
          await db.kysely.insertInto('snippets').values({ id, inbox_id, name, body: 'x', created_by: null, created_at }).execute();
        await up(db.kysely);
        const names = await db.kysely.selectFrom('snippets').select(['id', 'name']).orderBy('id').execute();
        assert.deepEqual(
          names.map((r) => r.name),
          ['Refund', 'refund (2)', 'Refund (3)', 'Other'],
        );
        await assert.rejects(
          db.kysely
            .insertInto('snippets')
            .values({ id: 'e', inbox_id: null, name: 'OTHER', body: 'x', created_by: null, created_at: '2026-02-01' })
            .execute(),
        );
      } finally {
        await db.close();
        await storage.drop();
      }
    });
  });
}
