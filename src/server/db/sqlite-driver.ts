import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/** How long a statement or `begin` keeps trying while another connection (the checkpointer) holds the lock. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Kysely's SQLite dialect with a driver of our own, for three reasons.
 *
 * SQLite's busy handler waits for a lock by sleeping in the calling thread: here that is the
 * event loop, stopped for as long as the checkpointer holds the write lock (tens of
 * milliseconds, in steps up to 100 ms). So the connection never waits inside SQLite
 * (busy_timeout 0): a statement that finds the database locked gives the connection up, so other
 * queries go on, and is tried again a millisecond later; a transaction's `begin` is tried again
 * by Database.transaction. Either gives up once nothing has been written for BUSY_TIMEOUT_MS.
 *
 * Transactions begin IMMEDIATE. Kysely's plain (deferred) `begin` lets a transaction read first
 * and then fail to become the writer, which SQLite reports at once and never waits for.
 *
 * Statements are prepared once and kept by SQL text (one still being iterated is never handed
 * out twice).
 */
export class SqliteConnection implements DatabaseConnection {
  private cache = new Map<string, SQLite.Statement>();
  /** When a transaction last began or a write last went through here (the time limits count from it). */
  lastProgress = Date.now();
  /** Set by the driver: gives the connection up while waiting, then takes it back in turn. */
  waitTurn: () => Promise<void> = () => sleep(1);
  constructor(readonly db: SQLite.Database) {
    db.pragma('busy_timeout = 0');
  }

  statement(sqlText: string): SQLite.Statement {
    const hit = this.cache.get(sqlText);
    if (hit && !hit.busy) return hit;
    const stmt = this.db.prepare(sqlText);
    if (!hit) {
      if (this.cache.size >= 500) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(sqlText, stmt);
    }
    return stmt;
  }

  /** Runs at once; throws SQLITE_BUSY when locked. */
  runNow<R>(sqlText: string, params: readonly unknown[]): QueryResult<R> {
    const stmt = this.statement(sqlText);
    if (stmt.reader) return { rows: stmt.all(params) as R[] };
    const r = stmt.run(params);
    return { rows: [], numAffectedRows: BigInt(r.changes), insertId: BigInt(r.lastInsertRowid) };
  }

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    if (q.sql === 'begin') {
      // Waiting here would keep Kysely's hold on the connection, so every other query would wait
      // too: Database.transaction waits instead, between attempts.
      try {
        const r = this.runNow<R>('begin immediate', []);
        this.lastProgress = Date.now();
        return r;
      } catch (e) {
        if (isBusy(e)) Object.assign(e as object, { beginBusy: true });
        throw e;
      }
    }
    for (const started = Date.now(); ;) {
      try {
        const r = this.runNow<R>(q.sql, q.parameters);
        if (r.numAffectedRows !== undefined) this.lastProgress = Date.now();
        return r;
      } catch (e) {
        // Inside a transaction this connection holds the write lock: nothing there waits for it.
        if (!isBusy(e) || this.db.inTransaction || Date.now() - Math.max(started, this.lastProgress) > BUSY_TIMEOUT_MS) throw e;
        // Other queries (reads) go on meanwhile.
        await this.waitTurn();
      }
    }
  }

  // eslint-disable-next-line require-yield -- the interface asks for a generator; SQLite never streams here
  async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error('Streaming is not used with SQLite here');
  }
}

export const isBusy = (e: unknown) => (e as { code?: string })?.code === 'SQLITE_BUSY';
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One connection: each user waits for the one before it to release it, in order. */
class OneConnectionDriver implements Driver {
  private tail: Promise<void> = Promise.resolve();
  private releases: (() => void)[] = [];
  constructor(private connection: SqliteConnection) {
    connection.waitTurn = async () => {
      await this.releaseConnection();
      await sleep(1);
      await this.acquireConnection();
    };
  }
  async init() {}
  async acquireConnection() {
    const previous = this.tail;
    this.tail = new Promise((r) => this.releases.push(r));
    await previous;
    return this.connection;
  }
  async releaseConnection() {
    this.releases.shift()?.();
  }
  async beginTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('rollback'));
  }
  async destroy() {
    this.connection.db.close();
  }
}

export function sqliteDialect(connection: SqliteConnection): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new OneConnectionDriver(connection),
    createIntrospector: (db: Kysely<any>) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}
