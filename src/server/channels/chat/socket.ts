import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { ChannelsTable } from '../../db/schema.js';
import type { Ctx } from '../../domain/context.js';
import type { StoredEvent } from '../../events/events.js';
import { recordInboundGrouped } from '../../domain/inbound.js';
import { messageByExternalId } from '../../domain/messages.js';
import { visitorMaySeeMessage, type VisitorActor } from '../../permissions/policy.js';
import type { Presence } from '../../realtime/presence.js';
import { chatSettingsOf, openChatSettings } from './manage.js';
import { publicConfig } from './settings.js';
import { anyoneAvailable } from './availability.js';
import { captureVisitorEmail, contactEmailOf, followUpMarker } from './email-capture.js';
import { conversationOf, externalIdFor, history, toVisitorMessage, visitorOfConversation, type VisitorMessage } from './history.js';
import { RateLimiter } from './rate-limit.js';
import { claimedPage, startRefusal } from './targeting.js';
import { newVisitorKey, readVisitorToken, signVisitorToken, userVisitorKey, verifyIdentity } from './tokens.js';
import { adoptAnonymous, forgetVisitor, isRevoked } from './visitors.js';
import { watchAvailability } from './live.js';
import { parseFrame, parseInput } from '../../http/input.js';
import { sendError } from '../../http/errors.js';

export const MAX_TEXT = 5000;
const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
/** The upgrade's query, checked like every input (NUL refused: 400); an unknown channel is a 404. */
const socketQuery = z.looseObject({ channel: z.string().max(200).default('') });
const clientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    token: z.string().max(2000).optional(),
    userId: z.string().min(1).max(200).optional(),
    hash: z.string().max(200).optional(),
    name: z.string().trim().max(200).optional(),
    email: z.string().trim().toLowerCase().email().max(320).optional(),
    page: z.string().max(2000).optional(),
  }),
  z.object({ type: z.literal('message'), clientId, text: z.string().max(MAX_TEXT * 2) }),
  z.object({ type: z.literal('typing'), on: z.boolean() }),
  z.object({ type: z.literal('viewing'), on: z.boolean() }),
  z.object({ type: z.literal('email'), email: z.string().trim().toLowerCase().email().max(320) }),
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('forget') }),
]);

interface Visitor {
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

const sendTo = (s: WebSocket, m: unknown) => {
  if (s.readyState === s.OPEN) s.send(JSON.stringify(m));
};

/** What the chat sockets do with events (wired in `subscribers.ts`). */
export interface ChatEventHandlers {
  channelChanged(e: StoredEvent): void;
  availabilityChanged(): void;
}

/**
 * The chat channel: the visitor socket `/api/v1/widget/socket?channel=<id>` (origin and token
 * checked here, messages recorded through recordInbound (group commit) with the client's id as externalId) and
 * the `chat` adapter that pushes agents' replies to the visitor's sockets.
 */
export function registerChat(app: FastifyInstance, ctx: Ctx, presence: Presence): ChatEventHandlers {
  /** `channelId visitorKey` -> open sockets of that visitor in this process. */
  const sockets = new Map<string, Set<Visitor>>();
  const keyOf = (channelId: string, visitorKey: string) => `${channelId} ${visitorKey}`;
  const perVisitor = new RateLimiter(20, 10_000);
  const perAddress = new RateLimiter(120, 10_000);
  const startsPerAddress = new RateLimiter(10, 60_000);

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
  const availabilityChanged = watchAvailability(
    ctx,
    () => [...sockets.values()].flatMap((set) => [...set]),
    (x, available) => {
      x.available = available;
      sendTo(x.socket, { type: 'availability', available });
    },
  );

  ctx.adapters.set('chat', {
    kind: 'chat',
    disconnect(channelId, visitorKey) {
      dropLocal({ channelId, visitorKey });
      relay?.send('chat-drop', { channelId, visitorKey });
    },
    async deliver(ctx2, channel, m) {
      const key = await visitorOfConversation(ctx2, m.conversation_id);
      if (!key || !visitorMaySeeMessage(m)) return null;
      const u = m.author_user_id
        ? await ctx2.db.kysely
            .selectFrom('users')
            .select(['name', 'avatar_url', 'meeting_link'])
            .where('id', '=', m.author_user_id)
            .executeTakeFirst()
        : undefined;
      push(channel.id, key, {
        type: 'message',
        message: toVisitorMessage(m, u ? { name: u.name, avatarUrl: u.avatar_url, meetingLink: u.meeting_link } : null),
      });
      // A visitor who left an email (nobody was available) gets the reply by email too, through the
      // inbox's email channel; a held or failed send retries the job (the widget ignores repeats).
      const followUp = await ctx2.db.kysely
        .selectFrom('messages')
        .select(['id', 'reply_to'])
        .where('channel_id', '=', channel.id)
        .where('external_id', '=', followUpMarker(m.conversation_id))
        .executeTakeFirst();
      const email = followUp ? ctx2.adapters.get('email') : undefined;
      if (email) {
        const via = await ctx2.db.kysely
          .selectFrom('channels')
          .selectAll()
          .where('inbox_id', '=', channel.inbox_id)
          .where('kind', '=', 'email')
          .orderBy('created_at')
          .executeTakeFirst();
        // To the address the visitor left (kept on the marker), never the contact's address of now.
        const to = followUp?.reply_to ? `{"to":${followUp.reply_to},"cc":[]}` : null;
        if (via) return email.deliver(ctx2, via, { ...m, recipients: m.recipients ?? to });
      }
      // Otherwise a visitor who is away sees it in the history on the next connect: the reply is delivered.
      return null;
    },
  });

  // A changed channel reaches open widgets at once (targeting, welcome, colour): no redeploy.
  const channelChanged = (e: StoredEvent) => {
    if (e.type !== 'channel.updated') return;
    const channelId = (e.payload as { channelId?: string } | null)?.channelId;
    if (!channelId) return;
    void (async () => {
      const c = await ctx.db.kysely
        .selectFrom('channels')
        .selectAll()
        .where('id', '=', channelId)
        .where('kind', '=', 'chat')
        .executeTakeFirst();
      if (!c) return;
      const config = publicConfig(c.name, chatSettingsOf(c));
      for (const [k, set] of sockets)
        if (k.startsWith(`${channelId} `))
          for (const v of set) sendTo(v.socket, c.status === 'on' ? { type: 'config', config } : { type: 'closed' });
    })().catch(() => undefined);
  };

  // Agents typing in a visitor's conversation: shown in the widget.
  presence.onChange(async (conversationId) => {
    const conv = await ctx.db.kysely
      .selectFrom('conversations')
      .select(['channel_id', 'channel_kind'])
      .where('id', '=', conversationId)
      .executeTakeFirst();
    if (conv?.channel_kind !== 'chat') return;
    const key = await visitorOfConversation(ctx, conversationId);
    if (!key) return;
    const agents = presence.list(conversationId).filter((p) => !p.userId.startsWith('visitor:'));
    pushLocal(conv.channel_id, key, { type: 'typing', agents: agents.filter((p) => p.state === 'typing').map((p) => p.name) });
    // An agent with the conversation open has seen the visitor's messages (read state in the widget).
    if (agents.length) pushLocal(conv.channel_id, key, { type: 'seen', by: agents.map((p) => p.name) });
  });

  /** One copy of a channel's row and settings for all its sockets (until the row changes). */
  const channels = new Map<string, { channel: ChannelsTable; settings: ReturnType<typeof openChatSettings> }>();
  const shared = (c: ChannelsTable) => {
    const hit = channels.get(c.id);
    if (
      hit &&
      hit.channel.settings === c.settings &&
      hit.channel.name === c.name &&
      hit.channel.status === c.status &&
      hit.channel.inbox_id === c.inbox_id
    )
      return hit;
    const fresh = { channel: c, settings: openChatSettings(ctx.secrets, c) };
    channels.set(c.id, fresh);
    return fresh;
  };

  app.register(async (scoped) => {
    // Refused before the upgrade: unknown or switched-off channel, or an origin the channel does not allow.
    scoped.addHook('preValidation', async (req: FastifyRequest & { chatChannel?: ChannelsTable }, reply) => {
      let id: string;
      try {
        id = parseInput(socketQuery, req.query).channel;
      } catch (err) {
        return sendError(err, req, reply);
      }
      const c =
        id.length <= 64
          ? await ctx.db.kysely.selectFrom('channels').selectAll().where('id', '=', id).where('kind', '=', 'chat').executeTakeFirst()
          : undefined;
      if (!c || c.status !== 'on') return reply.status(404).send({ error: 'not_found', message: 'Chat channel not found' });
      const allowed = chatSettingsOf(c).allowedOrigins;
      const origin = req.headers.origin;
      if (allowed.length && (!origin || !allowed.includes(origin)))
        return reply.status(403).send({ error: 'forbidden', reason: 'embed_refused', message: 'This site may not embed the chat' });
      req.chatChannel = c;
    });

    scoped.get('/api/v1/widget/socket', { websocket: true }, (socket, req) => {
      // An idle widget costs little: sockets of one channel share its row and parsed settings, and
      // only the two request fields needed later are kept (not the request).
      const { channel, settings } = shared((req as FastifyRequest & { chatChannel: ChannelsTable }).chatChannel);
      const origin = req.headers.origin;
      const ip = req.ip;
      let v: Visitor | null = null;
      let chain = Promise.resolve();
      const fail = (code: string, message: string, extra: Record<string, unknown> = {}) =>
        sendTo(socket, { type: 'error', code, message, ...extra });

      const hello = async (msg: Extract<z.infer<typeof clientMessage>, { type: 'hello' }>) => {
        if (v) return fail('invalid', 'Already introduced');
        let visitorKey: string | null = null;
        // A token that is not (or no longer) good starts a fresh anonymous visitor: nothing of the old one shows.
        const token = msg.token ? readVisitorToken(settings.secret, channel.id, msg.token) : null;
        const refused = !msg.token
          ? null
          : !token
            ? 'not valid'
            : token.expired
              ? 'expired'
              : (await isRevoked(ctx, channel.id, token.key, token.issuedAt))
                ? 'revoked'
                : null;
        if (refused && !msg.userId) fail('token', `The visitor token is ${refused}; a new conversation starts`);
        // The hash proves the user id, and the email only when it covers it; an email it does not cover stays unverified.
        let proven: { emailVerified: boolean } | null = null;
        if (msg.userId) {
          proven = msg.hash ? verifyIdentity(settings.secret, msg.userId, msg.hash, msg.email) : null;
          if (!proven) {
            fail('identity', 'The user id could not be verified');
            return socket.close(4001, 'identity');
          }
          visitorKey = userVisitorKey(msg.userId);
          // Identified after chatting anonymously: the anonymous chats become the user's.
          if (token && !refused && token.key.startsWith('v:')) {
            await adoptAnonymous(
              ctx,
              channel.id,
              token.key,
              visitorKey,
              proven.emailVerified ? { email: msg.email, name: msg.name } : { unverifiedEmail: msg.email, name: msg.name },
            );
          }
        } else if (token && !refused) visitorKey = token.key;
        visitorKey ??= newVisitorKey();
        const actor: VisitorActor = { type: 'visitor', channelId: channel.id, visitorKey };
        const page = claimedPage(msg.page, origin);
        // An email from the host page counts only for a verified user whose hash covers it; anyone else leaves one through email capture.
        v = {
          id: randomUUID(),
          socket,
          actor,
          ip,
          name: msg.name,
          email: proven?.emailVerified ? msg.email : undefined,
          claimedEmail: proven && !proven.emailVerified ? msg.email : undefined,
          page,
          conversationId: await conversationOf(ctx, channel.id, visitorKey),
          typing: false,
          viewing: false,
          available: await anyoneAvailable(ctx, channel.inbox_id),
          inboxId: channel.inbox_id,
        };
        const k = keyOf(channel.id, visitorKey);
        if (!sockets.has(k)) sockets.set(k, new Set());
        sockets.get(k)!.add(v);
        sendTo(socket, {
          type: 'welcome',
          token: signVisitorToken(settings.secret, channel.id, visitorKey),
          config: publicConfig(channel.name, settings),
          messages: v.conversationId ? await history(ctx, actor, v.conversationId) : [],
          available: v.available,
          awayMessage: settings.awayMessage,
          emailKnown: Boolean(v.email ?? v.claimedEmail ?? (v.conversationId ? await contactEmailOf(ctx, v.conversationId) : null)),
        });
      };

      /** Shutdown on the host page (the user logged out): this visitor's tokens stop working everywhere. */
      const forget = async () => {
        if (!v) return socket.close(1000, 'forgotten');
        await forgetVisitor(ctx, channel.id, v.actor.visitorKey);
      };

      /** Email capture: onto the conversation's own contact, unverified (never onto another contact with that address). */
      const captureEmail = async (email: string) => {
        if (!v) return fail('invalid', 'Say hello first');
        v.claimedEmail = email;
        v.leftEmail = true;
        if (v.conversationId) await captureVisitorEmail(ctx, channel.id, v.conversationId, email);
        sendTo(socket, { type: 'email-saved', email });
      };

      const message = async (msg: Extract<z.infer<typeof clientMessage>, { type: 'message' }>) => {
        if (!v) return fail('invalid', 'Say hello first', { clientId: msg.clientId });
        const text = msg.text.trim();
        if (!text) return fail('invalid', 'The message is empty', { clientId: msg.clientId });
        if (text.length > MAX_TEXT) return fail('too_long', `Messages are limited to ${MAX_TEXT} characters`, { clientId: msg.clientId });
        const externalId = externalIdFor(v.actor.visitorKey, msg.clientId);
        // A resend of something already stored is acknowledged without counting against the limits.
        const known = await messageByExternalId(ctx.db, channel.id, externalId);
        if (known) return sendTo(socket, { type: 'ack', clientId: msg.clientId, id: known.id, conversationId: known.conversation_id });
        const starting = !v.conversationId;
        if (starting) {
          // Targeting and audience hold on the server too, with the channel's current settings.
          const now = await ctx.db.kysely.selectFrom('channels').selectAll().where('id', '=', channel.id).executeTakeFirst();
          const why = now ? startRefusal(chatSettingsOf(now), v.page, v.actor.visitorKey.startsWith('u:')) : 'Chat channel not found';
          if (why) return fail('targeting', why, { clientId: msg.clientId });
        }
        if (
          !perVisitor.take(`${channel.id} ${v.actor.visitorKey}`) ||
          !perAddress.take(v.ip) ||
          (starting && !startsPerAddress.take(v.ip))
        ) {
          return fail('rate_limited', 'You are sending messages too quickly. Please wait a moment.', { clientId: msg.clientId });
        }
        const r = await recordInboundGrouped(ctx, {
          channelId: channel.id,
          contact: { email: v.email, name: v.name ?? (v.email ? undefined : 'Website visitor') },
          subject: starting ? `Chat${v.page ? ` on ${v.page.slice(0, 150)}` : ''}` : undefined,
          text,
          externalId,
          checkedNew: true,
          conversationId: v.conversationId ?? undefined,
        });
        v.conversationId = r.conversationId;
        // An email given without proof before the first message goes onto the new conversation's own contact, unverified.
        if (starting && v.claimedEmail) await captureVisitorEmail(ctx, channel.id, r.conversationId, v.claimedEmail, Boolean(v.leftEmail));
        if (starting && v.viewing)
          presence.set(v.id, r.conversationId, {
            userId: `visitor:${v.actor.visitorKey}`,
            name: v.name ?? 'Website visitor',
            state: 'viewing',
          });
        sendTo(socket, { type: 'ack', clientId: msg.clientId, id: r.messageId, conversationId: r.conversationId });
        const watching = presence.list(r.conversationId).filter((p) => !p.userId.startsWith('visitor:'));
        if (watching.length) sendTo(socket, { type: 'seen', by: watching.map((p) => p.name) });
        // The visitor's other tabs show it too.
        for (const o of sockets.get(keyOf(channel.id, v.actor.visitorKey)) ?? []) {
          if (o !== v)
            sendTo(o.socket, {
              type: 'message',
              message: {
                id: r.messageId,
                clientId: msg.clientId,
                from: 'visitor',
                text,
                author: null,
                at: new Date().toISOString(),
              } satisfies VisitorMessage,
            });
        }
      };

      socket.on('message', (raw, isBinary) => {
        const parsed = parseFrame(clientMessage, raw, isBinary);
        if (!parsed.ok) return fail('invalid', `Unknown message: ${parsed.message}`);
        const msg = parsed.frame;
        chain = chain
          .then(async () => {
            if (msg.type === 'hello') return hello(msg);
            if (msg.type === 'message') return message(msg);
            if (msg.type === 'ping') return sendTo(socket, { type: 'pong' });
            if (msg.type === 'email') return captureEmail(msg.email);
            if (msg.type === 'forget') return forget();
            if ((msg.type === 'typing' || msg.type === 'viewing') && v) {
              v[msg.type] = msg.on;
              // Shown to the agents like an agent's presence (the stream filters it by inbox as usual):
              // typing, or viewing while the widget is open on a visible page (the visitor's read state).
              const state = v.typing ? 'typing' : v.viewing ? 'viewing' : null;
              if (v.conversationId)
                presence.set(
                  v.id,
                  v.conversationId,
                  state ? { userId: `visitor:${v.actor.visitorKey}`, name: v.name ?? 'Website visitor', state } : null,
                );
            }
          })
          .catch((err) => {
            // Logged here, never shown: a database's words stay on the server. The socket closes and
            // the widget reconnects, sending again what was not acknowledged.
            app.log.error({ err, channelId: channel.id }, 'widget socket failed');
            fail('server', 'Something went wrong; the message will be sent again.');
            socket.close(1011, 'server error');
          });
      });
      socket.on('close', () => {
        if (!v) return;
        presence.dropSocket(v.id);
        const k = keyOf(channel.id, v.actor.visitorKey);
        sockets.get(k)?.delete(v);
        if (!sockets.get(k)?.size) sockets.delete(k);
      });
    });
  });
  return { channelChanged, availabilityChanged };
}
