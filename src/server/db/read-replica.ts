import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import type { Tables } from './schema.js';
import { lsnReached, lsnValue } from './wal-position.js';
import { WritePositions } from './write-positions.js';

type Db = Kysely<Tables>;

/** How often the replica's replay position is read (one timer per process). */
export const REPLAY_POLL_MS = 50;

export interface ReadReplicaOptions {
  url: string;
  schema?: string;
  poolSize?: number;
  /** With Redis, users' write positions are shared between processes. */
  redis?: { url: string; prefix?: string };
  /** Kysely's log hook (statement counting, as on the primary). */
  log?: () => void;
}

/**
 * A streaming replica (DATABASE_READ_URL) for lists, search, counts and reports. A user reads the
 * replica once it has replayed past their last write (read-your-writes), else the primary. While the
 * replica does not answer, everyone reads the primary; this is said once in the log.
 */
export class ReadReplica {
  /** The replica; a connection it refuses is taken from the primary instead. */
  readonly kysely: Db;
  private pool: pg.Pool;
  private positions: WritePositions;
  /** The replica's replay position at the last successful read, or none while it is unreachable. */
  private replayed?: string;
  private reading?: Promise<string | undefined>;
  private timer: NodeJS.Timeout;
  private down = false;
  private closed = false;

  constructor(
    Pool: typeof pg.Pool,
    private primaryPool: pg.Pool,
    private primary: Db,
    opts: ReadReplicaOptions,
  ) {
    this.pool = new Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      // An unreachable host answers nothing: give up soon and read the primary.
      connectionTimeoutMillis: 2000,
      options: opts.schema ? `-c search_path=${opts.schema}` : undefined,
    });
    // A replica that stops ends its idle connections: the pool drops them (without this the error would end the process).
    this.pool.on('error', (e) => this.unreachable(e));
    this.positions = new WritePositions(opts.redis);
    this.kysely = new Kysely<Tables>({
      dialect: new PostgresDialect({ pool: { connect: () => this.connect(), end: async () => undefined } }),
      log: opts.log,
    });
    this.timer = setInterval(() => void this.replayPosition(), REPLAY_POLL_MS);
    this.timer.unref();
    void this.replayPosition();
  }

  /**
   * A connection for a read: the replica's, or the primary's when the replica refuses one. A statement
   * the replica fails (it stopped meanwhile; a recovery conflict cancelled it) runs again on the primary:
   * these are single reads outside any transaction.
   */
  private async connect(): Promise<pg.PoolClient> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      this.unreachable(e);
      return this.primaryPool.connect();
    }
    let broken: unknown;
    const onPrimary = async (args: unknown[], e: unknown) => {
      // The connection failed (a socket error, or SQLSTATE class 08 or 57: gone, shut down), not the statement.
      const code = (e as { code?: unknown }).code;
      const sqlState = typeof code === 'string' && /^[0-9A-DF-Z][0-9A-Z]{4}$/.test(code);
      if (!sqlState || /^(08|57)/.test(code)) {
        broken = e;
        this.unreachable(e);
      }
      const p = await this.primaryPool.connect();
      try {
        return (await Reflect.apply(p.query, p, args)) as unknown;
      } finally {
        p.release();
      }
    };
    const query = async (...args: unknown[]) => {
      try {
        return (await Reflect.apply(client.query, client, args)) as unknown;
      } catch (e) {
        return onPrimary(args, e);
      }
    };
    return Object.assign(Object.create(client) as pg.PoolClient, {
      query,
      release: () => client.release(broken instanceof Error ? broken : undefined),
    });
  }

  /** After a user's request wrote: their position on the primary (one query). */
  async wrote(userId: string): Promise<void> {
    const r = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(this.primary);
    const lsn = r.rows[0]?.lsn;
    if (lsn) await this.positions.note(userId, lsn);
  }

  /** The replica when it has replayed the user's last write (asked again when the last poll had not), else the primary. */
  async readerFor(userId: string): Promise<Db> {
    if (!this.replayed) return this.primary;
    const wrote = await this.positions.get(userId);
    if (wrote === undefined) return this.kysely;
    if (wrote === 'unknown') return this.primary;
    if (lsnReached(this.replayed, wrote)) return this.kysely;
    const now = await this.replayPosition();
    return now && lsnReached(now, wrote) ? this.kysely : this.primary;
  }

  /** How many bytes of WAL the replica has yet to replay; null while it is unreachable. */
  async lagBytes(): Promise<number | null> {
    const replayed = await this.replayPosition();
    if (!replayed) return null;
    const r = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(this.primary);
    const behind = lsnValue(r.rows[0]!.lsn) - lsnValue(replayed);
    return Number(behind > 0n ? behind : 0n);
  }

  /** Reads the replica's replay position; concurrent callers share one query. */
  private replayPosition(): Promise<string | undefined> {
    this.reading ??= this.pool
      .query<{ lsn: string | null }>('select pg_last_wal_replay_lsn()::text as lsn')
      .then(
        (r) => {
          const lsn = r.rows[0]?.lsn ?? undefined;
          // Not a standby (no replay position): nothing to wait for, but nothing to compare either.
          if (!lsn) throw new Error('DATABASE_READ_URL is not a streaming replica (pg_last_wal_replay_lsn() is null)');
          if (this.down) console.error('read replica: reachable again; lists and reports read it');
          this.down = false;
          if (!this.replayed || lsnReached(lsn, this.replayed)) this.replayed = lsn;
          return this.replayed;
        },
        (e: unknown) => {
          this.unreachable(e);
          return undefined;
        },
      )
      .catch((e: unknown) => {
        this.unreachable(e);
        return undefined;
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  private unreachable(e: unknown) {
    this.replayed = undefined;
    if (this.down || this.closed) return;
    this.down = true;
    console.error(`read replica: not reachable (${(e as Error).message}); every read goes to the primary meanwhile`);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.reading;
    this.positions.close();
    await this.pool.end();
  }
}
