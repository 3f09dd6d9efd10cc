import { Redis } from 'ioredis';

/**
 * The Redis connection for state shared by the processes of one installation (REDIS_URL): HTTP rate
 * limits, the widget's limits, stream sockets per user. Keys start with the prefix (REDIS_PREFIX).
 * The event relay keeps connections of its own (a subscribing connection can do nothing else).
 */
export interface SharedRedis {
  client: Redis;
  prefix: string;
  close(): Promise<void>;
}

export function openSharedRedis(url: string, prefix = 'switchboard'): SharedRedis {
  const client = new Redis(url, { maxRetriesPerRequest: 2 });
  client.on('error', (e) => console.error('redis:', e.message));
  return {
    client,
    prefix,
    async close() {
      client.disconnect();
    },
  };
}
