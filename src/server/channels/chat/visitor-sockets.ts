/** The open visitor sockets of this process, by channel and visitor, and the cross-process relay that reaches the others. */
import type { WebSocket } from 'ws';
import type { Ctx } from '../../domain/context.js';
import type { VisitorActor } from '../../permissions/policy.js';
import { metrics } from '../../metrics.js';

export interface Visitor {
  id: string;
  socket: WebSocket;
  actor: VisitorActor;
  ip: string;
  name?: string;
  /** A verified email (the identity hash covers it): finds the contact that has it. */
  email?: string;
  /** An email given without proof (identify without an email hash, or left in the widget): unverified on the visitor's own contact. */
  claimedEmail?: string;
  /** The claimed email was left in the widget to be answered by email. */
  leftEmail?: boolean;
  page?: string;
  conversationId: string | null;
  typing: boolean;
  viewing: boolean;
  /** What this widget was last told about agents' availability. */
  available: boolean;
  inboxId: string;
}

export const sendTo = (s: WebSocket, m: unknown) => {
  if (s.readyState === s.OPEN) s.send(JSON.stringify(m));
};

export type VisitorSockets = ReturnType<typeof visitorSockets>;

/** `channelId visitorKey` -> open sockets of that visitor in this process; pushes and drops reach every process through the relay. */
export function visitorSockets(ctx: Ctx) {
  const sockets = new Map<string, Set<Visitor>>();
  const keyOf = (channelId: string, visitorKey: string) => `${channelId} ${visitorKey}`;

  const pushLocal = (channelId: string, visitorKey: string, m: unknown) => {
    for (const v of sockets.get(keyOf(channelId, visitorKey)) ?? []) sendTo(v.socket, m);
  };
  const relay = ctx.bus.relay;
  relay?.onMessage('chat', (d: { channelId: string; visitorKey: string; m: unknown }) => pushLocal(d.channelId, d.visitorKey, d.m));
  const push = (channelId: string, visitorKey: string, m: unknown) => {
    pushLocal(channelId, visitorKey, m);
    relay?.send('chat', { channelId, visitorKey, m });
  };

  // Revoked visitors (forgotten, shut down, adopted, a rotated secret): their sockets close in every
  // process; the widget reconnects, its token is refused and it starts over as a new visitor.
  const dropLocal = (d: { channelId: string; visitorKey: string | null }) => {
    for (const [k, set] of sockets)
      if (d.visitorKey ? k === keyOf(d.channelId, d.visitorKey) : k.startsWith(`${d.channelId} `))
        for (const x of set) x.socket.close(4003, 'revoked');
  };
  relay?.onMessage('chat-drop', dropLocal);
  const drop = (channelId: string, visitorKey: string | null) => {
    dropLocal({ channelId, visitorKey });
    relay?.send('chat-drop', { channelId, visitorKey });
  };

  return {
    pushLocal,
    push,
    drop,
    /** This visitor's sockets in this process (its other tabs). */
    of: (channelId: string, visitorKey: string): Iterable<Visitor> => sockets.get(keyOf(channelId, visitorKey)) ?? [],
    /** Every open socket of a channel in this process. */
    ofChannel: (channelId: string): Visitor[] => [...sockets].filter(([k]) => k.startsWith(`${channelId} `)).flatMap(([, set]) => [...set]),
    all: (): Visitor[] => [...sockets.values()].flatMap((set) => [...set]),
    add(channelId: string, v: Visitor) {
      const k = keyOf(channelId, v.actor.visitorKey);
      if (!sockets.has(k)) sockets.set(k, new Set());
      const set = sockets.get(k)!;
      if (!set.has(v)) metrics.widgetSockets.inc();
      set.add(v);
    },
    remove(channelId: string, v: Visitor) {
      const k = keyOf(channelId, v.actor.visitorKey);
      if (sockets.get(k)?.delete(v)) metrics.widgetSockets.dec();
      if (!sockets.get(k)?.size) sockets.delete(k);
    },
  };
}
