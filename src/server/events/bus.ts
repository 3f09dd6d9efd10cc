import { EventEmitter } from 'node:events';
import type { Database } from '../db/database.js';
import type { StoredEvent } from './events.js';
import { finalEventId } from '../db/event-order.js';
import { readEventsAfter } from './store.js';

export interface Relay {
  /** Tell the other processes that new events were committed. */
  announce(): void;
  /** Called when another process announced (never for this process's own announcements). */
  onAnnounce(fn: () => void): void;
  /** Ephemeral messages to the other processes (presence, chat pushes), never stored; the sender does not receive its own. */
  send(topic: string, data: unknown): void;
  onMessage(topic: string, fn: (data: any) => void): void;
  close(): Promise<void>;
}

/** How soon events held back behind a gap that opened during a read are read again. */
const RETRY_HELD_MS = 10;

/**
 * Publishes committed events in id order. The database is the source of truth: a wake-up
 * (a local commit, a Redis announcement, or a slow timer as a safety net) makes the bus read
 * every event after the last one it delivered, so nothing is skipped or delivered twice.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private lastId = 0;
  private reading: Promise<void> | null = null;
  private again = false;
  private timer?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly db: Database,
    readonly relay?: Relay,
  ) {
    this.emitter.setMaxListeners(0);
    relay?.onAnnounce(() => this.wake());
  }

  async start(pollMs = 2000): Promise<void> {
    this.lastId = await finalEventId(this.db);
    this.timer = setInterval(() => this.wake(), pollMs);
    this.timer.unref();
  }

  get deliveredUpTo(): number {
    return this.lastId;
  }

  /**
   * After a local commit, with its events as stored. They are delivered as they are when their ids
   * directly follow the last delivered one, without a gap, and no read is under way; otherwise
   * (another process's events or a transaction still running between, a read running) they are
   * read like any others.
   */
  committed(events: StoredEvent[] | null = null): void {
    this.relay?.announce();
    if (events?.length && !this.reading && events.every((e, i) => e.id === this.lastId + 1 + i)) {
      this.db.eventOrder.settle(events[events.length - 1]!.id);
      try {
        for (const e of events) {
          this.lastId = e.id;
          this.emitter.emit('event', e);
        }
      } catch (err) {
        // A subscriber's fault, not the commit's: the caller still acknowledges what it stored.
        console.error('event bus delivery failed', err);
      }
      return;
    }
    this.wake();
  }

  subscribe(fn: (e: StoredEvent) => void): () => void {
    this.emitter.on('event', fn);
    return () => this.emitter.off('event', fn);
  }

  /** Resolves once every event committed before the call has been delivered. */
  async flush(): Promise<void> {
    this.wake();
    while (this.reading) await this.reading;
  }

  private wake(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.readLoop().finally(() => {
      this.reading = null;
    });
  }

  private async readLoop(): Promise<void> {
    do {
      this.again = false;
      try {
        for (;;) {
          const { events, through, more, held } = await readEventsAfter(this.db, this.lastId, 500);
          for (const e of events) {
            this.lastId = e.id;
            this.emitter.emit('event', e);
          }
          this.lastId = through;
          if (held) this.retry ??= setTimeout(() => ((this.retry = undefined), this.wake()), RETRY_HELD_MS);
          if (!more) break;
        }
      } catch (err) {
        if (!String(err).includes('destroyed')) console.error('event bus read failed', err);
        return;
      }
    } while (this.again);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.retry);
    while (this.reading) await this.reading;
    await this.relay?.close();
  }
}
