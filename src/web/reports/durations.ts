/**
 * Durations as people read them: "45 s", "4 min", "1 h 12 min", "2 d 3 h" (two units at most, the
 * smaller one rounded), with the numbers written by `Intl.NumberFormat` in the reader's language and
 * the units from the catalogue (Intl's own short units differ by language: "hr", "uur", "tim").
 */
import type { DurationStats, TimeStats } from '../../common/report-api.js';
import type { Locale } from '../i18n/index.js';
import type { ReportT } from './texts.js';
import type { TimeBasis } from './filters.js';

const numbers = new Map<string, Intl.NumberFormat>();
export function formatNumber(n: number, locale: Locale): string {
  let f = numbers.get(locale);
  if (!f) numbers.set(locale, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })));
  return f.format(n);
}

/** A whole number of seconds, or "—" when there is none. */
export function formatDuration(seconds: number | null | undefined, t: ReportT, locale: Locale): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const n = (v: number) => formatNumber(v, locale);
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('reports.duration.s', { s: n(s) });
  const minutes = Math.round(s / 60);
  if (minutes < 60) return t('reports.duration.min', { m: n(minutes) });
  if (minutes < 24 * 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m ? t('reports.duration.hMin', { h: n(h), m: n(m) }) : t('reports.duration.h', { h: n(h) });
  }
  const hours = Math.round(s / 3600);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h ? t('reports.duration.dH', { d: n(d), h: n(h) }) : t('reports.duration.d', { d: n(d) });
}

/** The figures of the chosen clock. */
export const statsOf = (stats: TimeStats, basis: TimeBasis): DurationStats => stats[basis];

/** A share as a whole percentage ("42 %" in the reader's language), or "—" of nothing. */
export function formatPercent(part: number, whole: number, locale: Locale): string {
  if (!whole) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(part / whole);
}
