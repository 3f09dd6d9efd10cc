/**
 * One visitor's socket: the frames the widget sends (hello, message, typing and viewing, email, ping, forget),
 * each checked, then handled in order; messages are recorded through recordInbound (group commit) with the
 * client's id as externalId.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { ChannelsTable } from '../../db/schema.js';
import type { Ctx } from '../../domain/context.js';
import { recordInboundGrouped } from '../../domain/commit-group.js';
import { messageByExternalId, previewOf } from '../../domain/messages.js';
import type { VisitorActor } from '../../permissions/policy.js';
import type { Presence } from '../../realtime/presence.js';
import { parseFrame } from '../../http/input.js';
import { chatSettingsOf, openChatSettings } from './manage.js';
import { publicConfig } from './settings.js';
import { anyoneAvailable } from '../../domain/availability.js';
import { captureVisitorEmail, contactEmailOf } from './email-capture.js';
import { conversationOf, externalIdFor, history, type VisitorMessage } from './history.js';
import type { RateLimiter } from './rate-limit.js';
import { claimedPage, startRefusal } from './targeting.js';
import { matchesAudienceProperty } from './audience.js';
import { newVisitorKey, readVisitorToken, signVisitorToken, userVisitorKey, verifyIdentity } from './tokens.js';
import { adoptAnonymous, forgetVisitor, isRevoked } from './visitors.js';
import { sendTo, type Visitor, type VisitorSockets } from './visitor-sockets.js';

export const MAX_TEXT = 5000;
/** A chat's subject: its first message on one line, cut at a word near 80 characters. */
export function subjectOf(text: string): string {
  const line = previewOf(text);
  if (line.length <= 80) return line;
  const cut = line.slice(0, 80);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 60)).trimEnd()}…`;
}
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
  z.object({ type: z.literal('forget') }),
]);

/** What every visitor socket of the process shares. */
export interface SessionDeps {
  ctx: Ctx;
  presence: Presence;
  sockets: VisitorSockets;
  limits: { perVisitor: RateLimiter; perAddress: RateLimiter; startsPerAddress: RateLimiter };
  log: FastifyBaseLogger;
}

/** The socket's channel (its row and parsed settings, shared by its sockets) and the two request fields kept. */
export interface SessionOrigin {
  channel: ChannelsTable;
  settings: ReturnType<typeof openChatSettings>;
  origin: string | undefined;
  ip: string;
}

export function openVisitorSession(deps: SessionDeps, socket: WebSocket, at: SessionOrigin): void {
  const { ctx, presence, sockets, limits, log } = deps;
  const { channel, settings, origin, ip } = at;
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
      available: await anyoneAvailable(ctx.db.kysely, channel.inbox_id),
      inboxId: channel.inbox_id,
    };
    sockets.add(channel.id, v);
    sendTo(socket, {
      type: 'welcome',
      token: signVisitorToken(settings.secret, channel.id, visitorKey),
      config: publicConfig(
        channel.name,
        settings,
        !(await matchesAudienceProperty(ctx, channel.id, settings, { ...actor, email: v.email })),
      ),
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
      const s = now && chatSettingsOf(now);
      const why = s
        ? startRefusal(
            s,
            v.page,
            v.actor.visitorKey.startsWith('u:'),
            await matchesAudienceProperty(ctx, channel.id, s, { ...v.actor, email: v.email }),
          )
        : 'Chat channel not found';
      if (why) return fail('targeting', why, { clientId: msg.clientId });
    }
    if (
      !(await limits.perVisitor.take(`${channel.id} ${v.actor.visitorKey}`)) ||
      !(await limits.perAddress.take(v.ip)) ||
      (starting && !(await limits.startsPerAddress.take(v.ip)))
    ) {
      return fail('rate_limited', 'You are sending messages too quickly. Please wait a moment.', { clientId: msg.clientId });
    }
    const r = await recordInboundGrouped(ctx, {
      channelId: channel.id,
      // A visitor who gave no name or email stays nameless: the app shows a short label of the contact's own.
      contact: { email: v.email, name: v.name },
      // The first message is the subject, so chats can be told apart in the list.
      subject: starting ? subjectOf(text) : undefined,
      pageUrl: starting ? (v.page?.slice(0, 2000) ?? null) : undefined,
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
    for (const o of sockets.of(channel.id, v.actor.visitorKey)) {
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
        log.error({ err, channelId: channel.id }, 'widget socket failed');
        fail('server', 'Something went wrong; the message will be sent again.');
        socket.close(1011, 'server error');
      });
  });
  socket.on('close', () => {
    if (!v) return;
    presence.dropSocket(v.id);
    sockets.remove(channel.id, v);
  });
}
