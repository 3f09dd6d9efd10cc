/**
 * One report on screen: fetched for the filters, with its loading, error and empty states; while a
 * changed filter is fetched the previous figures stay, dimmed and marked busy.
 */
import type { ComponentType, ReactNode } from 'react';
import type { ReportName } from '../../common/report-api.js';
import { errorMessage } from '../api/http.js';
import { useReportT } from './texts.js';
import { EmptyState } from '../ui/EmptyState.js';
import { csvHref, type ReportApiQuery, type ReportFilters } from './filters.js';
import { useReport, type FactsQuery, type Reports } from './queries.js';

/** What a drill-down adds to the report's filters: the kind of fact, and the row's own filter. */
export type DrillPatch = Partial<Omit<FactsQuery, 'kind'>> & Pick<FactsQuery, 'kind'>;

export interface ReportTabProps<N extends ReportName> {
  data: Reports[N];
  filters: ReportFilters;
  query: ReportApiQuery;
  /** The "Download CSV" link of one of the report's tables. */
  csv(table: string, title: string, text?: string): ReactNode;
  /** Opens the conversations behind a figure. */
  drill(title: string, patch: DrillPatch): void;
}

export function ReportView<N extends ReportName>(props: {
  name: N;
  query: ReportApiQuery;
  filters: ReportFilters;
  isEmpty(data: Reports[N]): boolean;
  emptyText: string;
  Tab: ComponentType<ReportTabProps<N>>;
  drill(title: string, patch: DrillPatch): void;
}) {
  const { t } = useReportT();
  const report = useReport(props.name, props.query);
  const csv = (table: string, title: string, text?: string) => (
    <a
      className="btn small csv-link"
      href={csvHref(props.name, table, props.query)}
      download
      aria-label={text ? undefined : t('reports.csvOf', { table: title })}
    >
      {text ?? t('reports.csv')}
    </a>
  );

  if (report.isPending)
    return (
      <div className="report-loading" role="status" aria-busy="true">
        {t('reports.loading')}
      </div>
    );
  if (report.isError)
    return (
      <div className="report-error" role="alert">
        <h2>{t('reports.error')}</h2>
        <p className="muted">{errorMessage(report.error)}</p>
        <button type="button" className="btn" onClick={() => void report.refetch()}>
          {t('reports.retry')}
        </button>
      </div>
    );
  const busy = report.isFetching && report.isPlaceholderData;
  return (
    <div className={`report-body${busy ? ' busy' : ''}`} aria-busy={busy || undefined} data-report={props.name}>
      {props.isEmpty(report.data) ? (
        <EmptyState title={t('reports.empty.title')} text={props.emptyText} />
      ) : (
        <props.Tab data={report.data} filters={props.filters} query={props.query} csv={csv} drill={props.drill} />
      )}
    </div>
  );
}
