/** The PostgreSQL the benchmarks use (BENCH_DATABASE_URL, else DATABASE_URL_TEST, else the local one) and whether it answers. */
import pg from 'pg';

export const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}
