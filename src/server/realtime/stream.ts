import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { StreamServerMessage } from '../../common/api.js';
import { loadActor } from '../domain/auth.js';
import type { Ctx } from '../domain/context.js';
import type { StoredEvent } from '../events/events.js';
import { eventIdAfter, lastEventId, readEventsAfter } from '../events/store.js';
import { sendError } from '../http/errors.js';
import { parseFrame, parseInput } from '../http/input.js';
import { canReadInbox, canReceiveEvent, type Actor } from '../permissions/policy.js';
import type { Presence } from './presence.js';
import { noteAppOpen } from '../domain/availability.js';
import { coalesceWrites } from '../coalesce-writes.js';
import { AccessWatch } from './access-watch.js';
import { metrics } from '../metrics.js';
import { openAppsOf } from './open-apps.js';
import { memorySocketCaps, type SocketCaps } from './socket-caps.js';

const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('presence'), conversationId: z.string().min(1).max(64), state: z.enum(['viewing', 'typing', 'left']) }),
  z.object({ type: z.literal('ping') }),
]);

/**
 * Whether an event may change what this user may read, so the socket's actor is read again first:
 * an inbox added or removed, this user changed, or inbox access or a team changed. Another user's
 * availability or name does not (with many agents online that would be a query per socket each time).
 */
function mayChangeAccessOf(userId: string, e: StoredEvent): boolean {
  if (e.type === 'inbox.created' || e.type === 'inbox.deleted') return true;
  if (e.type !== 'user.updated') return false;
  const p = e.payload as { userId?: string; inboxAccess?: boolean; teamId?: string };
  return p.userId === userId || !!p.inboxAccess || !!p.teamId;
}
/** A resume (`?after=`) replays at most this many events; further behind, the client is told to reload (`reset`). */
export const REPLAY_LIMIT = 10_000;
/** Open stream sockets per user (in all processes with Redis: `socket-caps.ts`); one more is refused with STREAM_CLOSE.tooMany. */
export const MAX_SOCKETS_PER_USER = 20;
/** Frames of one socket waiting to be handled (in order; the first wait for `ready`); one more closes it (4008). */
const MAX_QUEUED_FRAMES = 100;
/** Close codes of the stream (application range 4000-4999, plus 1011 for a server failure). */
export const STREAM_CLOSE = { serverError: 1011, tooMany: 4029, queueFull: 4008 } as const;
const streamQuery = z.object({ after: z.coerce.number().int().min(0).optional() });

interface Client {
  id: string;
  socket: WebSocket;
  actor: Actor;
  name: string;
  lastSent: number;
  /** Serialises work per socket so events go out in order. */
  chain: Promise<void>;
  watching: Set<string>;
  /** Lets the client's frames through (once `ready` is sent). */
  whenReady: () => void;
}

/** An event as the stream sends it (a StreamServerMessage), with its stored payload spliced in as it is. */
function streamText(e: StoredEvent): string {
  const head = JSON.stringify({
    type: 'event',
    id: e.id,
    event: e.type,
    inboxId: e.inboxId,
    conversationId: e.conversationId,
    at: e.createdAt,
  } satisfies Omit<Extract<StreamServerMessage, { type: 'event' }>, 'payload'>);
  return `${head.slice(0, -1)},"payload":${e.payloadJson}}`;
}

/**
 * `/api/v1/stream`: committed events in id order for what the actor may read, resumable with
 * `?after=<id>`, plus presence (viewing / typing) on conversations. Returns the event handler
 * (`subscribers.ts` wires it to the bus).
 */
export function registerStream(
  app: FastifyInstance,
  ctx: Ctx,
  presence: Presence,
  authenticate: (req: FastifyRequest) => Promise<Actor>,
  /** Open sockets per user, in this process or (with Redis) in all of them. */
  caps: SocketCaps = memorySocketCaps(MAX_SOCKETS_PER_USER),
): (e: StoredEvent) => void {
  const clients = new Map<string, Client>();
  const inboxOf = new Map<string, string | null>();

  const sendText = (c: Client, text: string) => {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(text);
  };
  const send = (c: Client, m: StreamServerMessage) => sendText(c, JSON.stringify(m));
  /** Whatever fails while serving a socket ends that socket, never the process: logged, a generic error, closed. */
  const failed = (c: Client, err: unknown) => {
    app.log.error({ err, userId: c.actor.id }, 'stream socket failed');
    send(c, { type: 'error', message: 'Something went wrong on the server; reconnect' });
    c.socket.close(STREAM_CLOSE.serverError, 'server error');
  };
  /** `text`: the event as sent (streamText), made once for all clients. */
  const deliver = async (c: Client, e: StoredEvent, text: () => string) => {
    if (e.id <= c.lastSent) return;
    c.lastSent = e.id;
    if (mayChangeAccessOf(c.actor.id, e)) c.actor = (await loadActor(ctx, c.actor.id)) ?? c.actor;
    if (canReceiveEvent(c.actor, { inboxId: e.inboxId, internal: e.internal, userId: e.userId })) sendText(c, text());
  };
  const once = (e: StoredEvent) => {
    let t: string | undefined;
    return () => (t ??= streamText(e));
  };

  const access = new AccessWatch(ctx);
  const openApps = openAppsOf(ctx);
  app.addHook('onClose', async () => {
    access.stop();
    openApps.close();
  });
  const onEvent = (e: StoredEvent) => {
    access.onEvent(e);
    if (e.type === 'conversation.deleted' && e.conversationId) inboxOf.delete(e.conversationId);
    const text = once(e);
    for (const c of clients.values()) c.chain = c.chain.then(() => deliver(c, e, text)).catch((err) => failed(c, err));
  };

  const conversationInbox = async (id: string): Promise<string | null> => {
    if (!inboxOf.has(id)) {
      const r = await ctx.db.kysely.selectFrom('conversations').select('inbox_id').where('id', '=', id).executeTakeFirst();
      if (!r) return null;
      inboxOf.set(id, r.inbox_id);
    }
    return inboxOf.get(id) ?? null;
  };

  presence.onChange(async (conversationId) => {
    const inboxId = await conversationInbox(conversationId);
    if (!inboxId) return;
    const users = presence.list(conversationId).map((p) => ({ id: p.userId, name: p.name, state: p.state }));
    for (const c of clients.values()) {
      if (canReadInbox(c.actor, inboxId)) send(c, { type: 'presence', conversationId, users });
    }
  });

  /** One client frame, after `ready`. */
  const handle = async (c: Client, raw: unknown, isBinary: boolean) => {
    const parsed = parseFrame(clientMessage, raw, isBinary);
    if (!parsed.ok) return send(c, { type: 'error', message: `Unknown message: ${parsed.message}` });
    const msg = parsed.frame;
    if (msg.type === 'ping') return noteAppOpen(ctx, c.actor.id);
    const inboxId = await conversationInbox(msg.conversationId);
    // Same answer for unknown and unreadable: no hint that it exists.
    if (!inboxId || !canReadInbox(c.actor, inboxId)) return send(c, { type: 'error', message: 'Conversation not found' });
    if (msg.state === 'left') {
      c.watching.delete(msg.conversationId);
      presence.set(c.id, msg.conversationId, null);
    } else {
      c.watching.add(msg.conversationId);
      presence.set(c.id, msg.conversationId, { userId: c.actor.id, name: c.name, state: msg.state });
      const users = presence.list(msg.conversationId).map((p) => ({ id: p.userId, name: p.name, state: p.state }));
      send(c, { type: 'presence', conversationId: msg.conversationId, users });
    }
  };

  /** Resuming: the missed events, unless more than REPLAY_LIMIT were missed; then `reset` (reload) and on from now. */
  const replay = async (c: Client, after: number | undefined) => {
    if (after !== undefined) {
      // An id from the future (e.g. a client of a database since restored) resumes from now.
      c.lastSent = Math.min(after, await lastEventId(ctx.db));
      if ((await eventIdAfter(ctx.db, c.lastSent, REPLAY_LIMIT)) !== null) {
        send(c, { type: 'reset', reason: 'replay_limit', limit: REPLAY_LIMIT });
        c.lastSent = ctx.bus.deliveredUpTo;
      }
    }
    let from = c.lastSent;
    for (;;) {
      const { events, through, more } = await readEventsAfter(ctx.db, from, 500);
      for (const e of events) await deliver(c, e, once(e));
      if (!more) break;
      from = through;
    }
    send(c, { type: 'ready', lastEventId: c.lastSent });
  };

  app.register(async (scoped) => {
    // Authenticate before the upgrade: no session, no socket (401); cross-site cookies refused; a bad `after` is a 400.
    scoped.addHook('preValidation', async (req, reply) => {
      try {
        const actor = await authenticate(req);
        (req as FastifyRequest & { actor?: Actor }).actor = actor;
        (req as FastifyRequest & { after?: number }).after = parseInput(streamQuery, req.query).after;
        // A place among the user's sockets (an upgrade only), freed when the connection ends, upgraded or not.
        const place = req.ws ? await caps.take(actor.id) : null;
        if (place) req.socket.once('close', place);
        (req as FastifyRequest & { place?: (() => void) | null }).place = place;
      } catch (err) {
        return sendError(err, req, reply);
      }
    });
    scoped.get('/api/v1/stream', { websocket: true }, (socket, req) => {
      const r = req as FastifyRequest & { actor: Actor; after?: number; place: (() => void) | null };
      const actor = r.actor;
      const c: Client = {
        id: randomUUID(),
        socket,
        actor,
        name: '',
        lastSent: ctx.bus.deliveredUpTo,
        chain: Promise.resolve(),
        watching: new Set(),
        whenReady: () => undefined,
      };
      const place = r.place;
      if (!place) {
        // The new socket is refused (the open ones keep working): a clear code the app backs off on.
        send(c, { type: 'error', message: `At most ${MAX_SOCKETS_PER_USER} open streams per user; close another tab` });
        return socket.close(STREAM_CLOSE.tooMany, 'too many streams');
      }
      openApps.change(actor.id, 1);
      access.add(socket, actor);
      metrics.streamSockets.inc();
      // Listening at once: frames are handled one after the other, the first once the replay is
      // done (`ready` sent); none is lost. Too many waiting closes the socket (4008).
      let waiting = 0;
      let frames: Promise<void> = new Promise((resolve) => (c.whenReady = resolve));
      socket.on('message', (raw, isBinary) => {
        if (waiting >= MAX_QUEUED_FRAMES) return socket.close(STREAM_CLOSE.queueFull, 'too many frames waiting');
        waiting++;
        frames = frames
          .then(() => (socket.readyState === socket.OPEN ? handle(c, raw, isBinary) : undefined))
          .catch((err) => failed(c, err))
          .finally(() => void waiting--);
      });
      socket.on('close', () => {
        metrics.streamSockets.dec();
        clients.delete(c.id);
        place();
        openApps.change(actor.id, -1);
        presence.dropSocket(c.id);
        void noteAppOpen(ctx, c.actor.id, true).catch((err) => app.log.error({ err }, 'stream: app-open time'));
      });
      coalesceWrites(req.socket);
      c.chain = (async () => {
        const user = await ctx.db.kysely.selectFrom('users').select('name').where('id', '=', actor.id).executeTakeFirst();
        c.name = user?.name ?? '';
        // Closed meanwhile: never listed (its close has run already).
        if (socket.readyState !== socket.OPEN) return;
        // Start from what the bus has delivered; with ?after, first replay what was missed.
        clients.set(c.id, c);
        await replay(c, r.after);
        c.whenReady();
        await noteAppOpen(ctx, actor.id, true);
      })().catch((err) => failed(c, err));
    });
  });
  return onEvent;
}
