/**
 * Durations as a report shows them: how many, median (the middle one, or the mean of the middle two),
 * 90th percentile (nearest rank: 90 % took this long or less) and average. Single facts are kept
 * as value → count, rollups' histograms as they are stored (`histogram.ts`: a value to three
 * significant digits), and the two are merged in order when the figures are asked for.
 */
import type { DurationStats, TimeStats } from '../../common/report-api.js';
import { DenseCounts, indexValue } from './histogram.js';

export { rounded } from './histogram.js';

/** One array every report's rolled-up durations are added into, then cleared (reports run one at a time on the event loop). */
const dense = new DenseCounts();

export class Durations {
  counts = new Map<number, number>();
  /** Rollups' histograms, added up when the figures are asked for. */
  rolled: Uint8Array[] = [];
  n = 0;
  total = 0;
  add(v: number, count = 1, total = v * count) {
    this.counts.set(v, (this.counts.get(v) ?? 0) + count);
    this.n += count;
    this.total += total;
  }
  /** A rollup's encoded histogram of `n` durations with the exact sum of what it holds. */
  addEncoded(bytes: Uint8Array, n: number, total: number) {
    this.rolled.push(bytes);
    this.n += n;
    this.total += total;
  }
  stats(): DurationStats {
    const n = this.n;
    if (!n) return { count: 0, median: null, p90: null, average: null };
    const ranks = n % 2 ? [(n + 1) / 2] : [n / 2, n / 2 + 1];
    ranks.push(Math.ceil(0.9 * n));
    const found = this.nth(ranks);
    const median = n % 2 ? found[0]! : (found[0]! + found[1]!) / 2;
    return { count: n, median: Math.round(median), p90: found[found.length - 1]!, average: Math.round(this.total / n) };
  }
  /** The k-th smallest (1-based) of each k: the single durations and the rolled-up ones merged in order. */
  private nth(ks: number[]): number[] {
    const order = ks.map((k, i) => [k, i] as const).sort((a, b) => a[0] - b[0]);
    const out = new Array<number>(ks.length);
    const values = [...this.counts.keys()].sort((a, b) => a - b);
    for (const b of this.rolled) dense.addEncoded(b);
    try {
      let seen = 0;
      let next = 0;
      let want = order[0]![0];
      let vi = 0;
      let last = 0;
      let lastIndex = -1;
      const take = (v: number, c: number) => {
        seen += c;
        last = v;
        while (seen >= want) {
          out[order[next++]![1]] = v;
          want = next < order.length ? order[next]![0] : Infinity;
        }
      };
      // Thousands of indexes for each figure: the loop only adds up counts until a rank is reached.
      const counts = dense.counts;
      for (let i = 0; i < dense.end && want !== Infinity; i++) {
        const c = counts[i]!;
        if (c === 0) continue;
        if (vi < values.length) {
          const v = indexValue(i);
          for (; vi < values.length && values[vi]! < v; vi++) take(values[vi]!, this.counts.get(values[vi]!)!);
        }
        lastIndex = i;
        if (seen + c >= want) take(indexValue(i), c);
        else seen += c;
      }
      for (; vi < values.length && want !== Infinity; vi++) take(values[vi]!, this.counts.get(values[vi]!)!);
      // Fewer durations than counted (never, unless rows disagree): the largest seen.
      const largest = Math.max(last, lastIndex < 0 ? 0 : indexValue(lastIndex));
      while (next < order.length) out[order[next++]![1]] = largest;
      return out;
    } finally {
      dense.clear();
    }
  }
}

/** Durations in calendar and business time. */
export class TimeList {
  calendar = new Durations();
  business = new Durations();
  /** Whether any duration differs between the two: where none does (no business hours), the figures are worked out once. */
  private businessDiffers = false;
  add(seconds: number, business: number): void {
    this.calendar.add(seconds);
    this.business.add(business);
    if (business !== seconds) this.businessDiffers = true;
  }
  /** A rollup's histograms; no business histogram of its own: business time was calendar time. */
  addRolled(n: number, histogram: Uint8Array, total: number, histogramBusiness: Uint8Array | null, totalBusiness: number): void {
    this.calendar.addEncoded(histogram, n, total);
    this.business.addEncoded(histogramBusiness ?? histogram, n, totalBusiness);
    if (histogramBusiness) this.businessDiffers = true;
  }
  stats(): TimeStats {
    const calendar = this.calendar.stats();
    const same = !this.businessDiffers && this.business.total === this.calendar.total;
    return { calendar, business: same ? calendar : this.business.stats() };
  }
}

export function statsOf(values: number[]): DurationStats {
  const d = new Durations();
  for (const v of values) d.add(v);
  return d.stats();
}
