import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Facebook Messenger (F-MSG.1): who a Page-scoped sender id (PSID) is, per channel. The contact is
 * made with the first message; the User Profile (name, picture) is fetched once, by a job, after it.
 * The channel's Page id, sealed secrets and connection state live in `channels.settings`.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('messenger_senders')
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('psid', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    // The profile picture's address as Graph answered it (contacts hold no picture); null until fetched.
    .addColumn('profile_pic', 'text')
    .addColumn('profile_fetched_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('messenger_senders_pk', ['channel_id', 'psid'])
    .execute();
  await db.schema.createIndex('messenger_senders_contact').on('messenger_senders').columns(['contact_id']).execute();
}
