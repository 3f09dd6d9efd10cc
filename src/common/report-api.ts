/**
 * Reports (F-REPORT.1–5): the query every report takes and the answers' shapes. Durations are whole
 * seconds; every figure comes in calendar time and in the inbox's business hours.
 */
import { z } from 'zod';
import { channelKinds, type ChannelKind } from './api-fields.js';
import { timeZoneName } from './time-zone.js';

export const reportNames = ['agents', 'response-times', 'volume', 'bots'] as const;
export type ReportName = (typeof reportNames)[number];

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
/** The longest range a report covers, in days. */
export const REPORT_MAX_DAYS = 800;

/**
 * `?from=&to=` (days in `tz`, both included; the default: the last 30 days up to today), the
 * filters, `interval` (volume), `format=csv` with `table` (which table of the report; the default:
 * its first).
 */
export const ReportQuery = z.strictObject({
  from: day.optional(),
  to: day.optional(),
  tz: timeZoneName.optional(),
  inboxId: z.string().max(64).optional(),
  channel: z.enum(channelKinds).optional(),
  teamId: z.string().max(64).optional(),
  userId: z.string().max(64).optional(),
  interval: z.enum(['hour', 'day', 'week']).optional(),
  format: z.enum(['json', 'csv']).optional(),
  table: z.string().max(40).optional(),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

/** Durations of one kind: how many, their median, 90th percentile (nearest rank) and average. */
export interface DurationStats {
  count: number;
  median: number | null;
  p90: number | null;
  average: number | null;
}
export interface TimeStats {
  calendar: DurationStats;
  business: DurationStats;
}

export interface ReportRange {
  from: string;
  to: string;
  tz: string;
  /** The instants the days span: [start, end). */
  start: string;
  end: string;
}

export interface AgentFigures {
  /** Conversations the person replied to or closed. */
  conversations: number;
  replies: number;
  closed: number;
  firstResponse: TimeStats;
  resolution: TimeStats;
}
export interface AgentsReport {
  range: ReportRange;
  /** Most conversations first. */
  agents: Array<{ userId: string; name: string } & AgentFigures>;
  teams: Array<{ teamId: string; name: string } & AgentFigures>;
}

export interface ResponseFigures {
  firstResponse: TimeStats;
  reply: TimeStats;
}
export interface ResponseTimesReport {
  range: ReportRange;
  overall: ResponseFigures;
  byChannel: Array<{ channel: ChannelKind } & ResponseFigures>;
  byAgent: Array<{ userId: string; name: string } & ResponseFigures>;
  /** Per day: the median first response and reply (calendar), and how many. */
  series: Array<{ start: string; firstResponseMedian: number | null; replyMedian: number | null; firstResponses: number; replies: number }>;
}

export interface VolumeReport {
  range: ReportRange;
  interval: 'hour' | 'day' | 'week';
  /** New, closed, reopened in each interval; `backlog`: open at its end. */
  series: Array<{ start: string; created: number; closed: number; reopened: number; backlog: number }>;
  byChannel: Array<{ channel: ChannelKind; created: number; closed: number }>;
  byInbox: Array<{ inboxId: string; name: string; created: number; closed: number }>;
}

export interface BotsReport {
  range: ReportRange;
  flows: Array<{
    flowId: string;
    name: string;
    started: number;
    /** Ended by the flow itself (an end step, or no next step). */
    completed: number;
    /** Handed to people by the flow (a hand-over step, a time-out, the visitor asking, answers that did not fit, a failure). */
    handedOver: number;
    /** An agent took over. */
    takenOver: number;
    emailCaptured: number;
    /** How many conversations reached each step, in the flow's order: where visitors drop off. */
    steps: Array<{ stepId: string; reached: number }>;
  }>;
}

/** What a drill-down lists: the facts behind a figure. */
export const reportFactKinds = [
  'created',
  'closed',
  'reopened',
  'first_response',
  'reply',
  'bot_started',
  'bot_step',
  'bot_ended',
  'bot_email',
] as const;
export const ReportFactsQuery = ReportQuery.omit({ format: true, table: true, interval: true }).extend({
  kind: z.enum(reportFactKinds),
  flowId: z.string().max(64).optional(),
  stepId: z.string().max(40).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type ReportFactsQuery = z.infer<typeof ReportFactsQuery>;
export interface ReportFactOut {
  at: string;
  kind: (typeof reportFactKinds)[number];
  conversationId: string;
  subject: string | null;
  contactName: string | null;
  inboxId: string;
  channel: ChannelKind;
  userId: string | null;
  seconds: number | null;
  businessSeconds: number | null;
}
