/**
 * Response times (F-REPORT.2): first response and reply time over the range, the medians per day as a
 * chart, then per day, per channel and per agent.
 */
import { useMemo } from 'react';
import type { DurationStats, ResponseFigures, ResponseTimesReport } from '../../common/report-api.js';
import { useReportT } from './texts.js';
import { channelLabel } from '../inbox/Filters.js';
import { Chart } from './Chart.js';
import { formatPeriod, responseTimesChart } from './chart-options.js';
import { formatDuration, formatNumber, statsOf } from './durations.js';
import { HelpTip } from './HelpTip.js';
import type { DrillPatch, ReportTabProps } from './ReportView.js';
import { CountCell, ReportTable, StatsCells, useStatColumns, type ColumnGroup } from './ReportTable.js';
import { dayIn } from './filters.js';

export const responseTimesEmpty = (r: ResponseTimesReport) => !r.overall.firstResponse.calendar.count && !r.overall.reply.calendar.count;

export function ResponseTimesTab({ data, filters, query, csv, drill }: ReportTabProps<'response-times'>) {
  const { t, locale } = useReportT();
  const stats = useStatColumns();
  const basis = filters.time;
  const note = t(basis === 'business' ? 'reports.note.business' : 'reports.note.calendar');
  const options = useMemo(() => responseTimesChart(t, locale), [t, locale]);
  const chartData = useMemo(
    () =>
      [
        data.series.map((d) => Date.parse(d.start) / 1000),
        data.series.map((d) => d.firstResponseMedian),
        data.series.map((d) => d.replyMedian),
      ] as [number[], (number | null)[], (number | null)[]],
    [data.series],
  );
  const figureGroups = (first: string): ColumnGroup[] => [
    { columns: [{ label: first }] },
    {
      label: t('reports.firstResponse'),
      help: t('reports.def.firstResponse'),
      columns: [{ label: t('reports.stat.count'), numeric: true }, ...stats],
    },
    { label: t('reports.reply'), help: t('reports.def.reply'), columns: [{ label: t('reports.stat.count'), numeric: true }, ...stats] },
  ];
  const figureCells = (name: string, row: ResponseFigures, scope: Omit<DrillPatch, 'kind'>) => {
    const first = statsOf(row.firstResponse, basis);
    const reply = statsOf(row.reply, basis);
    const open = (kind: 'first_response' | 'reply', label: string) => () => drill(`${label} · ${name}`, { kind, ...scope });
    return (
      <>
        <StatsCells
          stats={first}
          count={
            <CountCell
              groupStart
              n={first.count}
              title={`${t('reports.firstResponse')} · ${name}`}
              onOpen={open('first_response', t('reports.firstResponse'))}
            />
          }
        />
        <StatsCells
          stats={reply}
          count={
            <CountCell groupStart n={reply.count} title={`${t('reports.reply')} · ${name}`} onOpen={open('reply', t('reports.reply'))} />
          }
        />
      </>
    );
  };

  return (
    <>
      <div className="report-summary">
        <Summary
          title={t('reports.firstResponse')}
          help={t('reports.def.firstResponse')}
          stats={statsOf(data.overall.firstResponse, basis)}
        />
        <Summary title={t('reports.reply')} help={t('reports.def.reply')} stats={statsOf(data.overall.reply, basis)} />
      </div>

      <section className="report-section" aria-labelledby="rt-chart-title">
        <header className="report-section-head">
          <h2 id="rt-chart-title">{t('reports.chart.responseTitle')}</h2>
        </header>
        <p className="report-note">{t('reports.chart.responseNote')}</p>
        <Chart label={t('reports.chart.responseLabel', { days: data.series.length })} options={options} data={chartData} />
      </section>

      <ReportTable
        title={t('reports.perDay')}
        note={t('reports.note.calendarOnly')}
        csv={csv('days', t('reports.perDay'))}
        groups={[
          { columns: [{ label: t('reports.col.day') }] },
          {
            label: t('reports.firstResponse'),
            help: t('reports.def.firstResponse'),
            columns: [
              { label: t('reports.stat.count'), numeric: true },
              { label: t('reports.stat.median'), help: t('reports.def.median'), numeric: true },
            ],
          },
          {
            label: t('reports.reply'),
            help: t('reports.def.reply'),
            columns: [
              { label: t('reports.stat.count'), numeric: true },
              { label: t('reports.stat.median'), help: t('reports.def.median'), numeric: true },
            ],
          },
        ]}
      >
        {data.series.map((d) => {
          const day = dayIn(d.start, query.tz ?? 'UTC');
          const name = formatPeriod(d.start, 'day', locale);
          return (
            <tr key={d.start}>
              <th scope="row" className="nowrap">
                {name}
              </th>
              <CountCell
                groupStart
                n={d.firstResponses}
                title={`${t('reports.firstResponse')} · ${name}`}
                onOpen={() => drill(`${t('reports.firstResponse')} · ${name}`, { kind: 'first_response', from: day, to: day })}
              />
              <td className="num">{formatDuration(d.firstResponseMedian, t, locale)}</td>
              <CountCell
                groupStart
                n={d.replies}
                title={`${t('reports.reply')} · ${name}`}
                onOpen={() => drill(`${t('reports.reply')} · ${name}`, { kind: 'reply', from: day, to: day })}
              />
              <td className="num">{formatDuration(d.replyMedian, t, locale)}</td>
            </tr>
          );
        })}
      </ReportTable>

      <ReportTable
        title={t('reports.perChannel')}
        note={note}
        csv={csv('channels', t('reports.perChannel'))}
        groups={figureGroups(t('reports.col.channel'))}
      >
        {data.byChannel.map((c) => (
          <tr key={c.channel}>
            <th scope="row">{t(channelLabel[c.channel])}</th>
            {figureCells(t(channelLabel[c.channel]), c, { channel: c.channel })}
          </tr>
        ))}
      </ReportTable>

      <ReportTable
        title={t('reports.perAgent')}
        note={note}
        csv={csv('agents', t('reports.perAgent'))}
        groups={figureGroups(t('reports.col.agent'))}
      >
        {data.byAgent.map((a) => (
          <tr key={a.userId}>
            <th scope="row">{a.name}</th>
            {figureCells(a.name, a, { userId: a.userId })}
          </tr>
        ))}
      </ReportTable>
    </>
  );
}

/** One figure over the whole range: its median large, p90 and average beside it. */
function Summary(props: { title: string; help: string; stats: DurationStats }) {
  const { t, locale } = useReportT();
  const s = props.stats;
  return (
    <section className="summary-card" aria-label={props.title}>
      <h2 className="summary-title">
        {props.title}
        <HelpTip term={props.title} text={props.help} />
      </h2>
      <p className="summary-main">
        <span className="summary-value">{formatDuration(s.median, t, locale)}</span>{' '}
        <span className="muted">{t('reports.stat.median')}</span>
      </p>
      <dl className="summary-more">
        <div>
          <dt>
            {t('reports.stat.p90')}
            <HelpTip term={t('reports.stat.p90')} text={t('reports.def.p90')} />
          </dt>
          <dd>{formatDuration(s.p90, t, locale)}</dd>
        </div>
        <div>
          <dt>{t('reports.stat.average')}</dt>
          <dd>{formatDuration(s.average, t, locale)}</dd>
        </div>
        <div>
          <dt>{t('reports.stat.count')}</dt>
          <dd>{formatNumber(s.count, locale)}</dd>
        </div>
      </dl>
    </section>
  );
}
