import type { EventBus } from './events/bus.js';
import type { EventType, StoredEvent } from './events/events.js';
import type { Ctx } from './domain/context.js';
import type { Database } from './db/database.js';
import { releaseLease } from './db/leases.js';
import { holdLease, newLeaseHolder } from './lease-holder.js';
import { readCursor, replayEvents, saveCursor } from './events/cursors.js';
import { queueTranscriptOnClose } from './channels/chat/transcript.js';
import { SLACK_SOURCE_EVENTS, slackSubscriber } from './domain/slack-events.js';
import { WEBHOOK_SOURCE_EVENTS, webhookSubscriber } from './domain/webhook-events.js';
import { NOTIFY_SOURCE_EVENTS, notificationSubscriber } from './domain/notifications.js';
import { botSubscriber } from './bots/subscriber.js';

/** Something that reacts to committed events. Handlers run in event order; one failing does not stop the others. */
export interface Subscriber {
  name: string;
  /** The event types it wants; every event when absent. */
  events?: readonly EventType[];
  handle(e: StoredEvent): void | Promise<void>;
  /**
   * Owes something for every event (a delivery, a notification): one process at a time handles it,
   * and whoever handles it next resumes from its saved cursor. Its handling must be idempotent
   * (the last second's events may be handled again after a crash).
   */
  durable?: boolean;
}

/** What the running server's sockets do with events (from `buildHttp`). */
export interface LiveHandlers {
  /** Agents' stream: every event, filtered per actor by the policy (`realtime/stream.ts`). */
  stream(e: StoredEvent): void;
  /** A changed chat channel reaches its open widgets (targeting, welcome, colour, on/off). */
  chatChannelChanged(e: StoredEvent): void;
  /** Agents' availability may have changed: open widgets re-check (`channels/chat/live.ts`). */
  chatAvailability(e: StoredEvent): void;
}

/**
 * Every event subscriber of a server, in one list: `main.ts` wires it at start. Those of the `web`
 * role (the live sockets of this process: `live`) and of the `worker` role (what queues or runs work,
 * and wakes the worker: `wakeWorker`), each only when this process runs that role.
 */
export function subscribers(ctx: Ctx, parts: { live?: LiveHandlers; wakeWorker?: () => void }): Subscriber[] {
  const { live, wakeWorker } = parts;
  const web: Subscriber[] = live
    ? [
        { name: 'stream', handle: live.stream },
        { name: 'chat-availability', events: ['user.updated', 'inbox.updated', 'channel.updated'], handle: live.chatAvailability },
        { name: 'chat-widget-config', events: ['channel.updated'], handle: live.chatChannelChanged },
      ]
    : [];
  const worker: Subscriber[] = wakeWorker
    ? [
        // A command that queued a job (a reply to deliver, routing) also published its event: the worker looks at once.
        { name: 'jobs', handle: () => wakeWorker() },
        // A closed chat: its transcript goes to the assigned agent through the outbox.
        { name: 'chat-transcript', events: ['conversation.updated'], durable: true, handle: (e) => queueTranscriptOnClose(ctx, e) },
        // Outgoing webhooks: a delivery row and a `deliver-webhook` job per endpoint that wants the event.
        { name: 'webhooks', events: WEBHOOK_SOURCE_EVENTS, durable: true, handle: webhookSubscriber(ctx) },
        // Agents' notifications: a row per user who needs to know, and an event for them alone.
        { name: 'notifications', events: NOTIFY_SOURCE_EVENTS, durable: true, handle: notificationSubscriber(ctx) },
        // Slack alerts per inbox: a `slack_posts` row and a `slack-post` job per new, assigned, closed or reopened conversation.
        { name: 'slack', events: SLACK_SOURCE_EVENTS, durable: true, handle: slackSubscriber(ctx) },
        // Chatflows: a new bot conversation, or a visitor's answer, runs the bot's next steps at once (a job resumes after a stop).
        { name: 'chatflows', events: ['conversation.created', 'message.created'], handle: botSubscriber(ctx) },
      ]
    : [];
  return [...web, ...worker];
}

/** How long a stop waits for handlers at work; a durable one's unfinished events are handled again after the start. */
const STOP_WAIT_MS = 5000;

/** How long a process's hold on a durable subscriber lasts unless renewed (a third of it): a crashed one's is taken over after it. */
export const SUBSCRIBER_LEASE_MS = 10_000;

/** How often a durable subscriber's progress is saved. */
const CURSOR_SAVE_MS = 1000;

/**
 * Subscribes each one to the bus. A durable one is handled by one process at a time (a lease): when
 * this process takes it, it first gets what was missed since the cursor (see `events/cursors.ts`),
 * live events waiting meanwhile, and its progress is saved every second. Returns the unsubscribe,
 * which waits (up to 5 s) for handlers at work, then saves the progress a last time and gives the lease up.
 */
export function wireSubscribers(
  bus: EventBus,
  db: Database,
  list: Subscriber[],
  { leaseMs = SUBSCRIBER_LEASE_MS }: { leaseMs?: number } = {},
): () => Promise<void> {
  const holder = newLeaseHolder();
  const failed = (s: Subscriber, err: unknown) => console.error(`event subscriber ${s.name} failed`, err);
  const saves: (() => Promise<void>)[] = [];
  /** Handlers still at work: a stop waits for them (a while) before the database closes under them. */
  const inflight = new Set<Promise<void>>();
  const offs = list.map((s) => {
    const wants = (e: StoredEvent) => !s.events || s.events.includes(e.type);
    // Handled up to: every event before the oldest still being handled (ids enter in order, so it is the first).
    let seen = 0;
    const running = new Set<number>();
    const handledUpTo = () => (running.size ? running.values().next().value! - 1 : seen);
    let saved = 0;
    const deliver = (e: StoredEvent) => {
      seen = e.id;
      if (!wants(e)) return;
      try {
        const done = s.handle(e);
        if (!done) return;
        running.add(e.id);
        const settled = Promise.resolve(done)
          .catch((err) => failed(s, err))
          .finally(() => {
            running.delete(e.id);
            inflight.delete(settled);
          });
        inflight.add(settled);
      } catch (err) {
        failed(s, err);
      }
    };
    if (!s.durable) return bus.subscribe(deliver);
    // One process at a time handles a durable subscriber (a lease, renewed while it runs); the others
    // stand by and take over from its saved cursor when it stops or its lease runs out.
    const key = `subscriber:${s.name}`;
    const wiredAt = bus.deliveredUpTo;
    let active = false;
    let waiting: StoredEvent[] | null = null;
    const off = bus.subscribe((e) => {
      if (waiting) waiting.push(e);
      else if (active) deliver(e);
    });
    /** Holding the lease now: first what was missed since the cursor, live events waiting meanwhile. */
    const activate = async () => {
      active = true;
      waiting = [];
      const upTo = bus.deliveredUpTo;
      try {
        // Never handled before: from where this process started (what came before is not owed).
        await replayEvents(db, s.name, (await readCursor(db, s.name)) ?? wiredAt, upTo, deliver);
      } finally {
        const late = waiting;
        waiting = null;
        late.forEach(deliver);
      }
    };
    let ticking: Promise<void> = Promise.resolve();
    const tick = () =>
      (ticking = ticking.then(async () => {
        const held = await holdLease(db, key, holder, leaseMs).catch((err) => (failed(s, err), active));
        if (held && !active) await activate().catch((err) => failed(s, err));
        else if (!held && active) active = false;
      }));
    void tick();
    const save = async () => {
      const at = handledUpTo();
      if (at <= saved) return;
      await saveCursor(db, s.name, at).catch((err) => failed(s, err));
      saved = at;
    };
    saves.push(async () => {
      await ticking;
      await save();
      if (active) await releaseLease(db, key, holder).catch((err) => failed(s, err));
    });
    const timer = setInterval(() => void save(), CURSOR_SAVE_MS);
    const renew = setInterval(tick, leaseMs / 3);
    timer.unref();
    renew.unref();
    return () => {
      clearInterval(timer);
      clearInterval(renew);
      off();
    };
  });
  return async () => {
    offs.forEach((off) => off());
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(inflight), new Promise<void>((r) => (timer = setTimeout(r, STOP_WAIT_MS)))]);
    clearTimeout(timer);
    await Promise.all(saves.map((save) => save()));
  };
}
