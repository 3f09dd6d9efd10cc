/** Report tables (migrations 034, 035 and 040). */

export type ReportFactKind =
  'created' | 'closed' | 'reopened' | 'first_response' | 'reply' | 'bot_started' | 'bot_step' | 'bot_ended' | 'bot_email';

/** One thing that happened, written in the transaction that made it happen; never changed. */
export interface ReportFactsTable {
  id: string;
  kind: ReportFactKind;
  at: string;
  conversation_id: string;
  inbox_id: string;
  channel_kind: string;
  /** The person it is theirs (who replied, who closed). */
  user_id: string | null;
  /** The conversation's team at the time. */
  team_id: string | null;
  /** Calendar seconds since the clock's start; null: no clock ran (a reply nobody waited for). */
  seconds: number | null;
  /** The same within the inbox's business hours. */
  business_seconds: number | null;
  flow_id: string | null;
  step_id: string | null;
  /** `bot_ended`: why (`BotEndReason`). */
  detail: string | null;
}

/** Which keys a rollup row keeps (`reports/rollups.ts`: `GRAINS`). */
export type RollupGrain = 'person' | 'team' | 'place' | 'all';

/** A UTC day, week (from Monday), month, quarter or year summed, or the running day (today, its facts up to `through`). */
export type RollupPeriod = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'running';

/** Facts summed per UTC day or month (or the running day), at a grain: per every key it keeps ('' for none, or not kept). */
export interface ReportRollupsTable {
  grain: RollupGrain;
  period: RollupPeriod;
  start: string;
  kind: ReportFactKind;
  inbox_id: string;
  channel_kind: string;
  user_id: string;
  team_id: string;
  flow_id: string;
  step_id: string;
  detail: string;
  n: number;
  timed: number;
  total: number;
  total_business: number;
  /** `reports/histogram.ts`. */
  histogram: Uint8Array | null;
  /** Null where it is the same as `histogram` (no business hours), or empty. */
  histogram_business: Uint8Array | null;
  spread: string;
}

export interface ReportRollupPeriodsTable {
  period: RollupPeriod;
  start: string;
  rolled_at: string;
  /** The running day: the instant its rows sum the facts up to; null for the others. */
  through: string | null;
}

export interface ReportTables {
  report_facts: ReportFactsTable;
  report_rollups: ReportRollupsTable;
  report_rollup_periods: ReportRollupPeriodsTable;
}
