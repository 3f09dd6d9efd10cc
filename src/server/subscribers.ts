import type { EventBus } from './events/bus.js';
import type { EventType, StoredEvent } from './events/events.js';
import type { Ctx } from './domain/context.js';
import { queueTranscriptOnClose } from './channels/chat/transcript.js';
import { WEBHOOK_SOURCE_EVENTS, webhookSubscriber } from './domain/webhook-events.js';

/** Something that reacts to committed events. Handlers run in event order; one failing does not stop the others. */
export interface Subscriber {
  name: string;
  /** The event types it wants; every event when absent. */
  events?: readonly EventType[];
  handle(e: StoredEvent): void | Promise<void>;
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
 * Every event subscriber of a server, in one list: `main.ts` wires it at start. Notifications,
 * webhooks and reports join here.
 */
export function subscribers(ctx: Ctx, live: LiveHandlers): Subscriber[] {
  return [
    { name: 'stream', handle: live.stream },
    { name: 'chat-availability', events: ['user.updated', 'inbox.updated', 'channel.updated'], handle: live.chatAvailability },
    // A closed chat: its transcript goes to the assigned agent through the outbox.
    { name: 'chat-transcript', events: ['conversation.updated'], handle: (e) => queueTranscriptOnClose(ctx, e) },
    { name: 'chat-widget-config', events: ['channel.updated'], handle: live.chatChannelChanged },
    // Outgoing webhooks: a delivery row and a `deliver-webhook` job per endpoint that wants the event.
    { name: 'webhooks', events: WEBHOOK_SOURCE_EVENTS, handle: webhookSubscriber(ctx) },
  ];
}

/** Subscribes each one to the bus; returns the unsubscribe. */
export function wireSubscribers(bus: EventBus, list: Subscriber[]): () => void {
  const failed = (s: Subscriber, err: unknown) => console.error(`event subscriber ${s.name} failed`, err);
  const offs = list.map((s) =>
    bus.subscribe((e) => {
      if (s.events && !s.events.includes(e.type)) return;
      try {
        void Promise.resolve(s.handle(e)).catch((err) => failed(s, err));
      } catch (err) {
        failed(s, err);
      }
    }),
  );
  return () => offs.forEach((off) => off());
}
