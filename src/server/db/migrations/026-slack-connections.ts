import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Slack alerts per inbox (F-NOTIFY.3): the connection of an inbox (a bot token and channel, or an
 * incoming-webhook URL, both sealed; its state and last error), one row per alert to send (the
 * event it came from, ordered per conversation) and, per conversation, the Slack message posted
 * for it (channel + ts) so later changes update it and thread under it.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('slack_connections')
    .addColumn('inbox_id', 'text', (c) => c.primaryKey().references('inboxes.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull())
    // Sealed with `ctx.secrets`; `bot_token` + `channel` for mode bot, `webhook_url` for mode webhook.
    .addColumn('bot_token', 'text')
    .addColumn('channel', 'text')
    .addColumn('webhook_url', 'text')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('new'))
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('last_success_at', 'text')
    // One message a second per channel: the earliest time the next one may go.
    .addColumn('next_post_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('slack_posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inbox_id', 'text', (c) => c.notNull().references('inboxes.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    // The event's id: the order of a conversation's alerts, and one alert per event however many processes see it.
    .addColumn('event_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('slack_posts_event').unique().on('slack_posts').columns(['conversation_id', 'event_id']).execute();
  await db.schema.createIndex('slack_posts_order').on('slack_posts').columns(['conversation_id', 'status', 'event_id']).execute();
  await db.schema.createIndex('slack_posts_created').on('slack_posts').column('created_at').execute();
  await db.schema
    .createTable('slack_messages')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey())
    .addColumn('inbox_id', 'text', (c) => c.notNull().references('inboxes.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('ts', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
