import { sql, type Kysely } from 'kysely';

/**
 * A rollup's business-time histogram is stored only where it differs from the calendar one: null
 * now means "the same" (an inbox without business hours, most of them). The rows written before
 * lose their copy, so a long report reads and adds up half the bytes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update report_rollups set histogram_business = null where histogram_business = histogram`.execute(db);
}
