import type { EventBus } from './events/bus.js';
import type { EventType, StoredEvent } from './events/events.js';
import type { Ctx } from './domain/context.js';
import type { Database } from './db/database.js';
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
   * Owes something for every event (a delivery, a notification): after a stop it resumes from its
   * saved cursor. Its handling must be idempotent (every process sees every event anyway).
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

/** How often a durable subscriber's progress is saved. */
const CURSOR_SAVE_MS = 1000;

/**
 * Subscribes each one to the bus. A durable one first gets what it missed since its cursor (see
 * `events/cursors.ts`), live events waiting meanwhile, and its progress is saved every second.
 * Returns the unsubscribe, which waits (up to 5 s) for handlers at work, then saves the progress a last time.
 */
export function wireSubscribers(bus: EventBus, db: Database, list: Subscriber[]): () => Promise<void> {
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
    const upTo = bus.deliveredUpTo;
    let waiting: StoredEvent[] | null = [];
    const off = bus.subscribe((e) => (waiting ? waiting.push(e) : deliver(e)));
    void (async () => {
      const from = await readCursor(db, s.name);
      if (from !== null) await replayEvents(db, s.name, from, upTo, deliver);
      else await saveCursor(db, s.name, upTo);
    })()
      .catch((err) => failed(s, err))
      .finally(() => {
        const late = waiting ?? [];
        waiting = null;
        late.forEach(deliver);
      });
    const save = async () => {
      const at = handledUpTo();
      if (at <= saved) return;
      await saveCursor(db, s.name, at).catch((err) => failed(s, err));
      saved = at;
    };
    saves.push(save);
    const timer = setInterval(() => void save(), CURSOR_SAVE_MS);
    timer.unref();
    return () => {
      clearInterval(timer);
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
