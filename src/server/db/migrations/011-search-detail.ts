import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * SQLite: the search index keeps which documents hold a word, not where (FTS5 `detail=none`).
 * Search asks only for documents holding every word (the last as a prefix), never for phrases or
 * positions, and indexing a 5 KB email costs about a third of what it did (bench: `npm run bench --
 * ingest`). PostgreSQL is unchanged.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine !== 'sqlite') return;
  await sql`create virtual table conversation_search_new using fts5(doc, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', detail = none)`.execute(
    db,
  );
  await sql`insert into conversation_search_new(rowid, doc) select rowid, doc from conversation_search`.execute(db);
  await sql`drop table conversation_search`.execute(db);
  await sql`alter table conversation_search_new rename to conversation_search`.execute(db);
}
