import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Web Push (F-NOTIFY.1): each browser a user turned desktop notifications on in, by its push
 * service's endpoint (unique: the same browser subscribing again updates its keys). The server's
 * VAPID keys live in `account_settings` (key `vapid`, the private key sealed), made on first start.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    // The browser's P-256 public key and auth secret (base64url), what the payload is encrypted for.
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    // A short name of the browser ("Firefox on Linux"), for the user's list.
    .addColumn('label', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_success_at', 'text')
    .execute();
  await db.schema.createIndex('push_subscriptions_user').on('push_subscriptions').columns(['user_id', 'created_at']).execute();
}
