/**
 * Runs storage tests on both engines. SQLite always; PostgreSQL from DATABASE_URL_TEST or the
 * local server (127.0.0.1:5432, database test). When PostgreSQL is unreachable the suite says
 * so and is skipped, unless REQUIRE_POSTGRES=1 or REQUIRE_ALL=1 makes that a failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';

export type Engine = 'sqlite' | 'postgres';
export const PG_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL_TEST ?? 'redis://127.0.0.1:6379';
const requireAll = process.env.REQUIRE_ALL === '1';

/**
 * A service that is not there refuses the connection at once; the time limit is only for an address that
 * never answers, and long, because a busy machine (browsers and other test files at the same time) can
 * take seconds to set up a connection that works.
 */
async function reachable(fn: () => Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, rej) => (timer = setTimeout(() => rej(new Error('timeout')), 60_000)))]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

let pgOk: Promise<boolean> | undefined;
export function postgresAvailable(): Promise<boolean> {
  pgOk ??= reachable(async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.end();
  });
  return pgOk;
}

let redisOk: Promise<boolean> | undefined;
export function redisAvailable(): Promise<boolean> {
  redisOk ??= reachable(async () => {
    const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await r.connect();
    await r.ping();
    r.disconnect();
  });
  return redisOk;
}

/** Why a suite cannot run here, or null; throws when the environment demands it. */
export async function missing(what: 'postgres' | 'redis'): Promise<string | null> {
  const ok = what === 'postgres' ? await postgresAvailable() : await redisAvailable();
  if (ok) return null;
  const flag = what === 'postgres' ? 'REQUIRE_POSTGRES' : 'REQUIRE_REDIS';
  const where = what === 'postgres' ? PG_URL : REDIS_URL;
  const msg = `${what === 'postgres' ? 'PostgreSQL' : 'Redis'} is not reachable at ${where}`;
  if (requireAll || process.env[flag] === '1') throw new Error(`${msg} (required by ${requireAll ? 'REQUIRE_ALL' : flag}=1)`);
  console.log(`# SKIPPED: ${msg}; set ${what === 'postgres' ? 'DATABASE_URL_TEST' : 'REDIS_URL_TEST'} or start it`);
  return msg;
}

/** A fresh, isolated database location: a new SQLite folder or a new PostgreSQL schema. */
export async function isolatedStorage(
  engine: Engine,
): Promise<{ dataDir: string; databaseUrl?: string; schema?: string; drop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-test-'));
  if (engine === 'sqlite') {
    return { dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`create schema ${schema}`);
  await c.end();
  return {
    dataDir,
    databaseUrl: PG_URL,
    schema,
    async drop() {
      const d = new pg.Client({ connectionString: PG_URL });
      await d.connect();
      await d.query(`drop schema if exists ${schema} cascade`);
      await d.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const engines: Engine[] = ['sqlite', 'postgres'];

/**
 * For `describe(name, await engineSuite(engine), ...)`: PostgreSQL suites are skipped, with the
 * reason printed, when the server is unreachable (a failure under REQUIRE_POSTGRES / REQUIRE_ALL).
 */
export async function engineSuite(engine: Engine): Promise<{ skip?: string }> {
  if (engine === 'sqlite') {
    // Asked now, before the SQLite suite keeps this process busy, and answered when the PostgreSQL one asks.
    void postgresAvailable();
    return {};
  }
  const why = await missing('postgres');
  return why ? { skip: why } : {};
}
