import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import { lsnReached } from './wal-position.js';

/** How long a user's last write position is kept: longer than a healthy replica ever lags. */
export const WRITE_POSITION_TTL_MS = 60_000;

/**
 * Each user's last write position on the primary (read-your-writes with a read replica). Kept in
 * this process's memory and, with REDIS_URL, in Redis too (one SET with a minute's expiry per
 * write, one GET per read that would go to the replica), since a user's next request may reach
 * another process. What is older than a minute is forgotten: the replica has replayed it by then.
 */
export class WritePositions {
  private mine = new Map<string, { lsn: string; until: number }>();
  private redis?: Redis;
  private warned = false;

  constructor(
    redis?: { url: string; prefix?: string },
    private prefix = `${redis?.prefix ?? 'switchboard'}:wrote:`,
  ) {
    if (redis) {
      // ioredis is loaded only when Redis is configured.
      const { Redis: Client } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
      this.redis = new Client(redis.url, { maxRetriesPerRequest: 1 });
      this.redis.on('error', (e) => this.warn(e));
    }
  }

  async note(userId: string, lsn: string): Promise<void> {
    const now = Date.now();
    if (this.mine.size > 10_000) for (const [k, v] of this.mine) if (v.until < now) this.mine.delete(k);
    const had = this.mine.get(userId);
    if (!had || had.until < now || lsnReached(lsn, had.lsn)) this.mine.set(userId, { lsn, until: now + WRITE_POSITION_TTL_MS });
    await this.redis?.set(this.prefix + userId, lsn, 'PX', WRITE_POSITION_TTL_MS).catch((e) => this.warn(e));
  }

  /** The user's last write position within the last minute, from any process; `unknown` when Redis did not answer. */
  async get(userId: string): Promise<string | undefined | 'unknown'> {
    const had = this.mine.get(userId);
    const local = had && had.until >= Date.now() ? had.lsn : undefined;
    if (!this.redis) return local;
    let shared: string | null;
    try {
      shared = await this.redis.get(this.prefix + userId);
    } catch (e) {
      this.warn(e);
      return 'unknown';
    }
    if (!shared) return local;
    return !local || lsnReached(shared, local) ? shared : local;
  }

  private warn(e: unknown) {
    if (this.warned) return;
    this.warned = true;
    console.error(`read replica: Redis did not answer (${(e as Error).message}); a user who wrote reads the primary meanwhile`);
  }

  close(): void {
    this.redis?.disconnect();
  }
}
