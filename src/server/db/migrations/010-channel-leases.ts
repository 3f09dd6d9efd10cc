import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Which process works a channel that only one process at a time may work (an IMAP mailbox's
 * poller): `holder` names the process, `expires_at` (ISO time) ends the lease unless it renews.
 * See `db/leases.ts`.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('channel_leases')
    .addColumn('channel_id', 'text', (c) => c.primaryKey().references('channels.id').onDelete('cascade'))
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}
