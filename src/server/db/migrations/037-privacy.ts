import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Privacy (issue 20): an inbox's retention (conversations closed more than `retention_days` ago are
 * deleted by the daily `retention` job; null: kept forever); when a conversation's contact was erased
 * (`contact_erased_at`: the app shows "erased contact"); SQLite's search queue learns to replace a
 * conversation's document (`replace` 1: the text is the whole new document, not an addition), so an
 * erasure re-indexes what is left in the same order as the rest of the queue.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  await db.schema.alterTable('inboxes').addColumn('retention_days', 'integer').execute();
  await db.schema.alterTable('conversations').addColumn('contact_erased_at', 'text').execute();
  // Retention's page: closed conversations of an inbox, oldest close first.
  await db.schema.createIndex('conv_inbox_closed').on('conversations').columns(['inbox_id', 'closed_at']).execute();
  // An erasure and an access export find what a contact wrote, and where their address took part, without reading every row
  // (a contact's deletion sets `author_contact_id` null: its foreign key check reads this index too).
  await db.schema.createIndex('messages_author_contact').on('messages').column('author_contact_id').execute();
  await db.schema.createIndex('conversation_participants_email').on('conversation_participants').column('email').execute();
  if (engine === 'sqlite') await sql`alter table search_queue add column replace integer not null default 0`.execute(db);
}
