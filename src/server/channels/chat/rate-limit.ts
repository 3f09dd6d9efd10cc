/** Fixed-window counters in memory, per key: enough to stop a flood from one visitor or address. */
export class RateLimiter {
  private readonly hits = new Map<string, { n: number; until: number }>();
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** True when the call is allowed (and counts it). */
  take(key: string, now = Date.now()): boolean {
    let h = this.hits.get(key);
    if (!h || h.until <= now) {
      if (this.hits.size > 50_000) for (const [k, v] of this.hits) if (v.until <= now) this.hits.delete(k);
      h = { n: 0, until: now + this.windowMs };
      this.hits.set(key, h);
    }
    if (h.n >= this.max) return false;
    h.n++;
    return true;
  }
}
