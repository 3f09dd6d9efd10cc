import { sql, type SelectQueryBuilder } from 'kysely';
import type { Engine } from './database.js';

/**
 * Locks the selected rows until the transaction ends: `FOR UPDATE` on PostgreSQL. SQLite
 * serialises writers, so a write transaction already holds the whole database.
 */
export function forUpdate<DB, TB extends keyof DB, O>(engine: Engine, q: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> {
  return engine === 'postgres' ? q.modifyEnd(sql`for update`) : q;
}
