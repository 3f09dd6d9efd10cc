/** Report tables (migrations 034 and 035). */

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

/** Facts summed per UTC day or month, at a grain: per every key it keeps ('' for none, or not kept). */
export interface ReportRollupsTable {
  grain: RollupGrain;
  period: 'day' | 'month';
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
  histogram_business: Uint8Array | null;
  spread: string;
}

export interface ReportRollupPeriodsTable {
  period: 'day' | 'month';
  start: string;
  rolled_at: string;
}

export interface ReportTables {
  report_facts: ReportFactsTable;
  report_rollups: ReportRollupsTable;
  report_rollup_periods: ReportRollupPeriodsTable;
}
