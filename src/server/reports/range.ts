/**
 * A report's days in the viewer's time zone, as instants: `from` and `to` (both included) become
 * [start, end); intervals (hour, day, week from Monday) are cut at the zone's own midnights, so a
 * day across a DST change is 23 or 25 hours long.
 */
import type { ReportQuery, ReportRange } from '../../common/report-api.js';
import { REPORT_MAX_DAYS } from '../../common/report-api.js';
import { zoneOffset } from '../../common/time-zone.js';
import { invalid } from '../domain/errors.js';

/** The instant the zone's clock shows this wall time (the first such, or just after a gap). */
export function zonedTime(tz: string, y: number, m: number, d: number, h = 0): number {
  const wall = Date.UTC(y, m - 1, d, h);
  let ms = wall - zoneOffset(tz, wall);
  ms = wall - zoneOffset(tz, ms);
  return ms;
}

/** The zone's date of an instant, as YYYY-MM-DD. */
export function zonedDate(tz: string, ms: number): string {
  return new Date(ms + zoneOffset(tz, ms)).toISOString().slice(0, 10);
}

const ymd = (s: string) => s.split('-').map(Number) as [number, number, number];
const addDays = (s: string, n: number) => {
  const [y, m, d] = ymd(s);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};
const dayStart = (tz: string, s: string) => zonedTime(tz, ...ymd(s));

/** The range a query asks for (the default: the last 30 days up to today), checked. */
export function rangeOf(q: Pick<ReportQuery, 'from' | 'to' | 'tz'>, now = Date.now()): ReportRange {
  const tz = q.tz ?? 'UTC';
  const to = q.to ?? zonedDate(tz, now);
  const from = q.from ?? addDays(to, -29);
  for (const [field, v] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || addDays(v, 0) !== v) throw invalid(field, 'is not a date', 'invalid');
  if (from > to) throw invalid('from', 'must not be after to', 'invalid');
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  if (days > REPORT_MAX_DAYS) throw invalid('from', `a report covers at most ${REPORT_MAX_DAYS} days`, 'invalid');
  return {
    from,
    to,
    tz,
    start: new Date(dayStart(tz, from)).toISOString(),
    end: new Date(dayStart(tz, addDays(to, 1))).toISOString(),
  };
}

/** The starts of the range's intervals (instants, ms), and the end after the last; the first is cut to the range's start. */
export function intervalsOf(r: ReportRange, interval: 'hour' | 'day' | 'week' | 'month'): number[] {
  const out: number[] = [];
  const end = Date.parse(r.end);
  if (interval === 'hour') {
    for (let t = Date.parse(r.start); t < end; t += 3_600_000) out.push(t);
  } else {
    let day = r.from;
    const [y, m, d] = ymd(day);
    // Weeks start on Monday, months on the 1st.
    if (interval === 'week') day = addDays(day, -((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7));
    if (interval === 'month') day = `${day.slice(0, 8)}01`;
    const next = (s: string) => {
      if (interval !== 'month') return addDays(s, interval === 'week' ? 7 : 1);
      const [yy, mm] = ymd(s);
      return new Date(Date.UTC(yy, mm, 1)).toISOString().slice(0, 10);
    };
    for (let t = dayStart(r.tz, day); t < end; day = next(day), t = dayStart(r.tz, day)) out.push(Math.max(t, Date.parse(r.start)));
  }
  out.push(end);
  return out;
}

/** Which interval an instant falls in (`bounds` from `intervalsOf`); -1 outside. */
export function bucketOf(bounds: number[], ms: number): number {
  let lo = 0;
  let hi = bounds.length - 1;
  if (ms < bounds[0]! || ms >= bounds[hi]!) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (bounds[mid]! <= ms) lo = mid;
    else hi = mid;
  }
  return lo;
}
