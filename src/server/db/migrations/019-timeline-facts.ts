import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/** A timeline line's fact (JSON `TimelineFact`), so each reader sees it in their own language; null for older lines. */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('messages').addColumn('fact', 'text').execute();
}
