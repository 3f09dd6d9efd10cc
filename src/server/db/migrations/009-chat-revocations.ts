import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Revoked website-chat visitors: a visitor token for this channel and key issued at or before
 * `revoked_at` is refused ("forget this visitor", `Switchboard('shutdown')`, a merge after
 * identify). Rotating the channel's identity secret revokes every token at once without a row.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('chat_revocations')
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('visitor_key', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_revocations_pk', ['channel_id', 'visitor_key'])
    .execute();
}
