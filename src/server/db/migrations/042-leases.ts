import { sql, type Kysely } from 'kysely';

/**
 * Leases for anything one process at a time works, not only channels: an IMAP mailbox's poller
 * (`channel_leases` before: its rows move here, named by the channel's id) and each durable event
 * subscriber. `name` says what is held; see `db/leases.ts`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into leases (name, holder, expires_at) select channel_id, holder, expires_at from channel_leases`.execute(db);
  await db.schema.dropTable('channel_leases').execute();
}
