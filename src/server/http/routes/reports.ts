import type { ZodType } from 'zod';
import { ReportFactsQuery, ReportQuery, reportNames, type ReportName } from '../../../common/report-api.js';
import {
  AgentsReportOut,
  BotsReportOut,
  ReportFactPageOut,
  ResponseTimesReportOut,
  VolumeReportOut,
} from '../../../common/api-outputs/index.js';
import type { Ctx } from '../../domain/context.js';
import { reportCsv, tableNames } from '../../reports/csv.js';
import { reportFacts, runReport } from '../../reports/reports.js';
import { route } from '../route.js';

const answers: Record<ReportName, ZodType> = {
  agents: AgentsReportOut,
  'response-times': ResponseTimesReportOut,
  volume: VolumeReportOut,
  bots: BotsReportOut,
};
const summaries: Record<ReportName, string> = {
  agents: 'Agents and teams: conversations handled, replies, closed, first response and resolution times (median, p90, average)',
  'response-times': 'First response and reply times over a date range, per channel, per agent and per day',
  volume: 'New, closed and reopened conversations and the open backlog per hour, day or week, by channel and inbox',
  bots: 'Chatflows: conversations started, completed, handed over, taken over, emails captured, and how many reached each step',
};

/** `/api/v1/reports/<name>` (JSON, or `format=csv&table=`) and `/api/v1/reports/facts`, the conversations behind a figure. */
export function reportRoutes(ctx: Ctx) {
  const common = { tag: 'reports', auth: 'user' } as const;
  return [
    ...reportNames.map((name) =>
      route({
        ...common,
        method: 'GET',
        url: `/api/v1/reports/${name}`,
        operationId: `${name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}Report`,
        response: answers[name],
        produces: 'text/csv',
        summary: `${summaries[name]}. \`format=csv\` answers one table as CSV (${tableNames(name).join(', ')}; \`table=\`, the first by default).`,
        query: ReportQuery,
        handler: async ({ actor, query, reply }) => {
          const report = await runReport(ctx, actor, name, query);
          if (query.format !== 'csv') return report;
          const csv = reportCsv(name, report, query.table);
          const file = `${name}-${query.table ?? tableNames(name)[0]}-${report.range.from}-${report.range.to}.csv`;
          return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}"`).send(csv);
        },
      }),
    ),
    route({
      ...common,
      method: 'GET',
      url: '/api/v1/reports/facts',
      operationId: 'listReportFacts',
      response: ReportFactPageOut,
      summary: 'The facts behind a figure (a drill-down), newest first, each with its conversation',
      query: ReportFactsQuery,
      handler: ({ actor, query }) => reportFacts(ctx, actor, query),
    }),
  ];
}
