/**
 * Full-text search behind these functions: one document per conversation (subject, contact name
 * and address, the text of every message), newest text first.
 * - PostgreSQL: a `tsvector` column with a GIN index, extended in the writing transaction;
 *   `search_seq` (a sequence) gives the order.
 * - SQLite: FTS5 in a database file of its own, kept by a worker thread from `search_queue`
 *   (search-store.ts); the writing transaction only queues the text.
 */
import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { MAX_SEARCH_DOC_CHARS, searchDocText } from '../domain/search-text.js';
import type { Database, Trx } from './database.js';

/**
 * Adds text (subject, names, message text: `parts`) to a conversation's document and moves it to
 * the front of the search order. PostgreSQL indexes the normalised words at once; SQLite queues
 * the text as it is and its worker normalises it (search-store.ts), off the writing thread.
 */
export async function addSearchText(db: Database, trx: Trx, conversationId: string, parts: (string | null | undefined)[]): Promise<void> {
  if (db.engine === 'postgres') {
    const text = searchDocText(parts);
    await sql`update conversations set search_seq = nextval('conversation_search_seq'),
      search_vector = coalesce(search_vector, ''::tsvector) || to_tsvector('simple', ${text.slice(0, MAX_SEARCH_DOC_CHARS)})
      where id = ${conversationId}`.execute(trx);
    return;
  }
  const text = parts.filter(Boolean).join(' ').slice(0, MAX_SEARCH_DOC_CHARS);
  await db.execute(trx, 'insert into search_queue (conversation_id, text) values (?, ?)', [conversationId, text]);
}

/**
 * Replaces a conversation's whole document with `parts` (an erasure: what is left of it), keeping its
 * place in the search order. SQLite queues the replacement for its worker, after any text queued before.
 */
export async function replaceSearchText(
  db: Database,
  trx: Trx,
  conversationId: string,
  parts: (string | null | undefined)[],
): Promise<void> {
  if (db.engine === 'postgres') {
    const text = searchDocText(parts).slice(0, MAX_SEARCH_DOC_CHARS);
    await sql`update conversations set search_vector = to_tsvector('simple', ${text}) where id = ${conversationId}`.execute(trx);
    return;
  }
  const text = parts.filter(Boolean).join(' ').slice(0, MAX_SEARCH_DOC_CHARS);
  await db.execute(trx, 'insert into search_queue (conversation_id, text, replace) values (?, ?, 1)', [conversationId, text]);
}

/** Before deleting conversations: their documents go too (PostgreSQL's go with the rows). */
export async function removeSearchDocs(
  db: Database,
  trx: Trx,
  of: { conversationId: string } | { inboxId: string } | { conversationIds: string[] },
): Promise<void> {
  if (db.engine === 'postgres') return;
  if ('conversationId' in of) await sql`insert into search_queue (conversation_id, text) values (${of.conversationId}, null)`.execute(trx);
  else if ('conversationIds' in of) {
    for (const id of of.conversationIds) await sql`insert into search_queue (conversation_id, text) values (${id}, null)`.execute(trx);
  } else
    await sql`insert into search_queue (conversation_id, text) select id, null from conversations where inbox_id = ${of.inboxId}`.execute(
      trx,
    );
}

/** The last word matches as a prefix once it has two characters (one letter would match half the index). */
const prefix = (words: string[], i: number) => i === words.length - 1 && words[i]!.length > 1;

/**
 * Restricts a query on `conversations as c` to documents matching all words (the last as a
 * prefix), newest first, and selects the position as `search_key`; `before` continues after a
 * page's last `search_key`. Words are normalised letters and digits, bound as values, never
 * spliced into SQL. On SQLite the FTS table drives the join in rowid order, so a common word
 * stops after a page.
 */
export function applySearch<Q extends SelectQueryBuilder<any, any, any>>(db: Database, q: Q, words: string[], before?: number): Q {
  if (db.engine === 'postgres') {
    const tsq = words.map((w, i) => (prefix(words, i) ? `${w}:*` : w)).join(' & ');
    let p = q.where(sql<SqlBool>`c.search_vector @@ to_tsquery('simple', ${tsq})`);
    if (before !== undefined) p = p.where(sql<SqlBool>`c.search_seq < ${before}`);
    return p.select(sql<number>`c.search_seq`.as('search_key')).orderBy(sql`c.search_seq`, 'desc') as Q;
  }
  const fts = words.map((w, i) => `"${w}"${prefix(words, i) ? '*' : ''}`).join(' ');
  let p = q
    .innerJoin(sql`search.search_docs`.as('d'), (j: any) => j.on(sql`d.conversation_id`, '=', sql`c.id`))
    .innerJoin(sql`search.conversation_search`.as('f'), (j: any) => j.on(sql`f.rowid`, '=', sql`d.seq`))
    .where(sql<SqlBool>`f.conversation_search match ${fts}`);
  if (before !== undefined) p = p.where(sql<SqlBool>`f.rowid < ${before}`);
  return p.select(sql<number>`f.rowid`.as('search_key')).orderBy(sql`f.rowid`, 'desc') as Q;
}
