/**
 * Queries built and compiled once per engine, then run with new values. For the small statements
 * of the hot paths (every chat message, every received mail) Kysely's builder and compiler cost
 * as much as SQLite's own work and allocate a tree of nodes each time; the SQL text does not
 * change, only the values. Each `$(n)` in the builder stands for the n-th argument.
 */
import type { Compilable, QueryResult } from 'kysely';
import type { Database, Db, Trx } from './database.js';

const SLOT = '\u0000arg:';
type Compiled = { sql: string; params: (number | { value: unknown })[] };

export function prepared<R>(build: (k: Db, $: (n: number) => any) => Compilable<R>) {
  const byEngine = new Map<Database['engine'], Compiled>();
  return (db: Database, on: Db | Trx, args: readonly unknown[]): Promise<QueryResult<R>> => {
    let c = byEngine.get(db.engine);
    if (!c) {
      const q = build(on, (n) => `${SLOT}${n}`).compile();
      const params = q.parameters.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? Number(p.slice(SLOT.length)) : { value: p }));
      byEngine.set(db.engine, (c = { sql: q.sql, params }));
    }
    return db.execute<R>(
      on,
      c.sql,
      c.params.map((p) => (typeof p === 'number' ? args[p] : p.value)),
    );
  };
}
