/** A list of durations as a report shows it: how many, median, 90th percentile (nearest rank), average. */
import type { DurationStats, TimeStats } from '../../common/report-api.js';

export function statsOf(values: number[]): DurationStats {
  const n = values.length;
  if (!n) return { count: 0, median: null, p90: null, average: null };
  const s = Float64Array.from(values).sort();
  const median = n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  let sum = 0;
  for (const v of s) sum += v;
  return { count: n, median: Math.round(median), p90: s[Math.ceil(0.9 * n) - 1]!, average: Math.round(sum / n) };
}

/** Durations in calendar and business time, collected fact by fact. */
export class TimeList {
  calendar: number[] = [];
  business: number[] = [];
  add(f: { seconds: number | null; business_seconds: number | null }) {
    if (f.seconds === null) return;
    this.calendar.push(f.seconds);
    this.business.push(f.business_seconds ?? f.seconds);
  }
  stats(): TimeStats {
    return { calendar: statsOf(this.calendar), business: statsOf(this.business) };
  }
}
