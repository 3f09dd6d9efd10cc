/**
 * Reports (F-REPORT): `/reports/<name>` with four tabs (agents and teams, response times, volume,
 * bots), the filters in the address's query, the days in the viewer's time zone. Loaded on demand
 * (shell/Shell.tsx), with uPlot for its charts.
 */
import { useMemo, useState } from 'react';
import type { ReportName } from '../../common/report-api.js';
import { useReportT, type ReportKey } from './texts.js';
import { linkHandler, navigate, reportTabs, type Route } from '../state/route.js';
import { AgentsTab, agentsEmpty } from './AgentsTab.js';
import { BotsTab, botsEmpty } from './BotsTab.js';
import { DrillDialog, type Drill } from './DrillDialog.js';
import { FilterBar } from './FilterBar.js';
import { apiQuery, dayIn, formatFilters, parseFilters, resolveRange, viewerTimeZone, type ReportFilters } from './filters.js';
import { ReportView, type DrillPatch } from './ReportView.js';
import { ResponseTimesTab, responseTimesEmpty } from './ResponseTimesTab.js';
import { VolumeTab, volumeEmpty } from './VolumeTab.js';
import './reports.css';

const tabLabel: Record<ReportName, ReportKey> = {
  agents: 'reports.tab.agents',
  'response-times': 'reports.tab.responseTimes',
  volume: 'reports.tab.volume',
  bots: 'reports.tab.bots',
};

export function ReportsPage({ route }: { route: Extract<Route, { page: 'reports' }> }) {
  const { t } = useReportT();
  const [tz] = useState(viewerTimeZone);
  const [drill, setDrill] = useState<Drill | null>(null);
  const today = dayIn(new Date(), tz);
  const filters = useMemo(() => parseFilters(route.search), [route.search]);
  const range = resolveRange(filters, today);
  const query = useMemo(() => apiQuery(route.report, filters, tz, today), [route.report, filters, tz, today]);
  const defaults = formatFilters(parseFilters('')) === formatFilters(filters);

  const change = (patch: Partial<ReportFilters>) => navigate({ ...route, search: formatFilters({ ...filters, ...patch }) });
  const openDrill = (title: string, patch: DrillPatch) => {
    // The facts take the report's filters but no interval; the row's own filter goes on top.
    setDrill({ title, query: { ...query, interval: undefined, ...patch } });
  };
  const view = {
    query,
    filters,
    drill: openDrill,
  };

  return (
    <section className="reports" aria-labelledby="reports-title">
      <header className="reports-head">
        <h1 id="reports-title">{t('reports.title')}</h1>
        <p className="muted reports-zone">{t('reports.zone', { tz })}</p>
      </header>
      <nav className="report-tabs" aria-label={t('reports.tabs')}>
        {reportTabs.map((name) => {
          const href = `/reports/${name}${route.search ? `?${route.search}` : ''}`;
          return (
            <a key={name} href={href} onClick={linkHandler(href)} aria-current={name === route.report ? 'page' : undefined}>
              {t(tabLabel[name])}
            </a>
          );
        })}
      </nav>
      <FilterBar
        report={route.report}
        filters={filters}
        range={range}
        today={today}
        onChange={change}
        onReset={defaults ? undefined : () => navigate({ ...route, search: '' })}
      />
      {route.report === 'agents' ? (
        <ReportView key="agents" name="agents" Tab={AgentsTab} isEmpty={agentsEmpty} emptyText={t('reports.empty.text')} {...view} />
      ) : route.report === 'response-times' ? (
        <ReportView
          key="response-times"
          name="response-times"
          Tab={ResponseTimesTab}
          isEmpty={responseTimesEmpty}
          emptyText={t('reports.empty.responses')}
          {...view}
        />
      ) : route.report === 'volume' ? (
        <ReportView key="volume" name="volume" Tab={VolumeTab} isEmpty={volumeEmpty} emptyText={t('reports.empty.text')} {...view} />
      ) : (
        <ReportView key="bots" name="bots" Tab={BotsTab} isEmpty={botsEmpty} emptyText={t('reports.empty.bots')} {...view} />
      )}
      {drill && <DrillDialog drill={drill} basis={filters.time} onClose={() => setDrill(null)} />}
    </section>
  );
}
