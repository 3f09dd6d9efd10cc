/**
 * SQLite's search index lives in a database file of its own (`<db>-search`), written only by the
 * indexer worker (search-worker.ts) and read by the main connection, which attaches it as
 * `search`. A message's transaction only appends its text to `search_queue` in the main database;
 * the worker folds queued text into the conversation's document off the main thread, many
 * messages per transaction, so re-indexing a growing conversation and FTS5's segment merges never
 * sit inside a commit that a sender waits for. Synchronous better-sqlite3 code: it runs on the
 * worker's own connections (and in the benchmark generator).
 *
 *   conversation_search  FTS5, rowid = seq: a document per conversation; a new text gives it a new,
 *                        higher seq, so "newest first" is the index's own rowid order
 *   search_docs          seq → conversation id
 *   search_state         `applied`: the last search_queue id folded in; `built`: the index holds
 *                        every conversation (else it is rebuilt from the main database); during a
 *                        rebuild `rebuilt` (its cursor), `total` (conversations counted at its start)
 *                        and `done` (conversations indexed so far)
 */
import type SQLite from 'better-sqlite3';
import { MAX_SEARCH_DOC_CHARS, searchDocText } from '../domain/search-text.js';

type Conn = SQLite.Database;

export const searchFileOf = (mainFile: string) => `${mainFile}-search`;

/** The tables, in the database attached as `schema` (or the connection's own). Idempotent. */
export function createSearchSchema(conn: Conn, schema = 'main'): void {
  conn.exec(`
    create virtual table if not exists ${schema}.conversation_search using fts5(doc, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', detail = none);
    create table if not exists ${schema}.search_docs (seq integer primary key, conversation_id text not null unique);
    create table if not exists ${schema}.search_state (k text primary key, v not null);`);
}

/** Statements prepared once per connection: the worker runs the same few thousands of times a second. */
const cache = new WeakMap<Conn, Map<string, SQLite.Statement>>();
function stmt(c: Conn, text: string): SQLite.Statement {
  let m = cache.get(c);
  if (!m) cache.set(c, (m = new Map()));
  let st = m.get(text);
  if (!st) m.set(text, (st = c.prepare(text)));
  return st;
}

const state = <T = number>(s: Conn, k: string): T | null =>
  (stmt(s, 'select v from search_state where k = ?').get(k) as { v: T } | undefined)?.v ?? null;
const setState = (s: Conn, k: string, v: number | string) =>
  stmt(s, 'insert into search_state (k, v) values (?, ?) on conflict (k) do update set v = excluded.v').run(k, v);
const nextSeq = (s: Conn) => (stmt(s, 'select coalesce(max(seq), 0) + 1 as v from search_docs').get() as { v: number }).v;

/**
 * Puts `text` at the end of the conversation's document and moves it to the front; null text removes
 * it; `replace`: the text is the whole document (an erasure re-indexes what is left).
 */
function fold(s: Conn, conversationId: string, text: string | null, seq: number, replace = false): void {
  const old = stmt(s, 'select seq from search_docs where conversation_id = ?').get(conversationId) as { seq: number } | undefined;
  let doc = text ?? '';
  if (old) {
    if (text !== null && !replace)
      doc = `${(stmt(s, 'select doc from conversation_search where rowid = ?').get(old.seq) as { doc: string } | undefined)?.doc ?? ''} ${text}`;
    stmt(s, 'delete from conversation_search where rowid = ?').run(old.seq);
    stmt(s, 'delete from search_docs where seq = ?').run(old.seq);
  }
  if (text === null) return;
  stmt(s, 'insert into conversation_search (rowid, doc) values (?, ?)').run(seq, doc.slice(0, MAX_SEARCH_DOC_CHARS));
  stmt(s, 'insert into search_docs (seq, conversation_id) values (?, ?)').run(seq, conversationId);
}

/** A whole document, for the generator and the rebuild (the conversation has none yet). */
export function putDoc(s: Conn, seq: number, conversationId: string, doc: string): void {
  fold(s, conversationId, doc, seq);
}

export function markBuilt(s: Conn, applied: number): void {
  setState(s, 'applied', applied);
  setState(s, 'built', 1);
}

/**
 * Folds up to `limit` queued texts into the index in one transaction; returns the last queue id
 * applied (unchanged when there was nothing). Several processes' workers may race: the write
 * lock is taken first and `applied` read under it, so each text is folded once.
 */
export function applyQueue(s: Conn, main: Conn, limit = 2000): number {
  return s
    .transaction(() => {
      const applied = state(s, 'applied') ?? 0;
      const rows = stmt(main, 'select id, conversation_id, text, replace from search_queue where id > ? order by id limit ?').all(
        applied,
        limit,
      ) as { id: number; conversation_id: string; text: string | null; replace: number }[];
      if (!rows.length) return applied;
      // One new document per conversation, in the order of its newest text; `replace` once a removal or a replacement came in this batch.
      const byConv = new Map<string, { text: string | null; replace: boolean }>();
      for (const r of rows) {
        const had = byConv.get(r.conversation_id);
        byConv.delete(r.conversation_id);
        // Queued as written (search.ts); normalised here, off the writing thread.
        const text = r.text === null ? null : searchDocText([r.text]);
        if (text === null || r.replace) byConv.set(r.conversation_id, { text, replace: true });
        else byConv.set(r.conversation_id, { text: had?.text ? `${had.text} ${text}` : text, replace: had?.replace ?? false });
      }
      let seq = nextSeq(s);
      for (const [id, d] of byConv) fold(s, id, d.text, seq++, d.replace);
      const last = rows[rows.length - 1]!.id;
      setState(s, 'applied', last);
      return last;
    })
    .immediate();
}

/**
 * Rebuilds the index from the main database (an upgrade, or a lost search file), oldest activity
 * first so the newest get the highest seq, a slice per call so progress survives a restart.
 * Returns false once done. A conversation that gets a message meanwhile moves behind the cursor
 * and is read again, and text queued meanwhile may land twice in a document: harmless for search.
 */
export function rebuildStep(s: Conn, main: Conn, slice = 500): boolean {
  return s
    .transaction(() => {
      if (state(s, 'built')) return false;
      if (state(s, 'applied') === null) {
        stmt(s, 'delete from conversation_search').run();
        stmt(s, 'delete from search_docs').run();
        setState(s, 'applied', (stmt(main, 'select coalesce(max(id), 0) as v from search_queue').get() as { v: number }).v);
        setState(s, 'rebuilt', '[]');
        setState(s, 'done', 0);
        stmt(s, `delete from search_state where k = 'total'`).run();
      }
      // Counted once (a rebuild begun by an older version counts when it resumes): progress is done / total.
      if (state(s, 'total') === null)
        setState(s, 'total', (stmt(main, 'select count(*) as v from conversations').get() as { v: number }).v);
      const after = JSON.parse(state<string>(s, 'rebuilt') ?? '[]') as [string, string] | [];
      const convs = stmt(
        main,
        `select c.id, c.last_message_at as at, c.subject, ct.name, ct.email from conversations c left join contacts ct on ct.id = c.contact_id
       ${after.length ? 'where (c.last_message_at, c.id) > (?, ?)' : ''} order by c.last_message_at, c.id limit ?`,
      ).all(...after, slice) as { id: string; at: string; subject: string | null; name: string | null; email: string | null }[];
      const texts = stmt(main, `select text from messages where conversation_id = ? and kind <> 'system' order by created_at, id`).pluck();
      let seq = nextSeq(s);
      for (const c of convs) putDoc(s, seq++, c.id, searchDocText([c.subject, c.name, c.email, ...(texts.all(c.id) as string[])]));
      const last = convs[convs.length - 1];
      if (!last) setState(s, 'built', 1);
      else {
        setState(s, 'rebuilt', JSON.stringify([last.at, last.id]));
        setState(s, 'done', (state(s, 'done') ?? 0) + convs.length);
      }
      return !!last;
    })
    .immediate();
}

/** A rebuild's progress, or `{ building: false }`. */
export type RebuildProgress = { building: false } | { building: true; done: number; total: number };

/**
 * How far a rebuild is. A conversation that got a message during the rebuild is read again and new
 * ones are not in the total, so `done` is held at `total` (the rebuild ends when the cursor does).
 */
export function rebuildProgress(s: Conn): RebuildProgress {
  if (state(s, 'built')) return { building: false };
  const total = state(s, 'total') ?? 0;
  return { building: true, done: Math.min(state(s, 'done') ?? 0, total), total };
}
