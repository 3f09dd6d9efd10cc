import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { StreamServerMessage } from '../../common/api.js';
import { loadActor } from '../domain/auth.js';
import type { Ctx } from '../domain/context.js';
import type { StoredEvent } from '../events/events.js';
import { lastEventId, readEventsAfter } from '../events/store.js';
import { sendError } from '../http/errors.js';
import { canReadInbox, canReceiveEvent, type Actor } from '../permissions/policy.js';
import type { Presence } from './presence.js';
import { noteAppOpen } from '../domain/availability.js';
import { coalesceWrites } from '../coalesce-writes.js';
import { AccessWatch } from './access-watch.js';

const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('presence'), conversationId: z.string().min(1).max(64), state: z.enum(['viewing', 'typing', 'left']) }),
  z.object({ type: z.literal('ping') }),
]);

const ACCESS_EVENTS = new Set(['inbox.created', 'inbox.updated', 'inbox.deleted', 'user.updated']);
const BACKFILL_LIMIT = 10_000;

interface Client {
  id: string;
  socket: WebSocket;
  actor: Actor;
  name: string;
  lastSent: number;
  /** Serialises work per socket so events go out in order. */
  chain: Promise<void>;
  watching: Set<string>;
}

/** An event as the stream sends it (a StreamServerMessage), with its stored payload spliced in as it is. */
function streamText(e: StoredEvent): string {
  const head = JSON.stringify({ type: 'event', id: e.id, event: e.type, inboxId: e.inboxId, conversationId: e.conversationId, at: e.createdAt } satisfies Omit<Extract<StreamServerMessage, { type: 'event' }>, 'payload'>);
  return `${head.slice(0, -1)},"payload":${e.payloadJson}}`;
}

/**
 * `/api/v1/stream`: committed events in id order for what the actor may read, resumable with
 * `?after=<id>`, plus presence (viewing / typing) on conversations.
 */
export function registerStream(
  app: FastifyInstance,
  ctx: Ctx,
  presence: Presence,
  authenticate: (req: FastifyRequest) => Promise<Actor>,
): void {
  const clients = new Map<string, Client>();
  const inboxOf = new Map<string, string | null>();

  const sendText = (c: Client, text: string) => {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(text);
  };
  const send = (c: Client, m: StreamServerMessage) => sendText(c, JSON.stringify(m));
  /** `text`: the event as sent (streamText), made once for all clients. */
  const deliver = async (c: Client, e: StoredEvent, text: () => string) => {
    if (e.id <= c.lastSent) return;
    c.lastSent = e.id;
    if (ACCESS_EVENTS.has(e.type)) c.actor = (await loadActor(ctx, c.actor.id)) ?? c.actor;
    if (canReceiveEvent(c.actor, { inboxId: e.inboxId, internal: e.internal })) sendText(c, text());
  };
  const once = (e: StoredEvent) => {
    let t: string | undefined;
    return () => (t ??= streamText(e));
  };

  const access = new AccessWatch(ctx);
  app.addHook('onClose', async () => access.stop());
  ctx.bus.subscribe((e) => {
    access.onEvent(e);
    if (e.type === 'conversation.deleted' && e.conversationId) inboxOf.delete(e.conversationId);
    const text = once(e);
    for (const c of clients.values()) c.chain = c.chain.then(() => deliver(c, e, text)).catch(() => undefined);
  });

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

  app.register(async (scoped) => {
    // Authenticate before the upgrade: no session, no socket (401); cross-site cookies refused.
    scoped.addHook('preValidation', async (req, reply) => {
      try {
        (req as FastifyRequest & { actor?: Actor }).actor = await authenticate(req);
      } catch (err) {
        return sendError(err, req, reply);
      }
    });
    scoped.get('/api/v1/stream', { websocket: true }, async (socket, req) => {
      const actor = (req as FastifyRequest & { actor: Actor }).actor;
      const after = Number((req.query as Record<string, string>).after ?? NaN);
      const user = await ctx.db.kysely.selectFrom('users').select('name').where('id', '=', actor.id).executeTakeFirst();
      coalesceWrites(req.socket);
      const c: Client = { id: randomUUID(), socket, actor, name: user?.name ?? '', lastSent: 0, chain: Promise.resolve(), watching: new Set() };
      // Start from what the bus has delivered; with ?after, first replay what was missed.
      // An id from the future (e.g. a client of a database since restored) resumes from now.
      c.lastSent = Number.isFinite(after) && after >= 0 ? Math.min(after, await lastEventId(ctx.db)) : ctx.bus.deliveredUpTo;
      c.chain = (async () => {
        let from = c.lastSent;
        for (let total = 0; total < BACKFILL_LIMIT; ) {
          const batch = await readEventsAfter(ctx.db, from, 500);
          for (const e of batch) await deliver(c, e, once(e));
          total += batch.length;
          if (batch.length < 500) break;
          from = batch[batch.length - 1]!.id;
        }
        send(c, { type: 'ready', lastEventId: c.lastSent });
      })().catch(() => undefined);
      clients.set(c.id, c);
      access.add(socket, actor);
      void noteAppOpen(ctx, actor.id, true);

      socket.on('message', (raw) => {
        let msg: z.infer<typeof clientMessage>;
        try {
          msg = clientMessage.parse(JSON.parse(String(raw)));
        } catch {
          return send(c, { type: 'error', message: 'Unknown message' });
        }
        if (msg.type === 'ping') return void noteAppOpen(ctx, c.actor.id);
        void (async () => {
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
        })();
      });
      socket.on('close', () => {
        clients.delete(c.id);
        presence.dropSocket(c.id);
        void noteAppOpen(ctx, c.actor.id, true);
      });
    });
  });
}
