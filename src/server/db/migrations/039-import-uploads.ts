import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Imports started in the app (issue 20): the uploaded source (a file or a folder, sent in chunks to
 * the data directory), the import it became, and whether the admin wants it to run: the background
 * job runs it in slices, each slice queueing the next while `wanted` is `run` and its `slice` is the
 * current one (a stale or doubled job finds another number and does nothing).
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('import_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inbox_id', 'text', (c) => c.notNull().references('inboxes.id').onDelete('cascade'))
    // `file` (an mbox) or `folder` (a Maildir or .eml files, each file with its path in the folder).
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // Bytes announced at the start (bounded by IMPORT_MAX_MB) and bytes received so far.
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('received', 'bigint', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.references('imports.id').onDelete('set null'))
    // `run` or `stop`: what the admin last asked.
    .addColumn('wanted', 'text', (c) => c.notNull())
    .addColumn('slice', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_uploads_inbox').on('import_uploads').columns(['inbox_id', 'created_at']).execute();
  await db.schema.createIndex('import_uploads_import').on('import_uploads').column('import_id').execute();
}
