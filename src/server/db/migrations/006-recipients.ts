import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Who else a message was addressed to: JSON `{"to":[{email,name?}],"cc":[…]}`. Incoming mail
 * keeps its original To and Cc (shown on the message, used by reply-all); an agent's email
 * records where it went.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('messages').addColumn('recipients', 'text').execute();
}
