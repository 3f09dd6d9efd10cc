/**
 * The report filters: read from and written to the address's query (so a report can be shared and
 * reloaded), the date presets worked out in the viewer's time zone, and the API query they make.
 * A preset stays a preset in the address ("last 7 days" means the last 7 days whenever it is opened);
 * only a custom range carries its dates.
 */
import type { ChannelKind } from '../../common/api.js';
import type { ReportName } from '../../common/report-api.js';
import { channelList } from '../state/route.js';

export const rangePresets = ['today', 'last7', 'last30', 'thisMonth', 'lastMonth', 'last12Months', 'custom'] as const;
export type RangePreset = (typeof rangePresets)[number];
export type TimeBasis = 'calendar' | 'business';
export const intervals = ['hour', 'day', 'week'] as const;
export type Interval = (typeof intervals)[number];

export interface ReportFilters {
  range: RangePreset;
  /** Only with `range: 'custom'`: the first and last day (YYYY-MM-DD, both included). */
  from?: string;
  to?: string;
  inboxId?: string;
  channel?: ChannelKind;
  teamId?: string;
  userId?: string;
  /** Which durations the tables and charts show. */
  time: TimeBasis;
  /** The volume report's buckets, when chosen; else picked from the range's length (`intervalFor`). */
  interval?: Interval;
}

export const DEFAULT_RANGE: RangePreset = 'last30';
/** The longest range the hourly volume is offered for, in days. */
export const HOURLY_MAX_DAYS = 31;

const isDay = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
const ids = ['inboxId', 'teamId', 'userId'] as const;

export function parseFilters(search: string): ReportFilters {
  const p = new URLSearchParams(search);
  const range = p.get('range');
  const from = p.get('from');
  const to = p.get('to');
  const f: ReportFilters = { range: DEFAULT_RANGE, time: p.get('time') === 'business' ? 'business' : 'calendar' };
  if (isDay(from) && isDay(to)) Object.assign(f, { range: 'custom', from, to });
  else if ((rangePresets as readonly string[]).includes(range ?? '') && range !== 'custom') f.range = range as RangePreset;
  for (const k of ids) {
    const v = p.get(k);
    if (v) f[k] = v.slice(0, 64);
  }
  const channel = p.get('channel');
  if (channelList.includes(channel as ChannelKind)) f.channel = channel as ChannelKind;
  const interval = p.get('interval');
  if ((intervals as readonly string[]).includes(interval ?? '')) f.interval = interval as Interval;
  return f;
}

/** The address's query for `f` (without `?`): only what differs from the defaults. */
export function formatFilters(f: ReportFilters): string {
  const p = new URLSearchParams();
  if (f.range === 'custom' && f.from && f.to) {
    p.set('from', f.from);
    p.set('to', f.to);
  } else if (f.range !== DEFAULT_RANGE && f.range !== 'custom') p.set('range', f.range);
  for (const k of ids) if (f[k]) p.set(k, f[k]);
  if (f.channel) p.set('channel', f.channel);
  if (f.time === 'business') p.set('time', 'business');
  if (f.interval) p.set('interval', f.interval);
  return p.toString();
}

/** The viewer's IANA time zone, sent as `tz`: days and hours are the viewer's. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
/** The calendar day (YYYY-MM-DD) an instant falls on in `tz`. */
export function dayIn(instant: Date | string, tz: string): string {
  let f = dayFormatters.get(tz);
  if (!f)
    dayFormatters.set(tz, (f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const parts = Object.fromEntries(f.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

const toUtc = (day: string) => new Date(`${day}T00:00:00Z`);
const fromUtc = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  const d = toUtc(day);
  d.setUTCDate(d.getUTCDate() + n);
  return fromUtc(d);
}

/** The same day `n` months on (clipped to the month's last day: 31 March − 1 month is 28 or 29 February). */
export function addMonths(day: string, n: number): string {
  const d = toUtc(day);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return fromUtc(target);
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000) + 1;
}

/** The first and last day a filter covers, given today's date in the viewer's zone. */
export function resolveRange(f: Pick<ReportFilters, 'range' | 'from' | 'to'>, today: string): { from: string; to: string } {
  switch (f.range) {
    case 'today':
      return { from: today, to: today };
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'thisMonth':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'lastMonth': {
      const first = addMonths(`${today.slice(0, 8)}01`, -1);
      return { from: first, to: addDays(`${today.slice(0, 8)}01`, -1) };
    }
    case 'last12Months':
      return { from: addDays(addMonths(today, -12), 1), to: today };
    case 'custom':
      if (f.from && f.to) return f.from <= f.to ? { from: f.from, to: f.to } : { from: f.to, to: f.from };
      return { from: addDays(today, -29), to: today };
    case 'last30':
    default:
      return { from: addDays(today, -29), to: today };
  }
}

/** The volume's buckets: the one chosen, else hours for a day or two, weeks past three months, days between. */
export function intervalFor(f: Pick<ReportFilters, 'interval'>, range: { from: string; to: string }): Interval {
  const days = daysBetween(range.from, range.to);
  if (f.interval && !(f.interval === 'hour' && days > HOURLY_MAX_DAYS)) return f.interval;
  return days <= 2 ? 'hour' : days <= 92 ? 'day' : 'week';
}

/** What every report request carries: the days, the zone and the filters. */
export type ReportApiQuery = Record<string, string | undefined>;

export function apiQuery(report: ReportName, f: ReportFilters, tz: string, today: string): ReportApiQuery {
  const range = resolveRange(f, today);
  return {
    from: range.from,
    to: range.to,
    tz,
    inboxId: f.inboxId,
    channel: f.channel,
    teamId: f.teamId,
    userId: f.userId,
    interval: report === 'volume' ? intervalFor(f, range) : undefined,
  };
}

/** The address of a CSV download of one table of a report, with the same filters. */
export function csvHref(report: ReportName, table: string, query: ReportApiQuery): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) p.set(k, v);
  p.set('format', 'csv');
  p.set('table', table);
  return `/api/v1/reports/${report}?${p}`;
}
