import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Report rollups at several grains (a person, a team, an inbox and channel, every key) with their
 * histograms as bytes (`reports/histogram.ts`) instead of JSON. The rows are made again from the
 * facts: the table starts empty and no period is marked rolled, so reports read the facts until the
 * worker's next run.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const bytes = engine === 'postgres' ? 'bytea' : 'blob';
  await db.schema.dropTable('report_rollups').execute();
  await db.deleteFrom('report_rollup_periods').execute();
  await db.schema
    .createTable('report_rollups')
    // Which keys the row keeps: `person` (user_id), `team` (team_id), `place` (inbox_id, channel_kind) or `all`; kind and detail always.
    .addColumn('grain', 'text', (c) => c.notNull())
    // `day` or `month`, and when it starts (an ISO instant, compared with a report's range).
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('start', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // '' for none, or not kept at this grain.
    .addColumn('inbox_id', 'text', (c) => c.notNull())
    .addColumn('channel_kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    // Of the facts with a duration: how many, their sums (past 32 bits in a month of an inbox), and their histograms (three significant digits).
    .addColumn('timed', 'integer', (c) => c.notNull())
    .addColumn('total', 'double precision', (c) => c.notNull())
    .addColumn('total_business', 'double precision', (c) => c.notNull())
    .addColumn('histogram', bytes)
    .addColumn('histogram_business', bytes)
    // JSON `[[hours from start, n], …]`: when they happened, to the hour in a day, to the day (its noon) in a month: series in the viewer's zone.
    .addColumn('spread', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_rollups_pk', [
      'grain',
      'period',
      'start',
      'kind',
      'inbox_id',
      'channel_kind',
      'user_id',
      'team_id',
      'flow_id',
      'step_id',
      'detail',
    ])
    .execute();
}
