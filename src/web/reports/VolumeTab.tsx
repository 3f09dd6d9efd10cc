/** Volume (F-REPORT.3): new, closed and reopened conversations per interval with the open backlog, by channel and inbox. */
import { useMemo } from 'react';
import type { VolumeReport } from '../../common/report-api.js';
import { useReportT, type ReportKey } from './texts.js';
import { channelLabel } from '../inbox/Filters.js';
import { Chart } from './Chart.js';
import { formatPeriod, volumeChart } from './chart-options.js';
import { formatNumber } from './durations.js';
import { addDays, dayIn } from './filters.js';
import type { DrillPatch, ReportTabProps } from './ReportView.js';
import { CountCell, ReportTable } from './ReportTable.js';

export const volumeEmpty = (r: VolumeReport) => !r.series.some((s) => s.created || s.closed || s.reopened || s.backlog);

const intervalTitle: Record<VolumeReport['interval'], ReportKey> = {
  hour: 'reports.volume.perHour',
  day: 'reports.volume.perDay',
  week: 'reports.volume.perWeek',
};

export function VolumeTab({ data, query, csv, drill }: ReportTabProps<'volume'>) {
  const { t, locale } = useReportT();
  const interval = data.interval;
  const options = useMemo(() => volumeChart(t, locale, interval), [t, locale, interval]);
  const chartData = useMemo(
    () =>
      [
        data.series.map((s) => Date.parse(s.start) / 1000),
        data.series.map((s) => s.created),
        data.series.map((s) => s.closed),
        data.series.map((s) => s.backlog),
      ] as [number[], number[], number[], number[]],
    [data.series],
  );
  const tz = query.tz ?? 'UTC';
  /** The days an interval covers: up to the next one's start, the last up to the range's end (an hour has no days of its own: no drill-down). */
  const daysOf = (i: number): Pick<DrillPatch, 'from' | 'to'> | null => {
    if (interval === 'hour') return null;
    const next = data.series[i + 1];
    return { from: dayIn(data.series[i]!.start, tz), to: next ? addDays(dayIn(next.start, tz), -1) : data.range.to };
  };
  const count = (n: number, title: string, patch: DrillPatch | null) => (
    <CountCell n={n} title={title} onOpen={patch ? () => drill(title, patch) : undefined} />
  );
  const created = t('reports.volume.created');
  const closed = t('reports.volume.closed');

  return (
    <>
      <section className="report-section" aria-labelledby="volume-chart-title">
        <header className="report-section-head">
          <h2 id="volume-chart-title">{t('reports.volume.chartTitle')}</h2>
        </header>
        <Chart label={t('reports.volume.chartLabel', { n: data.series.length })} options={options} data={chartData} />
      </section>

      <ReportTable
        title={t(intervalTitle[interval])}
        csv={csv('series', t(intervalTitle[interval]))}
        groups={[
          { columns: [{ label: t('reports.col.period') }] },
          { columns: [{ label: created, numeric: true }] },
          { columns: [{ label: closed, numeric: true }] },
          { columns: [{ label: t('reports.volume.reopened'), numeric: true }] },
          { columns: [{ label: t('reports.volume.backlog'), help: t('reports.def.backlog'), numeric: true }] },
        ]}
      >
        {data.series.map((s, i) => {
          const name = formatPeriod(s.start, interval, locale);
          const days = daysOf(i);
          return (
            <tr key={s.start}>
              <th scope="row" className="nowrap">
                {name}
              </th>
              {count(s.created, `${created} · ${name}`, days && { kind: 'created', ...days })}
              {count(s.closed, `${closed} · ${name}`, days && { kind: 'closed', ...days })}
              {count(s.reopened, `${t('reports.volume.reopened')} · ${name}`, days && { kind: 'reopened', ...days })}
              <td className="num">{formatNumber(s.backlog, locale)}</td>
            </tr>
          );
        })}
      </ReportTable>

      <ReportTable
        title={t('reports.perChannel')}
        csv={csv('channels', t('reports.perChannel'))}
        groups={[
          { columns: [{ label: t('reports.col.channel') }] },
          { columns: [{ label: created, numeric: true }] },
          { columns: [{ label: closed, numeric: true }] },
        ]}
      >
        {data.byChannel.map((c) => {
          const name = t(channelLabel[c.channel]);
          return (
            <tr key={c.channel} data-channel={c.channel}>
              <th scope="row">{name}</th>
              {count(c.created, `${created} · ${name}`, { kind: 'created', channel: c.channel })}
              {count(c.closed, `${closed} · ${name}`, { kind: 'closed', channel: c.channel })}
            </tr>
          );
        })}
      </ReportTable>

      <ReportTable
        title={t('reports.perInbox')}
        csv={csv('inboxes', t('reports.perInbox'))}
        groups={[
          { columns: [{ label: t('reports.col.inbox') }] },
          { columns: [{ label: created, numeric: true }] },
          { columns: [{ label: closed, numeric: true }] },
        ]}
      >
        {data.byInbox.map((i) => (
          <tr key={i.inboxId}>
            <th scope="row">{i.name}</th>
            {count(i.created, `${created} · ${i.name}`, { kind: 'created', inboxId: i.inboxId })}
            {count(i.closed, `${closed} · ${i.name}`, { kind: 'closed', inboxId: i.inboxId })}
          </tr>
        ))}
      </ReportTable>
    </>
  );
}
