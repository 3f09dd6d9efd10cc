import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Search stays fast at a million conversations (figures from `npm run bench -- list`):
 * - PostgreSQL: with default statistics the planner guesses a rare word matches 0.3% of rows
 *   and walks recency order past everything; a larger sample lets it use the GIN index
 *   (rare word p99 1,222 ms → 9 ms).
 * - SQLite: the last word is a prefix, so "the"* merged the lists of the, there, they...;
 *   FTS5 prefix indexes of 2 and 3 characters answer that directly (p99 110 ms → 7 ms).
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    await sql`alter table conversations alter column search_vector set statistics 1000`.execute(db);
    await sql`analyze conversations`.execute(db);
    return;
  }
  await sql`create virtual table conversation_search_new using fts5(doc, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`.execute(
    db,
  );
  await sql`insert into conversation_search_new(rowid, doc) select rowid, doc from conversation_search`.execute(db);
  await sql`drop table conversation_search`.execute(db);
  await sql`alter table conversation_search_new rename to conversation_search`.execute(db);
}
