import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * A Messenger reply longer than the Send API takes goes out in pieces: each piece Graph accepted is
 * recorded (with its `mid`), so sending the reply again (a retry after a failed piece) sends only
 * the pieces not yet sent. Gone with the message.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('messenger_sent_pieces')
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('piece', 'integer', (c) => c.notNull())
    .addColumn('mid', 'text')
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('messenger_sent_pieces_pk', ['message_id', 'piece'])
    .execute();
}
