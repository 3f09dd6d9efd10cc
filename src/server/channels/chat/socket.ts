import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ChannelsTable } from '../../db/schema.js';
import type { Ctx } from '../../domain/context.js';
import type { StoredEvent } from '../../events/events.js';
import type { Presence } from '../../realtime/presence.js';
import { chatSettingsOf, openChatSettings } from './manage.js';
import { publicConfig } from './settings.js';
import { matchesAudienceProperty } from './audience.js';
import { visitorOfConversation } from './history.js';
import { rateLimiter } from './rate-limit.js';
import type { SharedRedis } from '../../shared-redis.js';
import { watchAvailability } from './live.js';
import { parseInput } from '../../http/input.js';
import { sendError } from '../../http/errors.js';
import { registerChatAdapter } from './adapter.js';
import { openVisitorSession } from './visitor-session.js';
import { sendTo, visitorSockets } from './visitor-sockets.js';

/** The upgrade's query, checked like every input (NUL refused: 400); an unknown channel is a 404. */
const socketQuery = z.looseObject({ channel: z.string().max(200).default('') });

/** What the chat sockets do with events (wired in `subscribers.ts`). */
export interface ChatEventHandlers {
  channelChanged(e: StoredEvent): void;
  availabilityChanged(): void;
}

/**
 * The chat channel: the visitor socket `/api/v1/widget/socket?channel=<id>` (origin checked here before the
 * upgrade; its frames in `visitor-session.ts`), the `chat` adapter that pushes agents' replies to the visitor's
 * sockets (`adapter.ts`, through `visitor-sockets.ts`), and what changes reach open widgets.
 */
export function registerChat(app: FastifyInstance, ctx: Ctx, presence: Presence, redis?: SharedRedis): ChatEventHandlers {
  const sockets = visitorSockets(ctx);
  // With Redis they hold across every process (a visitor's tabs may reach different ones).
  const limits = {
    perVisitor: rateLimiter(redis, 'chat-visitor', 20, 10_000),
    perAddress: rateLimiter(redis, 'chat-address', 120, 10_000),
    startsPerAddress: rateLimiter(redis, 'chat-starts', 10, 60_000),
  };
  const availabilityChanged = watchAvailability(ctx, sockets.all, (x, available) => {
    x.available = available;
    sendTo(x.socket, { type: 'availability', available });
  });
  registerChatAdapter(ctx, sockets);

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
      const s = chatSettingsOf(c);
      for (const v of sockets.ofChannel(channelId)) {
        if (c.status !== 'on') sendTo(v.socket, { type: 'closed' });
        else {
          // A property audience is decided per visitor, from their contact.
          const excluded = !(await matchesAudienceProperty(ctx, channelId, s, { ...v.actor, email: v.email }));
          sendTo(v.socket, { type: 'config', config: publicConfig(c.name, s, excluded) });
        }
      }
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
    sockets.pushLocal(conv.channel_id, key, { type: 'typing', agents: agents.filter((p) => p.state === 'typing').map((p) => p.name) });
    // An agent with the conversation open has seen the visitor's messages (read state in the widget).
    if (agents.length) sockets.pushLocal(conv.channel_id, key, { type: 'seen', by: agents.map((p) => p.name) });
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
      openVisitorSession({ ctx, presence, sockets, limits, log: app.log }, socket, {
        channel,
        settings,
        origin: req.headers.origin,
        ip: req.ip,
      });
    });
  });
  return { channelChanged, availabilityChanged };
}
