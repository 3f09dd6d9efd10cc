import { Redis } from 'ioredis';
import type { Relay } from './bus.js';

const CHANNEL = 'switchboard:events';

/** Cross-process wake-ups over Redis pub/sub; the events themselves are read from the database. */
export function createRedisRelay(url: string, channelPrefix = ''): Relay {
  const pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  const sub = new Redis(url, { lazyConnect: false });
  const channel = channelPrefix + CHANNEL;
  const handlers: (() => void)[] = [];
  void sub.subscribe(channel);
  sub.on('message', (ch) => {
    if (ch === channel) for (const h of handlers) h();
  });
  for (const c of [pub, sub]) c.on('error', (e) => console.error('redis:', e.message));
  return {
    announce: () => void pub.publish(channel, '1').catch(() => undefined),
    onAnnounce: (fn) => handlers.push(fn),
    async close() {
      pub.disconnect();
      sub.disconnect();
    },
  };
}
