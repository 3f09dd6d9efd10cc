import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Mail history imports (issue 20): one row per run, with where it stands in its source (a byte
 * offset in an mbox, a file name in a Maildir or a folder of .eml files) and its counts, so a run
 * stopped or killed goes on from there; and the conversations a run touched, settled (closed or
 * left open) when it ends.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inbox_id', 'text', (c) => c.notNull().references('inboxes.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull())
    // The path as given (a file or a folder), `mbox`, `maildir` or `eml`, and the mbox variant.
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('variant', 'text')
    // `running`, `stopped` (by hand or by a crash: resumable), `done`, `failed` (its source went away).
    .addColumn('status', 'text', (c) => c.notNull())
    // Where the next message starts (mbox: a byte offset) or the last file done (Maildir, eml); '' at the start.
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('messages', 'integer', (c) => c.notNull())
    .addColumn('imported', 'integer', (c) => c.notNull())
    .addColumn('duplicates', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('skipped', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('total_bytes', 'bigint', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('imports_inbox').on('imports').columns(['inbox_id', 'created_at']).execute();
  await db.schema
    .createTable('import_conversations')
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    // Maildir flags: one of its messages was flagged (it stays open); the latest customer message marked replied.
    .addColumn('flagged', 'integer', (c) => c.notNull())
    .addColumn('replied_at', 'text')
    .addPrimaryKeyConstraint('import_conversations_pk', ['import_id', 'conversation_id'])
    .execute();
}
