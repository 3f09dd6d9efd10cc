import { randomUUID } from 'node:crypto';
import type { Relay } from '../events/bus.js';

export interface PresenceEntry {
  userId: string;
  name: string;
  state: 'viewing' | 'typing';
}

interface Held extends PresenceEntry {
  at: number;
}

const TTL_MS = 90_000;

const listenerFailed = (err: unknown) => console.error('presence listener failed', err);

/**
 * Who is viewing or typing in which conversation, across processes. Each process owns the
 * entries of its own sockets and shares them over the relay; entries expire unless refreshed.
 */
export class Presence {
  private readonly processId = randomUUID();
  /** conversationId -> holder key (process:socket) -> entry */
  private readonly byConversation = new Map<string, Map<string, Held>>();
  private readonly listeners: ((conversationId: string) => void | Promise<void>)[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly relay?: Relay) {
    relay?.onMessage('presence', (m: { key: string; conversationId: string; entry: PresenceEntry | null }) => {
      if (!m?.key) return;
      this.apply(m.key, m.conversationId, m.entry);
    });
    this.timer = setInterval(() => this.expire(), 15_000);
    this.timer.unref();
  }

  /** `fn` may be async; whatever it throws or rejects with is logged here, never left uncaught. */
  onChange(fn: (conversationId: string) => void | Promise<void>): void {
    this.listeners.push(fn);
  }

  /** A local socket's state on a conversation; null removes it. */
  set(socketId: string, conversationId: string, entry: PresenceEntry | null): void {
    const key = `${this.processId}:${socketId}`;
    this.apply(key, conversationId, entry);
    this.relay?.send('presence', { key, conversationId, entry });
  }

  /** Removes a closed socket everywhere. */
  dropSocket(socketId: string): void {
    const key = `${this.processId}:${socketId}`;
    for (const [cid, m] of this.byConversation) if (m.has(key)) this.set(socketId, cid, null);
  }

  list(conversationId: string): PresenceEntry[] {
    const seen = new Map<string, PresenceEntry>();
    for (const e of this.byConversation.get(conversationId)?.values() ?? []) {
      const prev = seen.get(e.userId);
      if (!prev || e.state === 'typing') seen.set(e.userId, { userId: e.userId, name: e.name, state: e.state });
    }
    return [...seen.values()];
  }

  private apply(key: string, conversationId: string, entry: PresenceEntry | null): void {
    let m = this.byConversation.get(conversationId);
    if (entry) {
      if (!m) this.byConversation.set(conversationId, (m = new Map()));
      m.set(key, { ...entry, at: Date.now() });
    } else if (m) {
      m.delete(key);
      if (!m.size) this.byConversation.delete(conversationId);
    } else return;
    for (const l of this.listeners) {
      try {
        void Promise.resolve(l(conversationId)).catch(listenerFailed);
      } catch (err) {
        listenerFailed(err);
      }
    }
  }

  private expire(): void {
    const cutoff = Date.now() - TTL_MS;
    for (const [cid, m] of this.byConversation) {
      for (const [key, e] of m) if (e.at < cutoff) this.apply(key, cid, null);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
