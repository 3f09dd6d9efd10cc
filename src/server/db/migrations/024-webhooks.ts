import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Outgoing webhooks (F-NOTIFY.4): the endpoints admins register and the log of their deliveries.
 * A delivery row is also the state of its retries (the job only carries its id); rows older than
 * 14 days are trimmed by housekeeping.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    // Sealed with `ctx.secrets` like channel passwords.
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_until', 'text')
    // JSON array of webhook event types.
    .addColumn('event_types', 'text', (c) => c.notNull())
    .addColumn('inbox_id', 'text', (c) => c.references('inboxes.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('on'))
    .addColumn('disabled_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event_id', 'text')
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('last_duration_ms', 'integer')
    .addColumn('response_excerpt', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One delivery per webhook and event, however many processes see the event.
  await db.schema.createIndex('webhook_deliveries_event').unique().on('webhook_deliveries').columns(['webhook_id', 'event_id']).execute();
  // The log, newest first (keyset on id, UUIDv7 so time-ordered).
  await db.schema.createIndex('webhook_deliveries_log').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();
  // Order per conversation: an earlier pending delivery of the same webhook and conversation.
  await db.schema
    .createIndex('webhook_deliveries_order')
    .on('webhook_deliveries')
    .columns(['webhook_id', 'conversation_id', 'status', 'id'])
    .execute();
  // Housekeeping trims by age.
  await db.schema.createIndex('webhook_deliveries_created').on('webhook_deliveries').column('created_at').execute();
}
