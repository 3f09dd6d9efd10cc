/** Each report's tables as CSV (UTF-8 with a byte order mark, so spreadsheets read it as such); durations in seconds. */
import type {
  AgentFigures,
  AgentsReport,
  BotsReport,
  DurationStats,
  ReportName,
  ResponseTimesReport,
  TimeStats,
  VolumeReport,
} from '../../common/report-api.js';
import { invalid } from '../domain/errors.js';

type Table = { head: string[]; rows: (string | number | null)[][] };

const stats = (name: string) =>
  ['count', 'median', 'p90', 'average'].map((s) => `${name}_${s}_seconds`.replace('_count_seconds', '_count'));
const statsCells = (s: DurationStats) => [s.count, s.median, s.p90, s.average];
const times = (name: string) => [...stats(`${name}`), ...stats(`${name}_business`).filter((h) => !h.endsWith('_count'))];
const timeCells = (t: TimeStats) => [...statsCells(t.calendar), ...statsCells(t.business).slice(1)];
const figuresHead = ['conversations', 'replies', 'closed', ...times('first_response'), ...times('resolution')];
const figureCells = (a: AgentFigures & { name: string }) => [
  a.name,
  a.conversations,
  a.replies,
  a.closed,
  ...timeCells(a.firstResponse),
  ...timeCells(a.resolution),
];
const responseHead = [...times('first_response'), ...times('reply')];

const tables: Record<ReportName, Record<string, (r: any) => Table>> = {
  agents: {
    agents: (r: AgentsReport) => ({ head: ['user_id', 'name', ...figuresHead], rows: r.agents.map((a) => [a.userId, ...figureCells(a)]) }),
    teams: (r: AgentsReport) => ({ head: ['team_id', 'name', ...figuresHead], rows: r.teams.map((a) => [a.teamId, ...figureCells(a)]) }),
  },
  'response-times': {
    channels: (r: ResponseTimesReport) => ({
      head: ['channel', ...responseHead],
      rows: r.byChannel.map((c) => [c.channel, ...timeCells(c.firstResponse), ...timeCells(c.reply)]),
    }),
    agents: (r: ResponseTimesReport) => ({
      head: ['user_id', 'name', ...responseHead],
      rows: r.byAgent.map((a) => [a.userId, a.name, ...timeCells(a.firstResponse), ...timeCells(a.reply)]),
    }),
    days: (r: ResponseTimesReport) => ({
      head: ['start', 'first_responses', 'first_response_median_seconds', 'replies', 'reply_median_seconds'],
      rows: r.series.map((d) => [d.start, d.firstResponses, d.firstResponseMedian, d.replies, d.replyMedian]),
    }),
  },
  volume: {
    series: (r: VolumeReport) => ({
      head: ['start', 'created', 'closed', 'reopened', 'backlog'],
      rows: r.series.map((s) => [s.start, s.created, s.closed, s.reopened, s.backlog]),
    }),
    channels: (r: VolumeReport) => ({
      head: ['channel', 'created', 'closed'],
      rows: r.byChannel.map((c) => [c.channel, c.created, c.closed]),
    }),
    inboxes: (r: VolumeReport) => ({
      head: ['inbox_id', 'name', 'created', 'closed'],
      rows: r.byInbox.map((i) => [i.inboxId, i.name, i.created, i.closed]),
    }),
  },
  bots: {
    flows: (r: BotsReport) => ({
      head: ['flow_id', 'name', 'started', 'completed', 'handed_over', 'taken_over', 'email_captured'],
      rows: r.flows.map((f) => [f.flowId, f.name, f.started, f.completed, f.handedOver, f.takenOver, f.emailCaptured]),
    }),
    steps: (r: BotsReport) => ({
      head: ['flow_id', 'name', 'step_id', 'reached'],
      rows: r.flows.flatMap((f) => f.steps.map((s) => [f.flowId, f.name, s.stepId, s.reached])),
    }),
  },
};

/** The table names of a report, its first the default. */
export const tableNames = (name: ReportName) => Object.keys(tables[name]);

const cell = (v: string | number | null) => {
  if (v === null) return '';
  const s = String(v);
  // Quoted when it holds a separator, a quote or a line break; a leading =, +, - or @ is kept from spreadsheets' formulas.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function reportCsv(name: ReportName, report: unknown, table: string | undefined): string {
  const make = tables[name][table ?? tableNames(name)[0]!];
  if (!make) throw invalid('table', `must be one of ${tableNames(name).join(', ')}`, 'invalid');
  const t = make(report);
  return '\uFEFF' + [t.head, ...t.rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
