import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * How far each durable subscriber (webhooks, notifications, Slack, transcripts) has handled the
 * events: a process that stops between a commit and its subscribers starts again from here, so
 * nothing they owe is lost (they are idempotent, so handling an event twice is harmless).
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('subscriber_cursors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
