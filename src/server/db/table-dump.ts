/**
 * Whole-table reads and writes for export and restore: pages by primary key in one order on both
 * engines (text compared byte by byte: PostgreSQL's `collate "C"` is SQLite's default), batched
 * inserts, the installation's table names, and the counts and search documents a restore rebuilds.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Database, Db, Trx } from './database.js';
import { addSearchText } from './search.js';

export interface PageKey {
  columns: string[];
  /** Key columns that hold integers (no collation applies). */
  integers?: string[];
}

function keyRef(db: Database, key: PageKey, c: string): RawBuilder<unknown> {
  return db.engine === 'postgres' && !key.integers?.includes(c) ? sql`${sql.ref(c)} collate "C"` : sql`${sql.ref(c)}`;
}

/** One page of a table in primary-key order after `after` (the last row's key values), at most `limit` rows. */
export async function tablePage(
  db: Database,
  table: string,
  key: PageKey,
  after: unknown[] | null,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const cols = key.columns.map((c) => keyRef(db, key, c));
  const where = after ? sql`where (${sql.join(cols)}) > (${sql.join(after)})` : sql``;
  const r = await sql<
    Record<string, unknown>
  >`select * from ${sql.table(table)} ${where} order by ${sql.join(cols)} limit ${limit}`.execute(db.kysely);
  return r.rows;
}

/** Inserts rows (all with the same columns) in batches small enough for either engine's parameter limit. */
export async function insertRows(trx: Trx, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]!);
  const per = Math.max(1, Math.floor(900 / cols.length));
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    const values = part.map((r) => sql`(${sql.join(cols.map((c) => r[c] ?? null))})`);
    await sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) values ${sql.join(values)}`.execute(trx);
  }
}

/** The tables of this installation (without the migrator's and the search index's own). */
export async function tableNames(db: Database): Promise<string[]> {
  const r =
    db.engine === 'postgres'
      ? await sql<{ n: string }>`select table_name as n from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db.kysely)
      : await sql<{ n: string }>`select name as n from sqlite_master where type = 'table'`.execute(db.kysely);
  return r.rows
    .map((x) => x.n)
    .filter((n) => !n.startsWith('kysely_') && !n.startsWith('sqlite_'))
    .sort();
}

/** The migrations the database has run, by name (the schema's level). */
export async function migrationNames(db: Database): Promise<string[]> {
  const r = await sql<{ name: string }>`select name from kysely_migration`.execute(db.kysely);
  return r.rows.map((x) => x.name).sort();
}

/** Deletes every row of a table (inside the restore's transaction). */
export async function clearTable(trx: Trx | Db, table: string): Promise<void> {
  await sql`delete from ${sql.table(table)}`.execute(trx);
}

/** Counts the conversations again into `conversation_counts` (the sidebar's counts). */
export async function recountConversations(trx: Trx): Promise<void> {
  await sql`delete from conversation_counts`.execute(trx);
  await sql`insert into conversation_counts (inbox_id, folder, status, channel_kind, assignee_key, is_bot, n)
    select inbox_id, folder, status, channel_kind, coalesce(assignee_id, ''), is_bot, count(*)
    from conversations group by inbox_id, folder, status, channel_kind, coalesce(assignee_id, ''), is_bot`.execute(trx);
}

/**
 * Gives conversations their search documents again (subject, contact, every message's text), a
 * page of conversations per transaction, oldest activity first so the newest lead the search order.
 */
export async function reindexConversations(db: Database, onPage?: (done: number) => void): Promise<number> {
  let after: [string, string] | null = null;
  let done = 0;
  for (;;) {
    let q = db.kysely
      .selectFrom('conversations as c')
      .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
      .select(['c.id', 'c.last_message_at', 'c.subject', 'ct.name', 'ct.email'])
      .orderBy('c.last_message_at')
      .orderBy('c.id')
      .limit(200);
    if (after) {
      const [at, id] = after;
      q = q.where((eb) => eb.or([eb('c.last_message_at', '>', at), eb.and([eb('c.last_message_at', '=', at), eb('c.id', '>', id)])]));
    }
    const convs = await q.execute();
    if (!convs.length) return done;
    await db.transaction(async (trx) => {
      for (const c of convs) {
        const texts = await trx
          .selectFrom('messages')
          .select('text')
          .where('conversation_id', '=', c.id)
          .where('kind', '<>', 'system')
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        await addSearchText(db, trx, c.id, [c.subject, c.name, c.email, ...texts.map((t) => t.text)]);
      }
    });
    done += convs.length;
    onPage?.(done);
    const last = convs[convs.length - 1]!;
    after = [last.last_message_at, last.id];
  }
}
