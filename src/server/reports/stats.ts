/**
 * Durations as a report shows them: how many, median (the middle one, or the mean of the middle two),
 * 90th percentile (nearest rank: 90 % took this long or less) and average. Kept as value → count,
 * so a rollup's histogram and single facts merge: a rollup keeps a value to three significant
 * digits (within 0.5 %; below 1,000 s exactly), a fact as it is.
 */
import type { DurationStats, TimeStats } from '../../common/report-api.js';

/** A duration as rollups keep it. */
export function rounded(v: number): number {
  if (v < 1000) return v;
  const step = 10 ** (Math.floor(Math.log10(v)) - 2);
  return Math.round(v / step) * step;
}

export class Durations {
  counts = new Map<number, number>();
  n = 0;
  total = 0;
  add(v: number, count = 1, total = v * count) {
    this.counts.set(v, (this.counts.get(v) ?? 0) + count);
    this.n += count;
    this.total += total;
  }
  /** A rollup's histogram (`{value: count}`) with the exact sum of what it holds. */
  addHistogram(hist: Record<string, number>, total: number) {
    let n = 0;
    for (const [v, c] of Object.entries(hist)) {
      this.counts.set(Number(v), (this.counts.get(Number(v)) ?? 0) + c);
      n += c;
    }
    this.n += n;
    this.total += total;
  }
  stats(): DurationStats {
    const n = this.n;
    if (!n) return { count: 0, median: null, p90: null, average: null };
    const values = [...this.counts.keys()].sort((a, b) => a - b);
    /** The k-th smallest (1-based). */
    const nth = (k: number) => {
      let seen = 0;
      for (const v of values) if ((seen += this.counts.get(v)!) >= k) return v;
      return values[values.length - 1]!;
    };
    const median = n % 2 ? nth((n + 1) / 2) : (nth(n / 2) + nth(n / 2 + 1)) / 2;
    return { count: n, median: Math.round(median), p90: nth(Math.ceil(0.9 * n)), average: Math.round(this.total / n) };
  }
}

/** Durations in calendar and business time. */
export class TimeList {
  calendar = new Durations();
  business = new Durations();
  stats(): TimeStats {
    return { calendar: this.calendar.stats(), business: this.business.stats() };
  }
}

export function statsOf(values: number[]): DurationStats {
  const d = new Durations();
  for (const v of values) d.add(v);
  return d.stats();
}
