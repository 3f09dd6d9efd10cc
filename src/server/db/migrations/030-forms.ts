import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Support forms (F-MSG.2): a form per row, each with its own `form` channel (its conversations' channel),
 * and the submission counters the rate limits read (in the database: they hold across processes).
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('forms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inbox_id', 'text', (c) => c.notNull().references('inboxes.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    // The hosted page's address (`/f/<slug>`): readable words and a random part.
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    // JSON: the fields in order (bounded by the API: 30 fields, 20 choices each).
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('confirmation', 'text', (c) => c.notNull())
    // JSON `{pipelineId, stageId}` or null: each submission also opens a ticket.
    .addColumn('ticket', 'text')
    // JSON list of origins that may frame the form; empty: any.
    .addColumn('allowed_origins', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forms_inbox').on('forms').columns(['inbox_id', 'created_at']).execute();
  await db.schema
    .createTable('form_rate_counts')
    // `a:<hash of the address>:h:<hour>`, `a:…:d:<day>`, `t:d:<day>`.
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('form_rate_counts_expiry').on('form_rate_counts').column('expires_at').execute();
}
