import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Exports started in the app (issue 20, Settings › Export): one row per archive, with how far the
 * background job has come, the file it wrote under the data directory, and the download token
 * mailed to the admin who asked (its SHA-256 only). `active` is 1 while the export is queued or
 * running and null after; its unique index lets only one run at a time on either engine.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // `queued`, `running`, `done`, `failed`.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('active', 'integer')
    // Where it stands: the step (a table's name, `mbox <slug>`, `files`), rows or files done in it, steps done of all.
    .addColumn('step', 'text')
    .addColumn('step_done', 'integer', (c) => c.notNull())
    .addColumn('steps_done', 'integer', (c) => c.notNull())
    .addColumn('steps_total', 'integer', (c) => c.notNull())
    // When done: rows and files in the archive, its size, its file (relative to the data directory; null once deleted).
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('files', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('file', 'text')
    .addColumn('token_hash', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('emailed_at', 'text')
    .addColumn('error', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('exports_active').on('exports').column('active').unique().execute();
  await db.schema.createIndex('exports_created').on('exports').column('created_at').execute();
}
