/**
 * Full-text search: FTS5 on SQLite, tsvector + GIN on PostgreSQL, behind these functions.
 * One document per conversation; its key `search_seq` grows with every new text, so
 * "newest first" is the order both engines can walk without sorting.
 */
import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { MAX_SEARCH_DOC_CHARS } from '../domain/search-text.js';
import type { Database, Trx } from './database.js';

/** Adds text to a conversation's document and moves it to the front (new seq). */
export async function appendSearchText(db: Database, trx: Trx, conversationId: string, oldSeq: number | null, text: string): Promise<number> {
  const seq = await db.nextSearchSeq(trx);
  await indexSearchText(db, trx, conversationId, oldSeq, seq, text);
  if (db.engine === 'sqlite') await trx.updateTable('conversations').set({ search_seq: seq }).where('id', '=', conversationId).execute();
  return seq;
}

/**
 * The index half of appendSearchText, for a caller that writes `search_seq = seq` on the
 * conversation row itself (on PostgreSQL the row must exist already).
 */
export async function indexSearchText(db: Database, trx: Trx, conversationId: string, oldSeq: number | null, seq: number, text: string): Promise<void> {
  if (db.engine === 'postgres') {
    await sql`update conversations set search_seq = ${seq},
      search_vector = coalesce(search_vector, ''::tsvector) || to_tsvector('simple', ${text.slice(0, MAX_SEARCH_DOC_CHARS)})
      where id = ${conversationId}`.execute(trx);
    return;
  }
  let doc = text;
  if (oldSeq !== null) {
    const old = await sql<{ doc: string }>`select doc from conversation_search where rowid = ${oldSeq}`.execute(trx);
    if (old.rows[0]) doc = `${old.rows[0].doc} ${text}`;
    await sql`delete from conversation_search where rowid = ${oldSeq}`.execute(trx);
  }
  await sql`insert into conversation_search(rowid, doc) values (${seq}, ${doc.slice(0, MAX_SEARCH_DOC_CHARS)})`.execute(trx);
}

export async function removeSearchDoc(db: Database, trx: Trx, seq: number): Promise<void> {
  if (db.engine === 'sqlite') await sql`delete from conversation_search where rowid = ${seq}`.execute(trx);
}

export async function removeSearchDocsOfInbox(db: Database, trx: Trx, inboxId: string): Promise<void> {
  if (db.engine === 'sqlite') {
    await sql`delete from conversation_search where rowid in (select search_seq from conversations where inbox_id = ${inboxId})`.execute(trx);
  }
}

/** The last word matches as a prefix once it has two characters (one letter would match half the index). */
const prefix = (words: string[], i: number) => i === words.length - 1 && words[i]!.length > 1;

/**
 * Restricts a query on `conversations as c` to documents matching all words (the last as a
 * prefix), ordered newest first by search_seq. Words are normalised letters and digits and
 * are bound as values, never spliced into SQL.
 * On SQLite the FTS table drives the join in rowid order, so a common word stops after a page.
 */
export function applySearch<Q extends SelectQueryBuilder<any, any, any>>(db: Database, q: Q, words: string[]): Q {
  if (db.engine === 'postgres') {
    const tsq = words.map((w, i) => (prefix(words, i) ? `${w}:*` : w)).join(' & ');
    return q.where(sql<SqlBool>`c.search_vector @@ to_tsquery('simple', ${tsq})`).orderBy(sql`c.search_seq`, 'desc') as Q;
  }
  const fts = words.map((w, i) => `"${w}"${prefix(words, i) ? '*' : ''}`).join(' ');
  return q
    .innerJoin(sql`conversation_search`.as('f'), (j: any) => j.on(sql`f.rowid`, '=', sql`c.search_seq`))
    .where(sql<SqlBool>`f.conversation_search match ${fts}`)
    .orderBy(sql`f.rowid`, 'desc') as Q;
}
