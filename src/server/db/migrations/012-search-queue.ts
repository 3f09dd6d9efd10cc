import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * SQLite: the search index moves to a file of its own, kept by a worker thread (search-store.ts).
 * A message's transaction now only queues its text; re-indexing the conversation's document
 * (and FTS5's segment merges) cost a chat message more than the rest of its commit. The worker
 * rebuilds the new index from the conversations on its first start. `conversations.search_seq`
 * is PostgreSQL's alone from now on, so its index goes on SQLite.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine !== 'sqlite') return;
  await sql`create table search_queue (id integer primary key autoincrement, conversation_id text not null, text text)`.execute(db);
  await sql`drop table conversation_search`.execute(db);
  await sql`drop index conv_search_seq`.execute(db);
}
