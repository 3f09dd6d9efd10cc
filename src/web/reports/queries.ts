/**
 * The reports on TanStack Query, keyed by the report and its filters: the previous answer stays on
 * screen while a changed filter is fetched. A report is a summary of the past, not kept live by the
 * stream: it is fetched again when looked at after a minute.
 */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Page } from '../../common/api.js';
import type { AgentsReport, BotsReport, ReportFactOut, ReportName, ResponseTimesReport, VolumeReport } from '../../common/report-api.js';
import { api } from '../api/http.js';
import type { ReportApiQuery } from './filters.js';

export interface Reports {
  agents: AgentsReport;
  'response-times': ResponseTimesReport;
  volume: VolumeReport;
  bots: BotsReport;
}

export type FactKind = ReportFactOut['kind'];
/** What a drill-down asks for: the report's filters, the kind of fact and the row's own filter. */
export type FactsQuery = ReportApiQuery & { kind: FactKind; flowId?: string; stepId?: string };

export const reportKeys = {
  all: ['reports'] as const,
  report: (name: ReportName, q: ReportApiQuery) => ['reports', name, q] as const,
  facts: (q: FactsQuery) => ['reports', 'facts', q] as const,
};

/** Refusals of a filter (400) and of access (403, 404) are shown in place, not as toasts. */
const quiet = { quiet: [400, 403, 404] };
const FACTS_PAGE = 25;

export function useReport<N extends ReportName>(name: N, query: ReportApiQuery) {
  return useQuery({
    queryKey: reportKeys.report(name, query),
    queryFn: () => api.get<Reports[N]>(`/reports/${name}`, query, quiet),
    // A changed filter keeps the same report's figures on screen until the new ones come; another report never stands in.
    placeholderData: (previous, query) => (query?.queryKey[1] === name ? keepPreviousData(previous) : undefined),
    staleTime: 60_000,
  });
}

export function useReportFacts(query: FactsQuery) {
  return useInfiniteQuery({
    queryKey: reportKeys.facts(query),
    queryFn: ({ pageParam }) => api.get<Page<ReportFactOut>>('/reports/facts', { ...query, limit: FACTS_PAGE, cursor: pageParam }, quiet),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 60_000,
  });
}
