/** Migrations on data written before them: repeated snippet names (022), chats whose page was in the subject (023). */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { Database } from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrate.js';
import { up } from '../../src/server/db/migrations/022-saved-text-names.js';
import { up as upPage } from '../../src/server/db/migrations/023-conversation-page.js';
import { engines, engineSuite, isolatedStorage, type Engine } from '../support/engines.js';

/** A fresh, fully migrated database of the engine, closed and dropped after `fn`. */
async function withMigratedDb(engine: Engine, fn: (db: Database) => Promise<void>): Promise<void> {
  const storage = await isolatedStorage(engine);
  const db = new Database(
    engine === 'sqlite' ? { sqlitePath: path.join(storage.dataDir, 'db.sqlite') } : { url: storage.databaseUrl, schema: storage.schema },
  );
  try {
    await migrate(db);
    await fn(db);
  } finally {
    await db.close();
    await storage.drop();
  }
}

for (const engine of engines) {
  describe(`migrations on older data, ${engine}`, await engineSuite(engine), () => {
    test('repeated names get (2), (3) in their scope, the oldest kept; then a repeat is refused by the database', async () => {
      await withMigratedDb(engine, async (db) => {
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
      });
    });

    test("a chat's page moves from its old subject to its own column", async () => {
      await withMigratedDb(engine, async (db) => {
        await db.kysely.schema.alterTable('conversations').dropColumn('page_url').execute();
        const inbox = { id: 'in' };
        await db.kysely
          .insertInto('inboxes')
          .values({ id: 'in', name: 'In', slug: 'in', access_mode: 'everyone', created_at: '2026-01-01' })
          .execute();
        await db.kysely
          .insertInto('channels')
          .values({
            id: 'ch',
            inbox_id: 'in',
            kind: 'chat',
            name: 'c',
            status: 'on',
            address: null,
            settings: '{}',
            created_at: '2026-01-01',
          })
          .execute();
        const at = '2026-01-01T00:00:00.000Z';
        for (const [id, kind, subject] of [
          ['c1', 'chat', 'Chat on https://shop.example/pricing'],
          ['c2', 'chat', 'Hello'],
          ['c3', 'email', 'Chat on something'],
        ] as const)
          await db.kysely
            .insertInto('conversations')
            .values({
              id,
              inbox_id: inbox.id,
              channel_id: 'ch',
              channel_kind: kind,
              contact_id: null,
              subject,
              preview: '',
              status: 'open',
              assignee_id: null,
              team_id: null,
              folder: 'inbox',
              is_bot: 0,
              created_at: at,
              last_message_at: at,
              last_incoming_at: null,
              first_response_at: null,
              closed_at: null,
              search_seq: 0,
            } as never)
            .execute();
        await upPage(db.kysely);
        const rows = await db.kysely.selectFrom('conversations').select(['id', 'page_url']).orderBy('id').execute();
        assert.deepEqual(rows, [
          { id: 'c1', page_url: 'https://shop.example/pricing' },
          { id: 'c2', page_url: null },
          { id: 'c3', page_url: null },
        ]);
      });
    });
  });
}
