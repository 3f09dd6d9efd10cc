import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Agents' notifications (F-NOTIFY.1–2): one row per user and thing that needs them, written once by
 * the `notifications` subscriber (the unique key makes several processes write it once), and each
 * user's preferences. `events.user_id` addresses an event to one user (their notifications reach
 * only their own stream).
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('events').addColumn('user_id', 'text').execute();
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.references('conversations.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    // JSON facts the app words (subject, contact, excerpt, channel kind, …).
    .addColumn('data', 'text', (c) => c.notNull())
    // 1: shown in the bell; 0: only other deliveries (push, email) wanted it.
    .addColumn('in_app', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    // When an email notification is due (null: none wanted), and when it went (or was skipped).
    .addColumn('email_due_at', 'text')
    .addColumn('emailed_at', 'text')
    .execute();
  // Once per user, event and kind, however many processes see the event.
  await db.schema.createIndex('notifications_once').unique().on('notifications').columns(['user_id', 'event_id', 'kind']).execute();
  // The bell: newest first (UUIDv7 ids are time-ordered), and the unread among them.
  await db.schema.createIndex('notifications_list').on('notifications').columns(['user_id', 'in_app', 'id']).execute();
  await db.schema.createIndex('notifications_unread').on('notifications').columns(['user_id', 'read_at', 'in_app']).execute();
  // Reading a conversation reads its notifications.
  await db.schema.createIndex('notifications_conversation').on('notifications').columns(['user_id', 'conversation_id']).execute();
  // The email batcher: what is due.
  await db.schema.createIndex('notifications_email_due').on('notifications').columns(['emailed_at', 'email_due_at']).execute();
  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    // JSON: only what differs from the defaults (`domain/notification-prefs.ts`).
    .addColumn('prefs', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
