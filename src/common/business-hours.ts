/**
 * An inbox's business hours (F-REPORT): a weekly schedule in a time zone, with holidays; null is
 * always open. Reports count response and resolution times in business time with `businessSeconds`.
 *
 * What counts: a moment is inside business hours when its local wall-clock time, as `Intl` shows it
 * in the zone, falls in one of the intervals of its local weekday, and its local date is not a
 * holiday. So a 09:00–17:00 day is 8 h on the days the clocks change (the change is at night); an
 * interval of wall-clock times the clocks skip (02:00–03:00 in Amsterdam on 2026-03-29) counts 0 h,
 * and one the clocks repeat (02:00–03:00 on 2026-10-25) counts both times, 2 h; a whole day is 23 h
 * or 25 h then. Overlapping intervals of a day count once (their union).
 */
import { z } from 'zod';
import { forEachOffset, timeZoneName, zoneOffset } from './time-zone.js';

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
const clockOrMidnight = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** One opening interval of a weekday (0 is Sunday), wall-clock `from` up to `to` (`24:00`: the end of the day). */
export const BusinessInterval = z
  .object({
    day: z.number().int().min(0).max(6),
    from: z.string().regex(clock, 'must be a time HH:MM from 00:00 to 23:59'),
    to: z.string().regex(clockOrMidnight, 'must be a time HH:MM from 00:01 to 24:00'),
  })
  .refine((i) => i.from < i.to, { message: 'must be later than from', path: ['to'] });
export type BusinessInterval = z.infer<typeof BusinessInterval>;

export const BUSINESS_HOURS_LIMITS = { intervals: 50, holidays: 366 } as const;

/** A weekly schedule in a time zone; holidays are dates in that zone (closed all day). Intervals may overlap (they count once). */
export const BusinessHours = z.object({
  timeZone: timeZoneName,
  week: z.array(BusinessInterval).max(BUSINESS_HOURS_LIMITS.intervals),
  holidays: z.array(z.iso.date({ error: 'must be a date YYYY-MM-DD' })).max(BUSINESS_HOURS_LIMITS.holidays),
});
export type BusinessHours = z.infer<typeof BusinessHours>;

/** `PUT /inboxes/:id/business-hours`: the hours, or null for always open. */
export const BusinessHoursPut = z.object({ hours: BusinessHours.nullable() });
export type BusinessHoursPut = z.infer<typeof BusinessHoursPut>;
export interface BusinessHoursOut {
  hours: BusinessHours | null;
}

/** The same hours in one order: intervals by day and time, holidays sorted, each once. */
export function normalizeBusinessHours(h: BusinessHours): BusinessHours {
  return {
    timeZone: h.timeZone,
    week: [...h.week]
      .map((i) => ({ day: i.day, from: i.from, to: i.to }))
      .sort((a, b) => a.day - b.day || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    holidays: [...new Set(h.holidays)].sort(),
  };
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A span longer than this is counted up to here (bad data; a conversation's clock never runs so long). */
export const MAX_BUSINESS_SPAN_MS = 50 * 366 * DAY;

/** The hours made ready for counting: per weekday its merged intervals (ms into the day), totals, holidays as day numbers. */
interface Compiled {
  days: number[][];
  dayTotal: number[];
  weekTotal: number;
  holidays: number[];
  holidaySet: Set<number>;
}

const compiledOf = new WeakMap<BusinessHours, Compiled>();
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
/** Days since 1970-01-01 of a `YYYY-MM-DD`. */
const dayNumber = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY;
/** 1970-01-01 was a Thursday (4). */
const weekday = (day: number) => (((day + 4) % 7) + 7) % 7;

function compile(h: BusinessHours): Compiled {
  let c = compiledOf.get(h);
  if (c) return c;
  const days: number[][] = [];
  const dayTotal: number[] = [];
  for (let d = 0; d < 7; d++) {
    const spans = h.week
      .filter((i) => i.day === d)
      .map((i) => [minutes(i.from) * MINUTE, minutes(i.to) * MINUTE] as const)
      .filter(([f, t]) => f < t)
      .sort((a, b) => a[0] - b[0]);
    const merged: number[] = [];
    for (const [f, t] of spans) {
      const n = merged.length;
      if (n && f <= merged[n - 1]!) merged[n - 1] = Math.max(merged[n - 1]!, t);
      else merged.push(f, t);
    }
    let total = 0;
    for (let i = 0; i < merged.length; i += 2) total += merged[i + 1]! - merged[i]!;
    days.push(merged);
    dayTotal.push(total);
  }
  const holidays = [...new Set(h.holidays.map(dayNumber))].filter(Number.isFinite).sort((a, b) => a - b);
  c = { days, dayTotal, weekTotal: dayTotal.reduce((a, b) => a + b, 0), holidays, holidaySet: new Set(holidays) };
  compiledOf.set(h, c);
  return c;
}

/** Open time of local day `day` between `lo` and `hi` (ms into that day). */
function dayPart(c: Compiled, day: number, lo: number, hi: number): number {
  if (hi <= lo || c.holidaySet.has(day)) return 0;
  const spans = c.days[weekday(day)]!;
  let ms = 0;
  for (let i = 0; i < spans.length; i += 2) {
    const f = spans[i]! > lo ? spans[i]! : lo;
    const t = spans[i + 1]! < hi ? spans[i + 1]! : hi;
    if (t > f) ms += t - f;
  }
  return ms;
}

/** Open time between two wall-clock times (ms, local time read as UTC): the days at the ends, whole weeks by arithmetic. */
function wallOpen(c: Compiled, from: number, to: number): number {
  const d0 = Math.floor(from / DAY);
  const d1 = Math.floor(to / DAY);
  if (d0 === d1) return dayPart(c, d0, from - d0 * DAY, to - d0 * DAY);
  let ms = dayPart(c, d0, from - d0 * DAY, DAY) + dayPart(c, d1, 0, to - d1 * DAY);
  const first = d0 + 1;
  const whole = d1 - first;
  if (whole <= 0) return ms;
  ms += Math.floor(whole / 7) * c.weekTotal;
  for (let d = d1 - (whole % 7); d < d1; d++) ms += c.dayTotal[weekday(d)]!;
  const hs = c.holidays;
  let lo = 0;
  let hi = hs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hs[mid]! < first) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < hs.length && hs[i]! < d1; i++) ms -= c.dayTotal[weekday(hs[i]!)]!;
  return ms;
}

/**
 * Whole seconds of [from, to) inside business hours (null: always open, so calendar seconds). `to`
 * at or before `from`, or a time that does not parse, gives 0. The work grows with the days at the
 * span's ends and the clock changes inside it, not with its length; a span over 50 years is counted
 * for its first 50 years.
 */
export function businessSeconds(fromIso: string, toIso: string, hours: BusinessHours | null): number {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (!(to > from)) return 0;
  if (!hours) return Math.floor((to - from) / 1000);
  const c = compile(hours);
  if (c.weekTotal === 0) return 0;
  let ms = 0;
  forEachOffset(hours.timeZone, from, Math.min(to, from + MAX_BUSINESS_SPAN_MS), (a, b, offset) => {
    ms += wallOpen(c, a + offset, b + offset);
  });
  return Math.floor(ms / 1000);
}

/** Whether `at` falls inside business hours (null: always open). */
export function isBusinessOpen(at: Date, hours: BusinessHours | null): boolean {
  if (!hours) return true;
  const t = at.getTime();
  if (Number.isNaN(t)) return false;
  const wall = t + zoneOffset(hours.timeZone, t);
  const day = Math.floor(wall / DAY);
  return dayPart(compile(hours), day, wall - day * DAY, wall - day * DAY + 1) > 0;
}
