import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Reports (F-REPORT): facts written in the transaction of what caused them (a first response, a
 * reply, a close, a reopen, a hand-over, a bot's step), each with its durations in calendar and in
 * business time; the clocks a conversation runs so its facts are known when they happen; an
 * inbox's business hours.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('report_facts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('inbox_id', 'text', (c) => c.notNull())
    .addColumn('channel_kind', 'text', (c) => c.notNull())
    // The person the fact is theirs (who replied, who closed); null: the customer, a bot, the system.
    .addColumn('user_id', 'text')
    .addColumn('team_id', 'text')
    // From the clock's start (first message, hand-over, reopen, the customer's message) to the fact; null when no clock ran.
    .addColumn('seconds', 'integer')
    .addColumn('business_seconds', 'integer')
    .addColumn('flow_id', 'text')
    .addColumn('step_id', 'text')
    // A bot's end: why (`BotEndReason`).
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('report_facts_kind_at').on('report_facts').columns(['kind', 'at']).execute();
  await db.schema.createIndex('report_facts_inbox').on('report_facts').columns(['inbox_id', 'kind', 'at']).execute();
  await db.schema.createIndex('report_facts_user').on('report_facts').columns(['user_id', 'kind', 'at']).execute();
  await db.schema.createIndex('report_facts_conversation').on('report_facts').column('conversation_id').execute();
  // The facts summed per UTC day and per UTC month (by the worker, `reports/rollups.ts`): a report reads these and the facts of what is not rolled up yet.
  await db.schema
    .createTable('report_rollups')
    // `day` or `month`, and when it starts (an ISO instant, compared with a report's range).
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('start', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('inbox_id', 'text', (c) => c.notNull())
    .addColumn('channel_kind', 'text', (c) => c.notNull())
    // '' for none (a key column).
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    // Of the facts with a duration: how many, their sums, and JSON `{seconds: count}` (three significant digits).
    .addColumn('timed', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('total_business', 'integer', (c) => c.notNull())
    .addColumn('histogram', 'text')
    .addColumn('histogram_business', 'text')
    // JSON `[[hours from start, n], …]`: when they happened, to the hour in a day, to the day (its noon) in a month: series in the viewer's zone.
    .addColumn('spread', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_rollups_pk', [
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
  // The days and months rolled up (`period`, `start`); a fact written into one later (history, a rebuild) takes it off.
  await db.schema
    .createTable('report_rollup_periods')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('start', 'text', (c) => c.notNull())
    .addColumn('rolled_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_rollup_periods_pk', ['period', 'start'])
    .execute();
  // When the conversation was opened last (created or reopened): resolution time runs from here.
  await db.schema.alterTable('conversations').addColumn('opened_at', 'text').execute();
  // Since when the customer waits for a person's first answer (first message, hand-over, reopen); null: not waiting.
  await db.schema.alterTable('conversations').addColumn('waiting_first_since', 'text').execute();
  // Since when the customer's oldest unanswered message waits for a person's reply.
  await db.schema.alterTable('conversations').addColumn('waiting_reply_since', 'text').execute();
  // JSON `BusinessHours` (a weekly schedule, a time zone, holidays); null: always open.
  await db.schema.alterTable('inboxes').addColumn('business_hours', 'text').execute();
}
