/**
 * Durations as rollups keep them: each to three significant digits (within 0.5 %; below 1,000 s
 * exactly), named by a small integer index that sorts as the value does, and a histogram stored as
 * bytes: for each index in ascending order, the step from the previous index and the count, each a
 * varint (LEB128). A month of one agent's first responses is about a kilobyte, and a report adds
 * thousands of them into one array without parsing or allocating per value (measured at 100,000
 * conversations: with JSON objects, collecting garbage and merging them took half of a two-year report).
 */

/** The index of a duration in seconds (≥ 0). */
export function durationIndex(v: number): number {
  if (!(v >= 1000)) return Math.max(0, Math.round(v || 0));
  let e = Math.floor(Math.log10(v)) - 2;
  let m = Math.round(v / 10 ** e);
  if (m < 100) m = Math.round(v / 10 ** --e);
  if (m >= 1000) m = Math.round(v / 10 ** ++e);
  return 900 * e + m;
}

/** The duration an index stands for. */
export function indexValue(i: number): number {
  if (i < 1000) return i;
  const e = Math.floor((i - 100) / 900);
  return (i - 900 * e) * 10 ** e;
}

/** A duration as rollups keep it. */
export const rounded = (v: number): number => indexValue(durationIndex(v));

/** Index → count as bytes; null when empty. */
export function encodeHistogram(counts: Map<number, number>): Uint8Array | null {
  if (!counts.size) return null;
  const out = new Uint8Array(counts.size * 10);
  let at = 0;
  const varint = (x: number) => {
    while (x >= 0x80) {
      out[at++] = (x & 0x7f) | 0x80;
      x = Math.floor(x / 128);
    }
    out[at++] = x;
  };
  let prev = 0;
  for (const i of [...counts.keys()].sort((a, b) => a - b)) {
    varint(i - prev);
    varint(counts.get(i)!);
    prev = i;
  }
  return out.slice(0, at);
}

/** Calls `each(index, count)` for every entry of an encoded histogram, in ascending order. */
export function forEachEntry(bytes: Uint8Array, each: (index: number, count: number) => void): void {
  // Varints read inline: a report reads millions of them (a function a varint cost a tenth of its time).
  const len = bytes.length;
  let at = 0;
  let index = 0;
  while (at < len) {
    let b = bytes[at++]!;
    let step = b & 0x7f;
    for (let scale = 128; b & 0x80 && at < len; scale *= 128) step += ((b = bytes[at++]!) & 0x7f) * scale;
    b = bytes[at++]!;
    let count = b & 0x7f;
    for (let scale = 128; b & 0x80 && at < len; scale *= 128) count += ((b = bytes[at++]!) & 0x7f) * scale;
    index += step;
    each(index, count);
  }
}

/** Dense counts by index, grown as needed; one reused for every sum a report makes. */
export class DenseCounts {
  counts = new Float64Array(8192);
  /** One past the highest index touched since the last `clear`. */
  end = 0;
  /** Adds an encoded histogram; returns how many durations it held. */
  addEncoded(bytes: Uint8Array): number {
    let n = 0;
    forEachEntry(bytes, (i, c) => {
      this.add(i, c);
      n += c;
    });
    return n;
  }
  add(i: number, c: number): void {
    if (i >= this.counts.length) this.grow(i);
    this.counts[i]! += c;
    if (i >= this.end) this.end = i + 1;
  }
  /** The counts as a map (for writing one back). */
  toMap(): Map<number, number> {
    const m = new Map<number, number>();
    for (let i = 0; i < this.end; i++) if (this.counts[i]) m.set(i, this.counts[i]!);
    return m;
  }
  clear(): void {
    this.counts.fill(0, 0, this.end);
    this.end = 0;
  }
  private grow(i: number) {
    const next = new Float64Array(Math.max(i + 1, this.counts.length * 2));
    next.set(this.counts);
    this.counts = next;
  }
}
