import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { ChannelsTable, MessagesTable } from '../../db/schema.js';
import type { Ctx } from '../../domain/context.js';
import { recordInbound } from '../../domain/inbound.js';
import { visitorMayReadConversation, visitorMaySeeMessage, type VisitorActor } from '../../permissions/policy.js';
import type { Presence } from '../../realtime/presence.js';
import { chatSettingsOf } from './manage.js';
import { publicConfig } from './settings.js';
import { anyoneAvailable } from './availability.js';
import { queueTranscriptOnClose, setTranscriptMail } from './transcript.js';
import type { MailEnv } from '../email/env.js';
import { write } from '../../domain/context.js';
import { rowForEvent } from '../../domain/conversations.js';
import { insertMessage } from '../../domain/messages.js';
import { adapterFor, registerAdapter } from '../channel.js';
import { RateLimiter } from './rate-limit.js';
import { newVisitorKey, signVisitorToken, userVisitorKey, verifyIdentity, verifyVisitorToken } from './tokens.js';

export const MAX_TEXT = 5000;
const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
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
]);

/** What the widget shows: only the visitor's own messages and the agents' replies. */
export interface VisitorMessage {
  id: string;
  clientId: string | null;
  from: 'visitor' | 'agent';
  text: string;
  author: string | null;
  /** The agent's avatar and meeting link (F-CHAT.5), on agents' messages. */
  avatarUrl?: string | null;
  meetingLink?: string | null;
  at: string;
}

type AgentInfo = { name: string | null; avatarUrl: string | null; meetingLink: string | null };

interface Visitor {
  id: string;
  socket: WebSocket;
  actor: VisitorActor;
  ip: string;
  name?: string;
  email?: string;
  page?: string;
  conversationId: string | null;
  typing: boolean;
  viewing: boolean;
}

/** Set on a conversation whose visitor left an email address (an away chat): replies also go out by email. */
export const followUpMarker = (conversationId: string) => `chat-email:${conversationId}`;
const externalIdFor = (key: string, cid: string) => `chat:${key}:${cid}`;
const prefixOf = (key: string) => `chat:${key}:`;
/** `;` sorts right after `:`: the range [prefix, end) holds exactly the ids that start with prefix. */
const prefixEnd = (key: string) => `chat:${key};`;

function visitorKeyOf(externalId: string | null): string | null {
  const m = /^chat:([uv]:[A-Za-z0-9_-]+):/.exec(externalId ?? '');
  return m ? m[1]! : null;
}

export function toVisitorMessage(m: Pick<MessagesTable, 'id' | 'kind' | 'text' | 'external_id' | 'created_at'>, agent: AgentInfo | null): VisitorMessage {
  const incoming = m.kind === 'incoming';
  if (incoming) return { id: m.id, clientId: m.external_id?.split(':').pop() ?? null, from: 'visitor', text: m.text, author: null, at: m.created_at };
  return { id: m.id, clientId: null, from: 'agent', text: m.text, author: agent?.name ?? null, avatarUrl: agent?.avatarUrl ?? null, meetingLink: agent?.meetingLink ?? null, at: m.created_at };
}

/** The visitor's conversation on this channel (the newest one it wrote in), or null. */
async function conversationOf(ctx: Ctx, channelId: string, key: string): Promise<string | null> {
  const r = await ctx.db.kysely
    .selectFrom('messages')
    .select('conversation_id')
    .where('channel_id', '=', channelId)
    .where('external_id', '>=', prefixOf(key))
    .where('external_id', '<', prefixEnd(key))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.conversation_id ?? null;
}

/** Whose conversation this is: the visitor key in its first chat message's id. */
async function visitorOfConversation(ctx: Ctx, conversationId: string): Promise<string | null> {
  const r = await ctx.db.kysely.selectFrom('messages').select('external_id').where('conversation_id', '=', conversationId).where('kind', '=', 'incoming').where('external_id', 'like', 'chat:%').orderBy('id').limit(1).executeTakeFirst();
  return visitorKeyOf(r?.external_id ?? null);
}

async function history(ctx: Ctx, v: VisitorActor, conversationId: string): Promise<VisitorMessage[]> {
  const conv = await ctx.db.kysely.selectFrom('conversations').select(['channel_id']).where('id', '=', conversationId).executeTakeFirst();
  if (!conv || !visitorMayReadConversation(v, { channelId: conv.channel_id, visitorKey: await visitorOfConversation(ctx, conversationId) })) return [];
  const rows = await ctx.db.kysely
    .selectFrom('messages')
    .leftJoin('users', 'users.id', 'messages.author_user_id')
    .select(['messages.id', 'messages.kind', 'messages.text', 'messages.external_id', 'messages.created_at', 'users.name as author', 'users.avatar_url', 'users.meeting_link'])
    .where('messages.conversation_id', '=', conversationId)
    .where('messages.kind', 'in', ['incoming', 'reply'])
    .orderBy('messages.id', 'desc')
    .limit(200)
    .execute();
  return rows
    .reverse()
    .filter(visitorMaySeeMessage)
    .map((m) => toVisitorMessage(m, { name: m.author, avatarUrl: m.avatar_url, meetingLink: m.meeting_link }));
}

const sendTo = (s: WebSocket, m: unknown) => {
  if (s.readyState === s.OPEN) s.send(JSON.stringify(m));
};

/**
 * The chat channel: the visitor socket `/api/v1/widget/socket?channel=<id>` (origin and token
 * checked here, messages recorded through recordInbound with the client's id as externalId) and
 * the `chat` adapter that pushes agents' replies to the visitor's sockets.
 */
export function registerChat(app: FastifyInstance, ctx: Ctx, presence: Presence, mail?: MailEnv): void {
  setTranscriptMail(mail);
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

  registerAdapter({
    kind: 'chat',
    async deliver(ctx2, channel, m) {
      const key = await visitorOfConversation(ctx2, m.conversation_id);
      if (!key || !visitorMaySeeMessage(m)) return null;
      const u = m.author_user_id ? await ctx2.db.kysely.selectFrom('users').select(['name', 'avatar_url', 'meeting_link']).where('id', '=', m.author_user_id).executeTakeFirst() : undefined;
      push(channel.id, key, { type: 'message', message: toVisitorMessage(m, u ? { name: u.name, avatarUrl: u.avatar_url, meetingLink: u.meeting_link } : null) });
      // A visitor who left an email (nobody was available) gets the reply by email too, through the
      // inbox's email channel; a held or failed send retries the job (the widget ignores repeats).
      const followUp = await ctx2.db.kysely.selectFrom('messages').select('id').where('channel_id', '=', channel.id).where('external_id', '=', followUpMarker(m.conversation_id)).executeTakeFirst();
      const email = followUp ? adapterFor('email') : undefined;
      if (email) {
        const via = await ctx2.db.kysely.selectFrom('channels').selectAll().where('inbox_id', '=', channel.inbox_id).where('kind', '=', 'email').orderBy('created_at').executeTakeFirst();
        if (via) return email.deliver(ctx2, via, m);
      }
      // Otherwise a visitor who is away sees it in the history on the next connect: the reply is delivered.
      return null;
    },
  });

  // A closed chat: its transcript goes to the assigned agent through the outbox.
  ctx.bus.subscribe((e) => void queueTranscriptOnClose(ctx, e).catch((err) => console.error('chat transcript', err)));

  // A changed channel reaches open widgets at once (targeting, welcome, colour): no redeploy.
  ctx.bus.subscribe((e) => {
    const channelId = (e.payload as { channelId?: string } | null)?.channelId;
    if (e.type !== 'inbox.updated' || !channelId) return;
    void (async () => {
      const c = await ctx.db.kysely.selectFrom('channels').selectAll().where('id', '=', channelId).where('kind', '=', 'chat').executeTakeFirst();
      if (!c) return;
      const config = publicConfig(c.name, chatSettingsOf(c));
      for (const [k, set] of sockets) if (k.startsWith(`${channelId} `)) for (const v of set) sendTo(v.socket, c.status === 'on' ? { type: 'config', config } : { type: 'closed' });
    })().catch(() => undefined);
  });

  // Agents typing in a visitor's conversation: shown in the widget.
  presence.onChange(async (conversationId) => {
    const conv = await ctx.db.kysely.selectFrom('conversations').select(['channel_id', 'channel_kind']).where('id', '=', conversationId).executeTakeFirst();
    if (conv?.channel_kind !== 'chat') return;
    const key = await visitorOfConversation(ctx, conversationId);
    if (!key) return;
    const agents = presence.list(conversationId).filter((p) => !p.userId.startsWith('visitor:'));
    pushLocal(conv.channel_id, key, { type: 'typing', agents: agents.filter((p) => p.state === 'typing').map((p) => p.name) });
    // An agent with the conversation open has seen the visitor's messages (read state in the widget).
    if (agents.length) pushLocal(conv.channel_id, key, { type: 'seen', by: agents.map((p) => p.name) });
  });

  app.register(async (scoped) => {
    // Refused before the upgrade: unknown or switched-off channel, or an origin the channel does not allow.
    scoped.addHook('preValidation', async (req: FastifyRequest & { chatChannel?: ChannelsTable }, reply) => {
      const id = String((req.query as Record<string, unknown>).channel ?? '');
      const c = id.length <= 64 ? await ctx.db.kysely.selectFrom('channels').selectAll().where('id', '=', id).where('kind', '=', 'chat').executeTakeFirst() : undefined;
      if (!c || c.status !== 'on') return reply.status(404).send({ error: 'not_found', message: 'Chat channel not found' });
      const allowed = chatSettingsOf(c).allowedOrigins;
      const origin = req.headers.origin;
      if (allowed.length && (!origin || !allowed.includes(origin))) return reply.status(403).send({ error: 'forbidden', message: 'This site may not embed the chat' });
      req.chatChannel = c;
    });

    scoped.get('/api/v1/widget/socket', { websocket: true }, (socket, req) => {
      const channel = (req as FastifyRequest & { chatChannel: ChannelsTable }).chatChannel;
      const settings = chatSettingsOf(channel);
      let v: Visitor | null = null;
      let chain = Promise.resolve();
      const fail = (code: string, message: string, extra: Record<string, unknown> = {}) => sendTo(socket, { type: 'error', code, message, ...extra });

      const hello = async (msg: Extract<z.infer<typeof clientMessage>, { type: 'hello' }>) => {
        if (v) return fail('invalid', 'Already introduced');
        let visitorKey: string | null = null;
        if (msg.userId) {
          if (!msg.hash || !verifyIdentity(settings.secret, msg.userId, msg.hash)) {
            fail('identity', 'The user id could not be verified');
            return socket.close(4001, 'identity');
          }
          visitorKey = userVisitorKey(msg.userId);
        } else if (msg.token) {
          visitorKey = verifyVisitorToken(settings.secret, channel.id, msg.token);
          if (!visitorKey) {
            fail('token', 'The visitor token is not valid');
            return socket.close(4001, 'token');
          }
        }
        visitorKey ??= newVisitorKey();
        const actor: VisitorActor = { type: 'visitor', channelId: channel.id, visitorKey };
        // An email from the host page counts only for a verified user; anyone else leaves one through email capture.
        v = { id: randomUUID(), socket, actor, ip: req.ip, name: msg.name, email: visitorKey.startsWith('u:') ? msg.email : undefined, page: msg.page, conversationId: await conversationOf(ctx, channel.id, visitorKey), typing: false, viewing: false };
        const k = keyOf(channel.id, visitorKey);
        if (!sockets.has(k)) sockets.set(k, new Set());
        sockets.get(k)!.add(v);
        sendTo(socket, {
          type: 'welcome',
          token: signVisitorToken(settings.secret, channel.id, visitorKey),
          config: publicConfig(channel.name, settings),
          messages: v.conversationId ? await history(ctx, actor, v.conversationId) : [],
          available: await anyoneAvailable(ctx, channel.inbox_id),
          awayMessage: settings.awayMessage,
          emailKnown: Boolean(v.email ?? (v.conversationId ? await contactEmailOf(v.conversationId) : null)),
        });
      };

      const contactEmailOf = async (conversationId: string) => {
        const r = await ctx.db.kysely.selectFrom('conversations').innerJoin('contacts', 'contacts.id', 'conversations.contact_id').select('contacts.email').where('conversations.id', '=', conversationId).executeTakeFirst();
        return r?.email ?? null;
      };

      /** Email capture: the conversation's contact gets the address; an existing contact with it takes the conversation over. */
      const captureEmail = async (email: string) => {
        if (!v) return fail('invalid', 'Say hello first');
        v.email = email;
        const conversationId = v.conversationId;
        if (conversationId) {
          await write(ctx, async (w) => {
            const conv = await w.trx.selectFrom('conversations').select(['contact_id', 'inbox_id']).where('id', '=', conversationId).executeTakeFirstOrThrow();
            const owner = await w.trx.selectFrom('contacts').select(['id']).where('email', '=', email).executeTakeFirst();
            if (owner && owner.id !== conv.contact_id) {
              await w.trx.updateTable('conversations').set({ contact_id: owner.id }).where('id', '=', conversationId).execute();
              await w.trx.updateTable('messages').set({ author_contact_id: owner.id }).where('conversation_id', '=', conversationId).where('author_contact_id', '=', conv.contact_id).execute();
            } else if (conv.contact_id && !owner) {
              await w.trx.updateTable('contacts').set({ email, updated_at: w.at }).where('id', '=', conv.contact_id).execute();
            }
            // A timeline line for the agents, and the marker the chat adapter reads: replies go out by email too.
            const marker = followUpMarker(conversationId);
            const has = await w.trx.selectFrom('messages').select('id').where('channel_id', '=', channel.id).where('external_id', '=', marker).executeTakeFirst();
            if (!has) {
              await insertMessage(w, {
                conversation_id: conversationId,
                channel_id: channel.id,
                kind: 'system',
                author_user_id: null,
                author_contact_id: null,
                text: `The visitor left an email address (${email}): replies also go out by email.`,
                html: null,
                external_id: marker,
                delivery_state: 'none',
                mentions: '[]',
              });
            }
            w.emit({ type: 'conversation.updated', inboxId: conv.inbox_id, conversationId, payload: { conversation: await rowForEvent(w, conversationId), changes: ['contact'] } });
          });
        }
        sendTo(socket, { type: 'email-saved', email });
      };

      const message = async (msg: Extract<z.infer<typeof clientMessage>, { type: 'message' }>) => {
        if (!v) return fail('invalid', 'Say hello first', { clientId: msg.clientId });
        const text = msg.text.trim();
        if (!text) return fail('invalid', 'The message is empty', { clientId: msg.clientId });
        if (text.length > MAX_TEXT) return fail('too_long', `Messages are limited to ${MAX_TEXT} characters`, { clientId: msg.clientId });
        const externalId = externalIdFor(v.actor.visitorKey, msg.clientId);
        // A resend of something already stored is acknowledged without counting against the limits.
        const known = await ctx.db.kysely.selectFrom('messages').select(['id', 'conversation_id']).where('channel_id', '=', channel.id).where('external_id', '=', externalId).executeTakeFirst();
        if (known) return sendTo(socket, { type: 'ack', clientId: msg.clientId, id: known.id, conversationId: known.conversation_id });
        const starting = !v.conversationId;
        if (!perVisitor.take(`${channel.id} ${v.actor.visitorKey}`) || !perAddress.take(v.ip) || (starting && !startsPerAddress.take(v.ip))) {
          return fail('rate_limited', 'You are sending messages too quickly. Please wait a moment.', { clientId: msg.clientId });
        }
        const r = await recordInbound(ctx, {
          channelId: channel.id,
          contact: { email: v.email, name: v.name ?? (v.email ? undefined : 'Website visitor') },
          subject: starting ? `Chat${v.page ? ` on ${v.page.slice(0, 150)}` : ''}` : undefined,
          text,
          externalId,
          conversationId: v.conversationId ?? undefined,
        });
        v.conversationId = r.conversationId;
        if (starting && v.viewing) presence.set(v.id, r.conversationId, { userId: `visitor:${v.actor.visitorKey}`, name: v.name ?? 'Website visitor', state: 'viewing' });
        sendTo(socket, { type: 'ack', clientId: msg.clientId, id: r.messageId, conversationId: r.conversationId });
        const watching = presence.list(r.conversationId).filter((p) => !p.userId.startsWith('visitor:'));
        if (watching.length) sendTo(socket, { type: 'seen', by: watching.map((p) => p.name) });
        // The visitor's other tabs show it too.
        for (const o of sockets.get(keyOf(channel.id, v.actor.visitorKey)) ?? []) {
          if (o !== v) sendTo(o.socket, { type: 'message', message: { id: r.messageId, clientId: msg.clientId, from: 'visitor', text, author: null, at: new Date().toISOString() } satisfies VisitorMessage });
        }
      };

      socket.on('message', (raw) => {
        let msg: z.infer<typeof clientMessage>;
        try {
          msg = clientMessage.parse(JSON.parse(String(raw)));
        } catch {
          return fail('invalid', 'Unknown message');
        }
        chain = chain
          .then(async () => {
            if (msg.type === 'hello') return hello(msg);
            if (msg.type === 'message') return message(msg);
            if (msg.type === 'ping') return sendTo(socket, { type: 'pong' });
            if (msg.type === 'email') return captureEmail(msg.email);
            if ((msg.type === 'typing' || msg.type === 'viewing') && v) {
              v[msg.type] = msg.on;
              // Shown to the agents like an agent's presence (the stream filters it by inbox as usual):
              // typing, or viewing while the widget is open on a visible page (the visitor's read state).
              const state = v.typing ? 'typing' : v.viewing ? 'viewing' : null;
              if (v.conversationId) presence.set(v.id, v.conversationId, state ? { userId: `visitor:${v.actor.visitorKey}`, name: v.name ?? 'Website visitor', state } : null);
            }
          })
          .catch((err) => fail('server', 'Something went wrong; the message will be sent again.', { detail: String((err as Error).message ?? err).slice(0, 200) }));
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
}
