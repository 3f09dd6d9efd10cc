import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Custom From addresses of email channels, proven by a 6-digit code sent to them. The code is
 * kept only as a salted hash; it expires and allows a few wrong tries. A row with `verified_at`
 * makes the address usable as the channel's From. (From name and signature live in the
 * channel's settings JSON.)
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('email_address_verifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('verified_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('email_address_verifications_channel')
    .on('email_address_verifications')
    .columns(['channel_id', 'created_at'])
    .execute();
}
