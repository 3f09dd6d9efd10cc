/** Answers of the reports (`report-api.ts`; the interfaces there are checked against these). */
import { z } from 'zod';
import { channelKinds } from '../api-fields.js';
import type * as R from '../report-api.js';
import { reportFactKinds } from '../report-api.js';
import { at, named, nullableString, obj, pageOf, same } from './shared.js';

const n = z.number();
const maybe = z.number().nullable();
const DurationStats = named('DurationStats', obj({ count: n, median: maybe, p90: maybe, average: maybe }));
const TimeStats = named('TimeStats', obj({ calendar: DurationStats, business: DurationStats }));
const ReportRange = named('ReportRange', obj({ from: z.string(), to: z.string(), tz: z.string(), start: at, end: at }));
const channel = z.enum(channelKinds);

const agentFigures = { conversations: n, replies: n, closed: n, firstResponse: TimeStats, resolution: TimeStats };
export const AgentsReportOut = named(
  'AgentsReport',
  obj({
    range: ReportRange,
    agents: z.array(obj({ userId: z.string(), name: z.string(), ...agentFigures })),
    teams: z.array(obj({ teamId: z.string(), name: z.string(), ...agentFigures })),
  }),
);
same<R.AgentsReport, z.output<typeof AgentsReportOut>>(true);

const responseFigures = { firstResponse: TimeStats, reply: TimeStats };
export const ResponseTimesReportOut = named(
  'ResponseTimesReport',
  obj({
    range: ReportRange,
    overall: obj(responseFigures),
    byChannel: z.array(obj({ channel, ...responseFigures })),
    byAgent: z.array(obj({ userId: z.string(), name: z.string(), ...responseFigures })),
    series: z.array(obj({ start: at, firstResponseMedian: maybe, replyMedian: maybe, firstResponses: n, replies: n })),
  }),
);
same<R.ResponseTimesReport, z.output<typeof ResponseTimesReportOut>>(true);

export const VolumeReportOut = named(
  'VolumeReport',
  obj({
    range: ReportRange,
    interval: z.enum(['hour', 'day', 'week']),
    series: z.array(obj({ start: at, created: n, closed: n, reopened: n, backlog: n })),
    byChannel: z.array(obj({ channel, created: n, closed: n })),
    byInbox: z.array(obj({ inboxId: z.string(), name: z.string(), created: n, closed: n })),
  }),
);
same<R.VolumeReport, z.output<typeof VolumeReportOut>>(true);

export const BotsReportOut = named(
  'BotsReport',
  obj({
    range: ReportRange,
    flows: z.array(
      obj({
        flowId: z.string(),
        name: z.string(),
        started: n,
        completed: n,
        handedOver: n,
        takenOver: n,
        emailCaptured: n,
        steps: z.array(obj({ stepId: z.string(), reached: n })),
      }),
    ),
  }),
);
same<R.BotsReport, z.output<typeof BotsReportOut>>(true);

export const ReportFactOut = named(
  'ReportFact',
  obj({
    at,
    kind: z.enum(reportFactKinds),
    conversationId: z.string(),
    subject: nullableString,
    contactName: nullableString,
    inboxId: z.string(),
    channel,
    userId: nullableString,
    seconds: maybe,
    businessSeconds: maybe,
  }),
);
same<R.ReportFactOut, z.output<typeof ReportFactOut>>(true);
export const ReportFactPageOut = pageOf(ReportFactOut);
