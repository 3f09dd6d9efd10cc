import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, sql, type QueryResult, type Transaction } from 'kysely';
import type pg from 'pg';
import { Checkpointer } from './checkpointer.js';
import { EventOrder } from './event-order.js';
import { ReadReplica } from './read-replica.js';
import { SearchIndexer, type SearchIndexOptions } from './search-indexer.js';
import { BUSY_TIMEOUT_MS, SqliteConnection, sleep, sqliteDialect } from './sqlite-driver.js';
import { createSearchSchema, searchFileOf, type RebuildProgress } from './search-store.js';
import type { Tables } from './schema.js';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Tables>;
export type Trx = Transaction<Tables>;

const queryScope = new AsyncLocalStorage<{ count: number }>();

/** Counts the SQL statements run inside `fn` and its async continuations (see queriesSoFar). */
export function withQueryCount<T>(fn: () => T): T {
  return queryScope.run({ count: 0 }, fn);
}
export function queriesSoFar(): number {
  return queryScope.getStore()?.count ?? 0;
}

export interface DatabaseOptions {
  /** postgres:// URL; without it, SQLite at `sqlitePath` (a file: its search index is a file beside it). */
  url?: string;
  sqlitePath?: string;
  /** PostgreSQL schema to use (tests isolate themselves this way). */
  schema?: string;
  poolSize?: number;
  /** Count statements for withQueryCount (Kysely's log then runs around every query). */
  countQueries?: boolean;
  /** SQLite's search indexer (tests: a small rebuild slice, a rebuild held in progress). */
  searchIndex?: SearchIndexOptions;
  /** A streaming replica of `url` for lists, search, counts and reports (PostgreSQL only). */
  readUrl?: string;
  /** With a replica: Redis shares each user's last write position between processes. */
  redis?: { url: string; prefix?: string };
}

export class Database {
  readonly kysely: Db;
  /** Where a query that reads the search index runs (search.ts): on SQLite its own read-only connection. */
  readonly searchReader: Db;
  readonly engine: Engine;
  /** The PostgreSQL schema in use, when not the default. */
  readonly schema?: string;
  private sqlite?: SQLite.Database;
  private connection?: SqliteConnection;
  private pool?: pg.Pool;
  private wal?: WalSync;
  private checkpointer?: Checkpointer;
  private searchIndexer?: SearchIndexer;
  private replica?: ReadReplica;
  /** Which events this process may deliver yet (PostgreSQL: ids can commit out of order). */
  readonly eventOrder = new EventOrder();

  constructor(opts: DatabaseOptions) {
    const log = opts.countQueries
      ? () => {
          const s = queryScope.getStore();
          if (s) s.count++;
        }
      : undefined;
    if (opts.url) {
      this.engine = 'postgres';
      if (opts.schema && !/^[a-z_][a-z0-9_]*$/.test(opts.schema)) throw new Error(`Invalid schema name ${opts.schema}`);
      this.schema = opts.schema;
      // pg is loaded for PostgreSQL only (some 15 MB an SQLite installation never holds).
      const { Pool } = createRequire(import.meta.url)('pg') as typeof pg;
      this.pool = new Pool({
        connectionString: opts.url,
        max: opts.poolSize ?? 10,
        options: opts.schema ? `-c search_path=${opts.schema}` : undefined,
      });
      this.kysely = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: this.pool }), log });
      this.searchReader = this.kysely;
      if (opts.readUrl)
        this.replica = new ReadReplica(Pool, this.pool, this.kysely, {
          url: opts.readUrl,
          schema: opts.schema,
          poolSize: opts.poolSize,
          redis: opts.redis,
          log,
        });
    } else {
      if (opts.readUrl) throw new Error('A read replica (readUrl) needs PostgreSQL (url)');
      this.engine = 'sqlite';
      const file = opts.sqlitePath;
      if (!file) throw new Error('A SQLite database needs a file (sqlitePath)');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      this.sqlite = new SQLite(file);
      this.sqlite.pragma('journal_mode = WAL');
      // NORMAL: SQLite syncs the WAL at checkpoints only; every commit is then made durable by
      // `durable()` (an fdatasync of the WAL off the main thread) before anything is acknowledged.
      this.sqlite.pragma('synchronous = NORMAL');
      this.sqlite.pragma('foreign_keys = ON');
      this.wal = new WalSync(`${file}-wal`);
      // Checkpoints run on a worker's connection, never inside a commit on this thread.
      this.sqlite.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new Checkpointer(file);
      this.connection = new SqliteConnection(this.sqlite);
      this.kysely = new Kysely<Tables>({ dialect: sqliteDialect(this.connection), log });
      // The search index: a file of its own, written by its worker (search-store.ts) and read
      // through `search.*` on a read-only connection. Never attached here: BEGIN IMMEDIATE takes
      // the write lock of every attached database, so each of the worker's commits (and syncs)
      // would hold this connection's writes back.
      const searchFile = searchFileOf(file);
      const setup = new SQLite(searchFile);
      setup.pragma('journal_mode = WAL');
      createSearchSchema(setup);
      setup.close();
      const reader = new SQLite(file, { readonly: true });
      reader.prepare('attach database ? as search').run(searchFile);
      this.searchReader = new Kysely<Tables>({ dialect: sqliteDialect(new SqliteConnection(reader)), log });
      if (!opts.searchIndex?.queueOnly)
        this.searchIndexer = new SearchIndexer(
          file,
          (upTo) => sql`delete from search_queue where id <= ${upTo}`.execute(this.kysely),
          opts.searchIndex,
        );
    }
  }

  /**
   * Runs `fn` in one transaction. On PostgreSQL a transaction the server chose to end as the
   * victim of a deadlock (or a serialization failure) is run again, up to three times: `fn`
   * must keep what it collects inside itself.
   */
  async transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    if (this.engine === 'postgres') {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.kysely.transaction().execute(fn);
        } catch (e) {
          if (attempt >= 3 || !isTransientConflict(e)) throw e;
          await sleep(5 + Math.random() * 20 * attempt);
        }
      }
    }
    // SQLite: `begin` fails at once while another connection holds the write lock (sqlite-driver.ts).
    // A retry queues behind every transaction waiting meanwhile, so the time limit counts from the
    // last write that went through on this connection: it gives up only when none has for that long.
    for (const started = Date.now(); ;) {
      try {
        return await this.kysely.transaction().execute(fn);
      } catch (e) {
        const stuckFor = Date.now() - Math.max(started, this.connection?.lastProgress ?? 0);
        if (!(e as { beginBusy?: boolean }).beginBusy || stuckFor > BUSY_TIMEOUT_MS) throw e;
        await sleep(1);
      }
    }
  }

  /**
   * Where a list, a search, counts or a report for this user reads: the read replica when one is
   * configured and has replayed past the user's last write (`wroteAs`), else the primary (`kysely`;
   * `searchReader` for a search). Without a replica no work at all.
   */
  readerFor(userId: string, use: 'list' | 'search' = 'list'): Promise<Db> {
    if (!this.replica) return Promise.resolve(use === 'search' ? this.searchReader : this.kysely);
    return this.replica.readerFor(userId);
  }

  /** After a request of this user that may have written committed: their reads wait for the replica to replay it. */
  wroteAs(userId: string): Promise<void> {
    return this.replica ? this.replica.wrote(userId) : Promise.resolve();
  }

  /** Bytes of WAL the read replica has yet to replay: null while it is unreachable, undefined without one. */
  replicaLagBytes(): Promise<number | null | undefined> {
    return this.replica ? this.replica.lagBytes() : Promise.resolve(undefined);
  }

  /**
   * Runs compiled SQL on `on` (the database or a transaction). Inside a SQLite transaction the
   * connection is this one and already held, so the statement runs directly: Kysely's handling
   * around each query (connection, executor, log) allocated more than the statement itself.
   */
  execute<R>(on: Db | Trx, sqlText: string, params: readonly unknown[]): Promise<QueryResult<R>> {
    if (!this.connection || !on.isTransaction) return on.executeQuery(CompiledQuery.raw(sqlText, [...params]) as CompiledQuery<R>);
    const scope = queryScope.getStore();
    if (scope) scope.count++;
    return Promise.resolve(this.connection.runNow<R>(sqlText, params));
  }

  /**
   * Resolves once every transaction committed so far is on disk. PostgreSQL's commit already
   * waits for its WAL flush; on SQLite one fdatasync of the WAL covers every commit before it,
   * so concurrent writers share it (group commit) while the event loop keeps working.
   */
  durable(): Promise<void> {
    return this.wal ? this.wal.sync() : Promise.resolve();
  }

  /**
   * Makes the report rollups' writes one at a time across processes (the roll-up job, a recount's,
   * a rebuild), each replacing rows another may be writing: on PostgreSQL a transaction-scoped
   * advisory lock. SQLite serialises writers already.
   */
  async lockReportRollups(trx: Trx): Promise<void> {
    if (this.engine === 'postgres') await sql`select pg_advisory_xact_lock(7215002)`.execute(trx);
  }

  /**
   * Resolves once the search index holds every text committed before this call. PostgreSQL
   * indexes in the writing transaction; SQLite's worker folds queued text in within ~50 ms.
   */
  async searchCaughtUp(): Promise<void> {
    if (!this.searchIndexer) return;
    const r = await sql<{ m: number | null }>`select max(id) as m from search_queue`.execute(this.kysely);
    await this.searchIndexer.caughtUp(r.rows[0]?.m ?? 0);
  }

  /**
   * Whether the search index is being rebuilt (SQLite, after its file was lost), and how far: its
   * searches meanwhile find only what is indexed. PostgreSQL indexes in the writing transaction.
   */
  searchIndexStatus(): RebuildProgress {
    return this.searchIndexer?.progress ?? { building: false };
  }

  /**
   * After a bulk write that grew a table many times over (a rebuild, an import): PostgreSQL's
   * statistics brought up to date, since autovacuum may lag behind and a planner that still thinks
   * the table small walks all of it for every look-up (measured: a rebuild's pages went from 7 ms to
   * 1 s). SQLite's planner takes the index without statistics.
   */
  async refreshStatistics(table: string): Promise<void> {
    if (this.engine === 'postgres') await sql`analyze ${sql.table(table)}`.execute(this.kysely);
  }

  async currentSchema(): Promise<string | undefined> {
    if (this.engine !== 'postgres') return undefined;
    const r = await sql<{ s: string }>`select current_schema() as s`.execute(this.kysely);
    return r.rows[0]?.s;
  }

  async close(): Promise<void> {
    await this.replica?.close();
    await this.checkpointer?.close();
    await this.searchIndexer?.close();
    if (this.searchReader !== this.kysely) await this.searchReader.destroy();
    await this.kysely.destroy();
    await this.wal?.close();
  }
}

/** Coalesced fdatasync of SQLite's WAL file: a call waits for a sync that started after it. */
class WalSync {
  private handle?: fs.promises.FileHandle;
  private committed = 0;
  private synced = 0;
  private running?: Promise<void>;
  constructor(private file: string) {}

  async sync(): Promise<void> {
    const target = ++this.committed;
    while (this.synced < target) {
      if (this.running) {
        await this.running;
        continue;
      }
      const upTo = this.committed;
      this.running = this.flush().then(() => {
        this.synced = Math.max(this.synced, upTo);
      });
      try {
        await this.running;
      } finally {
        this.running = undefined;
      }
    }
  }

  private async flush() {
    // The WAL exists once the database was first written; it keeps its inode while we are open.
    this.handle ??= await fs.promises.open(this.file, 'r+');
    await this.handle.datasync();
  }

  async close() {
    await this.running?.catch(() => undefined);
    await this.handle?.close();
    this.handle = undefined;
  }
}

/** PostgreSQL ended the transaction to break a deadlock or a serialization conflict: running it again is safe. */
function isTransientConflict(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === '40P01' || code === '40001';
}

/** A unique constraint refused the write (the same check for both engines). */
export function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string })?.code === '23505' || String((e as Error)?.message ?? e).includes('UNIQUE constraint failed');
}

/**
 * The database refused a value itself (PostgreSQL class 22 "data exception": a NUL byte, a number
 * out of range, a malformed date; SQLite: a string or blob too big, a datatype mismatch): input
 * that got past its schema. Answered as a 400, never as the database's text.
 */
export function isDataException(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) || code === 'SQLITE_TOOBIG' || code === 'SQLITE_MISMATCH';
}

/** `count(*)` is a number on SQLite and a string (bigint) on PostgreSQL: convert here only. */
export function toCount(v: unknown): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v);
}

export function now(): string {
  return new Date().toISOString();
}
