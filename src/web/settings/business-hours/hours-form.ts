/**
 * The business hours dialog's form: a row per weekday (open or closed, one or more from–to spans),
 * holidays as dates, and the conversions to and from the API's hours. A time input cannot hold 24:00,
 * so a closing time of 00:00 means midnight, the end of the day (`24:00` in the API).
 */
import type { BusinessHours } from '../../../common/business-hours.js';

export interface Span {
  from: string;
  to: string;
}
export interface DayRow {
  day: number;
  open: boolean;
  spans: Span[];
}
export interface HoursForm {
  mode: 'always' | 'set';
  timeZone: string;
  days: DayRow[];
  holidays: string[];
}

/** Monday first, Sunday (0) last. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;
export const DEFAULT_SPAN: Span = { from: '09:00', to: '17:00' };

export const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The zones to choose from: what the browser knows, plus `also` (the saved zone, the browser's own) when missing. */
export function zoneChoices(...also: string[]): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...known, ...also.filter(Boolean)])].sort();
}

export function formOf(hours: BusinessHours | null, localZone: string): HoursForm {
  if (!hours) {
    return {
      mode: 'always',
      timeZone: localZone,
      days: WEEK_ORDER.map((day) => ({ day, open: day >= 1 && day <= 5, spans: [{ ...DEFAULT_SPAN }] })),
      holidays: [],
    };
  }
  return {
    mode: 'set',
    timeZone: hours.timeZone,
    days: WEEK_ORDER.map((day) => {
      const spans = hours.week.filter((i) => i.day === day).map((i) => ({ from: i.from, to: i.to === '24:00' ? '00:00' : i.to }));
      return { day, open: spans.length > 0, spans: spans.length ? spans : [{ ...DEFAULT_SPAN }] };
    }),
    holidays: [...hours.holidays],
  };
}

/** Where each part of the body came from, so the API's field errors land under the right input. */
export interface Places {
  /** For `hours.week.<i>`: `<day>.<span index>`. */
  week: string[];
  /** For `hours.holidays.<i>`: the index in the form's list. */
  holidays: number[];
}

export function hoursOf(form: HoursForm): { hours: BusinessHours | null; places: Places } {
  const places: Places = { week: [], holidays: [] };
  if (form.mode === 'always') return { hours: null, places };
  const week: BusinessHours['week'] = [];
  for (const row of form.days) {
    if (!row.open) continue;
    row.spans.forEach((s, k) => {
      week.push({ day: row.day, from: s.from, to: s.to === '00:00' ? '24:00' : s.to });
      places.week.push(`${row.day}.${k}`);
    });
  }
  const holidays: string[] = [];
  form.holidays.forEach((d, i) => {
    if (!d) return;
    holidays.push(d);
    places.holidays.push(i);
  });
  return { hours: { timeZone: form.timeZone, week, holidays }, places };
}

/** The spans that cannot be saved (`<day>.<k>`): a time missing, or closing not after opening. */
export function badSpans(form: HoursForm): string[] {
  if (form.mode === 'always') return [];
  return form.days.flatMap((row) =>
    row.open
      ? row.spans.flatMap((s, k) => {
          const to = s.to === '00:00' ? '24:00' : s.to;
          return !s.from || !s.to || s.from >= to ? [`${row.day}.${k}`] : [];
        })
      : [],
  );
}

/** The API's field errors (`hours.week.3.to`) keyed by the form's places (`week.<day>.<k>`, `holiday.<i>`, `timeZone`); the rest as `general`. */
export function errorsByPlace(errors: Record<string, string>, places: Places): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const week = /^hours\.week\.(\d+)/.exec(key);
    const holiday = /^hours\.holidays\.(\d+)/.exec(key);
    const place =
      key === 'hours.timeZone'
        ? 'timeZone'
        : week && places.week[Number(week[1])] !== undefined
          ? `week.${places.week[Number(week[1])]}`
          : holiday && places.holidays[Number(holiday[1])] !== undefined
            ? `holiday.${places.holidays[Number(holiday[1])]}`
            : 'general';
    out[place] ??= message;
  }
  return out;
}
