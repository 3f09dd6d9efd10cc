import type { Kysely } from 'kysely';

/**
 * The running day's rollup: rows of the period `running` sum today's facts up to a point, written
 * every few minutes by the roll-up, so a report over a range that ends today reads minutes of facts
 * instead of the whole day's. `through` is that point (null for the finished days and months).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report_rollup_periods').addColumn('through', 'text').execute();
}
