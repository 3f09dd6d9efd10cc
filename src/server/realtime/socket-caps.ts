/**
 * How many stream sockets each user holds, to cap them (MAX_SOCKETS_PER_USER in `stream.ts`). In
 * memory per process without Redis; with Redis across every process: a sorted set per user, one
 * member per socket scored with when it expires. The process holding a socket pushes that time on
 * every REFRESH_MS, a close removes the member, and a process that died without a word stops counting
 * when its members expire (TTL_MS: within a minute).
 */
import { randomUUID } from 'node:crypto';
import type { SharedRedis } from '../shared-redis.js';

export interface SocketCaps {
  /** A place for one more socket of the user, as the function that frees it (once); null when they hold `max` already. */
  take(userId: string): Promise<(() => void) | null>;
  close(): void;
}

export function memorySocketCaps(max: number): SocketCaps {
  const held = new Map<string, number>();
  return {
    async take(userId) {
      const n = held.get(userId) ?? 0;
      if (n >= max) return null;
      held.set(userId, n + 1);
      let freed = false;
      return () => {
        if (freed) return;
        freed = true;
        const left = (held.get(userId) ?? 1) - 1;
        if (left > 0) held.set(userId, left);
        else held.delete(userId);
      };
    },
    close() {},
  };
}

const TTL_MS = 60_000;
const REFRESH_MS = 20_000;

/** Redis's clock, so processes on hosts whose clocks differ agree on what has expired. */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS[1] the user's set; ARGV: member, max, ttl. 1 when taken. */
const TAKE = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1`;

/** KEYS[1] the user's set; ARGV: ttl, then the members this process still holds (XX: one closed meanwhile stays gone). */
const REFRESH = `${NOW}
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]))
return 0`;

/** Redis unreachable: a socket is let in (the cap guards against a runaway client, not an attack). */
export function redisSocketCaps(redis: SharedRedis, max: number, ttlMs = TTL_MS, refreshMs = REFRESH_MS): SocketCaps {
  const process = randomUUID();
  const keyOf = (userId: string) => `${redis.prefix}:stream-sockets:${userId}`;
  /** key -> members held here */
  const held = new Map<string, Set<string>>();
  const timer = setInterval(() => {
    for (const [key, members] of held)
      redis.client.eval(REFRESH, 1, key, ttlMs, ...members).catch((e: Error) => console.error('redis: stream sockets:', e.message));
  }, refreshMs);
  timer.unref();
  return {
    async take(userId) {
      const key = keyOf(userId);
      const member = `${process}:${randomUUID()}`;
      const taken = await redis.client.eval(TAKE, 1, key, member, max, ttlMs).then(
        (r) => Number(r) === 1,
        () => true,
      );
      if (!taken) return null;
      const mine = held.get(key) ?? new Set<string>();
      held.set(key, mine.add(member));
      let freed = false;
      return () => {
        if (freed) return;
        freed = true;
        mine.delete(member);
        if (!mine.size) held.delete(key);
        redis.client.zrem(key, member).catch(() => undefined);
      };
    },
    close() {
      clearInterval(timer);
    },
  };
}

export function socketCaps(redis: SharedRedis | undefined, max: number): SocketCaps {
  return redis ? redisSocketCaps(redis, max) : memorySocketCaps(max);
}
