import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Relay } from './bus.js';

/**
 * Cross-process wake-ups and ephemeral messages over Redis pub/sub; events are read from the database.
 * Redis also hands a publisher its own messages: each message carries this relay's id, and a relay
 * drops what it sent itself (its sender already acted on it locally).
 */
export function createRedisRelay(url: string, prefix = 'switchboard'): Relay {
  const self = randomUUID();
  const pub = new Redis(url, { maxRetriesPerRequest: 2 });
  // No ready check: it sends INFO, which a connection already subscribing may not.
  const sub = new Redis(url, { enableReadyCheck: false });
  const eventsChannel = `${prefix}:events`;
  const handlers = new Map<string, ((data: unknown) => void)[]>();
  const on = (ch: string, fn: (data: unknown) => void) => {
    if (!handlers.has(ch)) {
      handlers.set(ch, []);
      void sub.subscribe(ch);
    }
    handlers.get(ch)!.push(fn);
  };
  sub.on('message', (ch, raw) => {
    let msg: { from?: unknown; data?: unknown };
    try {
      msg = JSON.parse(raw);
    } catch {
      return;
    }
    if (msg?.from === self) return;
    for (const h of handlers.get(ch) ?? []) h(msg?.data ?? null);
  });
  for (const c of [pub, sub]) c.on('error', (e) => console.error('redis:', e.message));
  const publish = (ch: string, data: unknown) => void pub.publish(ch, JSON.stringify({ from: self, data })).catch(() => undefined);
  return {
    announce: () => publish(eventsChannel, 1),
    onAnnounce: (fn) => on(eventsChannel, () => fn()),
    send: (topic, data) => publish(`${prefix}:${topic}`, data),
    onMessage: (topic, fn) => on(`${prefix}:${topic}`, fn),
    async close() {
      pub.disconnect();
      sub.disconnect();
    },
  };
}
