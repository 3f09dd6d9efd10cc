/**
 * The reports' charts as uPlot options: axes written with `Intl` in the reader's language (uPlot's own
 * date words are English), durations as "1 h 12 min", counts as whole numbers, from zero up.
 * Times are seconds since 1970, as uPlot takes them; days fall in the browser's zone, the one sent as `tz`.
 */
import uPlot from 'uplot';
import type { Locale } from '../i18n/index.js';
import type { ReportT } from './texts.js';
import type { ChartOptions } from './Chart.js';
import { formatDuration, formatNumber } from './durations.js';
import type { Interval } from './filters.js';

export const colors = {
  first: '#2456d6',
  reply: '#b4540a',
  created: '#2456d6',
  closed: '#1f8a4c',
  backlog: '#b4540a',
  reached: '#2456d6',
};
const axisStroke = '#5b6475';
const grid = { stroke: '#e6e9ef', width: 1 };
const ticks = { stroke: '#dde2ea', width: 1, size: 4 };
const font = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

const DAY = 86_400;
const durationIncrs = [
  1,
  5,
  10,
  15,
  30,
  60,
  120,
  300,
  600,
  900,
  1800,
  3600,
  7200,
  10800,
  21600,
  43200,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
];
const countIncrs = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 1_000_000];

/** An interval's length in seconds (a day or week across a change of clock is an hour off: close enough for room). */
const intervalSeconds: Record<Interval, number> = { hour: 3600, day: DAY, week: 7 * DAY };
/** Half an interval of room at both ends, so the first and last bars and points are drawn whole. */
const padded =
  (interval: Interval): uPlot.Scale.Range =>
  (_u, min, max) => [min - intervalSeconds[interval] / 2, max + intervalSeconds[interval] / 2];

/** Counts and durations start at zero, with a little room above the highest. */
const fromZero: uPlot.Scale.Range = (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1];

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: Locale, style: 'hour' | 'day' | 'month' | 'dayLong' | 'hourLong'): Intl.DateTimeFormat {
  const key = `${locale} ${style}`;
  let f = timeFormats.get(key);
  if (!f) {
    const opts: Record<typeof style, Intl.DateTimeFormatOptions> = {
      hour: { hour: '2-digit', minute: '2-digit' },
      day: { day: 'numeric', month: 'short' },
      month: { month: 'short', year: '2-digit' },
      dayLong: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
      hourLong: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
    };
    timeFormats.set(key, (f = new Intl.DateTimeFormat(locale, opts[style])));
  }
  return f;
}

/** An interval's start as the tables and the legend name it: "Mon 3 Mar 2025", or with the hour. */
export function formatPeriod(at: string | number, interval: Interval, locale: Locale): string {
  const d = typeof at === 'number' ? new Date(at * 1000) : new Date(at);
  return dateFormat(locale, interval === 'hour' ? 'hourLong' : 'dayLong').format(d);
}

function timeAxis(locale: Locale): uPlot.Axis {
  return {
    stroke: axisStroke,
    font,
    grid,
    ticks,
    space: 56,
    values: (_u, splits, _i, _space, incr) =>
      splits.map((s) => {
        const d = new Date(s * 1000);
        if (incr >= 28 * DAY) return dateFormat(locale, 'month').format(d);
        if (incr >= DAY || (d.getHours() === 0 && d.getMinutes() === 0)) return dateFormat(locale, 'day').format(d);
        return dateFormat(locale, 'hour').format(d);
      }),
  };
}

function countAxis(locale: Locale): uPlot.Axis {
  return {
    stroke: axisStroke,
    font,
    grid,
    ticks,
    size: 48,
    incrs: countIncrs,
    values: (_u, splits) => splits.map((v) => formatNumber(v, locale)),
  };
}

function durationAxis(t: ReportT, locale: Locale): uPlot.Axis {
  return {
    stroke: axisStroke,
    font,
    grid,
    ticks,
    size: 84,
    incrs: durationIncrs,
    values: (_u, splits) => splits.map((v) => formatDuration(v, t, locale)),
  };
}

const xSeries = (label: string, interval: Interval, locale: Locale): uPlot.Series => ({
  label,
  value: (_u, v) => (v === null || v === undefined ? '—' : formatPeriod(v, interval, locale)),
});

const line = (label: string, stroke: string, value: uPlot.Series.Value): uPlot.Series => ({
  label,
  stroke,
  width: 2,
  value,
  points: { size: 5, fill: stroke },
});

/** The median first response and reply per day (calendar time): two lines, gaps where a day had none. */
export function responseTimesChart(t: ReportT, locale: Locale): ChartOptions {
  const duration: uPlot.Series.Value = (_u, v) => formatDuration(v, t, locale);
  return {
    scales: { x: { time: true, range: padded('day') }, y: { range: fromZero } },
    axes: [timeAxis(locale), durationAxis(t, locale)],
    series: [
      xSeries(t('reports.col.day'), 'day', locale),
      line(t('reports.chart.firstResponseMedian'), colors.first, duration),
      line(t('reports.chart.replyMedian'), colors.reply, duration),
    ],
    cursor: { drag: { x: false, y: false } },
  };
}

/** New and closed side by side as bars in each interval, and the open backlog at its end as a line. */
export function volumeChart(t: ReportT, locale: Locale, interval: Interval): ChartOptions {
  const bars = [uPlot.paths.bars?.({ size: [0.42, 28, 1], align: -1 }), uPlot.paths.bars?.({ size: [0.42, 28, 1], align: 1 })];
  const count: uPlot.Series.Value = (_u, v) => (v === null || v === undefined ? '—' : formatNumber(v, locale));
  const bar = (label: string, color: string, paths: uPlot.Series.PathBuilder | undefined): uPlot.Series => ({
    label,
    stroke: color,
    fill: `${color}cc`,
    width: 1,
    paths,
    points: { show: false },
    value: count,
  });
  return {
    scales: { x: { time: true, range: padded(interval) }, y: { range: fromZero } },
    axes: [timeAxis(locale), countAxis(locale)],
    series: [
      xSeries(t('reports.col.period'), interval, locale),
      bar(t('reports.volume.created'), colors.created, bars[0]),
      bar(t('reports.volume.closed'), colors.closed, bars[1]),
      { ...line(t('reports.volume.backlog'), colors.backlog, count), points: { show: false } },
    ],
    cursor: { drag: { x: false, y: false } },
  };
}

/** A flow's funnel: how many reached each step, as bars numbered like the table's rows. */
export function funnelChart(t: ReportT, locale: Locale, steps: number): ChartOptions {
  const bars = uPlot.paths.bars?.({ size: [0.6, 64, 4] });
  const count: uPlot.Series.Value = (_u, v) => (v === null || v === undefined ? '—' : formatNumber(v, locale));
  return {
    scales: { x: { time: false, range: () => [-0.5, Math.max(0, steps - 1) + 0.5] }, y: { range: fromZero } },
    axes: [
      {
        stroke: axisStroke,
        font,
        grid: { show: false },
        ticks,
        label: t('reports.bots.stepAxis'),
        labelFont: font,
        labelSize: 20,
        splits: () => Array.from({ length: steps }, (_, i) => i),
        values: (_u, splits) => splits.map((i) => formatNumber(i + 1, locale)),
      },
      countAxis(locale),
    ],
    series: [
      {
        label: t('reports.col.step'),
        value: (_u, v) => (v === null || v === undefined ? '—' : t('reports.bots.stepN', { n: v + 1 })),
      },
      {
        label: t('reports.bots.reached'),
        stroke: colors.reached,
        fill: `${colors.reached}cc`,
        width: 1,
        paths: bars,
        points: { show: false },
        value: count,
      },
    ],
    cursor: { drag: { x: false, y: false } },
  };
}
