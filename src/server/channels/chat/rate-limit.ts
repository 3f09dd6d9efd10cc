import type { SharedRedis } from '../../shared-redis.js';

/** Fixed-window counters per key: enough to stop a flood from one visitor or address. */
export interface RateLimiter {
  /** True when the call is allowed (and counts it). */
  take(key: string): Promise<boolean>;
}

/** In this process's memory: the limit holds per process (no Redis). */
export class MemoryRateLimiter implements RateLimiter {
  private readonly hits = new Map<string, { n: number; until: number }>();
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  async take(key: string, now = Date.now()): Promise<boolean> {
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

/** The first call of a window starts it: INCR, and PEXPIRE on the first, as one step. */
const INCR_IN_WINDOW = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/**
 * In Redis: the limit holds across every process of the installation. Redis unreachable: the call is
 * allowed (a flood limit must not stop every visitor's chat; the HTTP limits do the same).
 */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: SharedRedis,
    private readonly name: string,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  async take(key: string): Promise<boolean> {
    try {
      const n = await this.redis.client.eval(INCR_IN_WINDOW, 1, `${this.redis.prefix}:limit:${this.name}:${key}`, this.windowMs);
      return Number(n) <= this.max;
    } catch {
      return true;
    }
  }
}

/** Shared through Redis when there is one, else in memory. */
export function rateLimiter(redis: SharedRedis | undefined, name: string, max: number, windowMs: number): RateLimiter {
  return redis ? new RedisRateLimiter(redis, name, max, windowMs) : new MemoryRateLimiter(max, windowMs);
}
