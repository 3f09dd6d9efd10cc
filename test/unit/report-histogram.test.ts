/** Durations as rollups keep them: three significant digits as a small index, histograms as bytes, and figures from rollups and single facts merged. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { durationIndex, encodeHistogram, indexValue, rounded } from '../../src/server/reports/histogram.js';
import { Durations, statsOf } from '../../src/server/reports/stats.js';

/** A seeded generator, so a failure can be run again. */
function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Three significant digits the plain way. */
const threeDigits = (v: number) => (v < 1000 ? Math.round(v) : Number(v.toPrecision(3)));

describe('report histograms', () => {
  test('a duration keeps three significant digits (below 1,000 s exactly), and the index sorts as the value does', () => {
    const r = rng(7);
    let last = -1;
    for (let i = 0; i < 20_000; i++) {
      assert.equal(indexValue(i) > last, true, `index ${i} is above the one before`);
      last = indexValue(i);
      assert.equal(durationIndex(indexValue(i)), i, `index ${i} stands for ${indexValue(i)} and back`);
    }
    const edges = [0, 1, 999, 1000, 1004, 1005, 9994, 9995, 9999, 10_000, 99_949, 99_950, 86_400, 604_800, 31_536_000, 3e9];
    const samples = [...edges, ...Array.from({ length: 5000 }, () => Math.floor(r() ** 4 * 1e8))];
    for (const v of samples) {
      assert.equal(rounded(v), threeDigits(v), `${v}`);
      if (v >= 1000) assert.ok(Math.abs(rounded(v) - v) / v <= 0.005, `${v} within half a percent`);
    }
  });

  test('figures from rolled-up histograms and single facts together equal the figures of the values themselves', () => {
    const r = rng(42);
    for (let round = 0; round < 50; round++) {
      // Durations a rollup keeps (already rounded) spread over several rows, and single facts besides.
      const rows = Array.from({ length: 1 + Math.floor(r() * 6) }, () =>
        Array.from({ length: Math.floor(r() * 40) }, () => rounded(Math.floor(r() ** 3 * 2e6))),
      );
      const singles = Array.from({ length: Math.floor(r() * 10) }, () => Math.floor(r() ** 3 * 2e6));
      const d = new Durations();
      for (const row of rows) {
        const counts = new Map<number, number>();
        for (const v of row) counts.set(durationIndex(v), (counts.get(durationIndex(v)) ?? 0) + 1);
        const bytes = encodeHistogram(counts);
        if (bytes)
          d.addEncoded(
            bytes,
            row.length,
            row.reduce((a, b) => a + b, 0),
          );
      }
      for (const v of singles) d.add(v);
      assert.deepEqual(d.stats(), statsOf([...rows.flat(), ...singles]), `round ${round}`);
    }
  });

  test('a histogram stays small: a month of one agent’s first responses is about a kilobyte', () => {
    const r = rng(3);
    const counts = new Map<number, number>();
    for (let i = 0; i < 800; i++) {
      const idx = durationIndex(Math.floor(-Math.log(1 - r()) * 8 * 3600));
      counts.set(idx, (counts.get(idx) ?? 0) + 1);
    }
    const bytes = encodeHistogram(counts)!;
    assert.ok(bytes.length < 1600, `${bytes.length} bytes`);
    assert.equal(encodeHistogram(new Map()), null);
  });
});
