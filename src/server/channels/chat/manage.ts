import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ChatChannelOut as ChatChannelSchema } from '../../../common/api-outputs/channels.js';
import { decodeJson } from '../../db/json.js';
import type { ChannelsTable } from '../../db/schema.js';
import { write, type Ctx } from '../../domain/context.js';
import { conversationFor } from '../../domain/conversations.js';
import { invalid, notFound } from '../../domain/errors.js';
import { randomToken } from '../../domain/ids.js';
import { insertChannel, presentChannel } from '../../domain/inboxes.js';
import { authorizeAdmin, authorizeInbox, isAdmin, type Actor } from '../../permissions/policy.js';
import { channelSettings, encodeChannelSettings, type Secrets } from '../../secrets.js';
import { visitorOfConversation } from './history.js';
import { chatDefaults, identifySnippet, newChatSettings, installSnippet, type ChatSettings, type ChatSettingsInput } from './settings.js';
import { dropVisitors, forgetVisitor } from './visitors.js';

export type ChatChannelOut = z.output<typeof ChatChannelSchema>;

/** The channel's settings as stored: `secret` stays encrypted (enough for everything but tokens and hashes). */
export const chatSettingsOf = (c: ChannelsTable): ChatSettings => ({
  ...chatDefaults,
  secret: '',
  ...decodeJson<Partial<ChatSettings>>(c.settings, {}),
});
/** The settings with the identity secret decrypted, for signing and checking tokens and hashes. */
export const openChatSettings = (secrets: Secrets, c: ChannelsTable): ChatSettings => ({
  ...chatDefaults,
  secret: '',
  ...channelSettings<Partial<ChatSettings>>(secrets, c, {}),
});

/** The server's address as the browser sees it (PUBLIC_URL behind a proxy sets the forwarded headers). */
export const baseUrlOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

/** The 'property' audience needs its property and value (the settings as they will be stored). */
function checkAudience(s: Pick<ChatSettings, 'audience' | 'audienceProperty'>): void {
  if (s.audience === 'property' && !s.audienceProperty)
    throw invalid('audienceProperty', 'is needed for the audience "known contacts with a property"', 'required');
}

/** The channel when the actor may read its inbox (404 otherwise), or null when there is none. */
export async function readable(ctx: Ctx, actor: Actor, id: string): Promise<ChannelsTable | null> {
  const c = await ctx.db.kysely.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) return null;
  try {
    authorizeInbox(actor, c.inbox_id, 'read');
  } catch {
    throw notFound('Channel not found');
  }
  return c;
}

export function presentChatChannel(secrets: Secrets, c: ChannelsTable, actor: Actor, baseUrl: string): ChatChannelOut {
  const out: ChatChannelOut = { ...presentChannel(c), installSnippet: installSnippet(baseUrl, c.id) };
  // Admins need the secret to compute identity hashes on their own server.
  if (isAdmin(actor)) {
    out.identitySecret = openChatSettings(secrets, c).secret;
    out.identifySnippet = identifySnippet();
  }
  return out;
}

/** `GET /channels/:id` for a chat channel, or null when the channel is of another kind. */
export async function getChatChannel(ctx: Ctx, actor: Actor, id: string, baseUrl: string): Promise<ChatChannelOut | null> {
  const c = await readable(ctx, actor, id);
  if (!c || c.kind !== 'chat') return null;
  return presentChatChannel(ctx.secrets, c, actor, baseUrl);
}

export async function createChatChannel(
  ctx: Ctx,
  actor: Actor,
  inboxId: string,
  input: { name: string; settings: ChatSettingsInput },
  baseUrl: string,
): Promise<ChatChannelOut> {
  authorizeInbox(actor, inboxId, 'read');
  authorizeAdmin(actor);
  const settings: ChatSettings = { ...newChatSettings(input.settings), secret: randomToken(32) };
  checkAudience(settings);
  const row = await write(ctx, (w) =>
    insertChannel(w, { inboxId, kind: 'chat', name: input.name, settings: encodeChannelSettings(ctx.secrets, settings) }),
  );
  return presentChatChannel(ctx.secrets, row, actor, baseUrl);
}

/** Rename, switch on/off, change the widget's settings; open widgets pick changes up on their next connect. */
export async function updateChatChannel(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { name?: string; status?: 'on' | 'off'; settings?: ChatSettingsInput },
  baseUrl: string,
): Promise<ChatChannelOut | null> {
  const c = await readable(ctx, actor, id);
  if (!c || c.kind !== 'chat') return null;
  authorizeAdmin(actor);
  const settings = { ...chatSettingsOf(c), ...input.settings };
  checkAudience(settings);
  const next = {
    ...c,
    name: input.name ?? c.name,
    status: input.status ?? c.status,
    settings: encodeChannelSettings(ctx.secrets, settings),
  };
  await write(ctx, async (w) => {
    await w.trx
      .updateTable('channels')
      .set({ name: next.name, status: next.status, settings: next.settings })
      .where('id', '=', id)
      .execute();
    w.emit({ type: 'channel.updated', inboxId: c.inbox_id, payload: { inboxId: c.inbox_id, channelId: id } });
  });
  return presentChatChannel(ctx.secrets, next, actor, baseUrl);
}

/**
 * A new identity secret: every visitor token and identity hash made with the old one stops working,
 * so open widgets start over as new visitors (the host site computes hashes with the new secret).
 */
export async function rotateChatSecret(ctx: Ctx, actor: Actor, id: string, baseUrl: string): Promise<ChatChannelOut> {
  const c = await readable(ctx, actor, id);
  if (!c) throw notFound('Channel not found');
  authorizeAdmin(actor);
  if (c.kind !== 'chat') throw invalid('channel', 'is not a website chat channel', 'not_chat_channel');
  const next = { ...c, settings: encodeChannelSettings(ctx.secrets, { ...chatSettingsOf(c), secret: randomToken(32) }) };
  await write(ctx, async (w) => {
    await w.trx.updateTable('channels').set({ settings: next.settings }).where('id', '=', id).execute();
    w.emit({ type: 'channel.updated', inboxId: c.inbox_id, payload: { inboxId: c.inbox_id, channelId: id } });
  });
  dropVisitors(ctx, id, null);
  return presentChatChannel(ctx.secrets, next, actor, baseUrl);
}

/** "Forget this visitor" on a chat conversation: the visitor's device loses access; the conversation stays. */
export async function forgetConversationVisitor(ctx: Ctx, actor: Actor, conversationId: string): Promise<{ forgotten: true }> {
  const c = await conversationFor(ctx, actor, conversationId, 'assign');
  const key = c.channel_kind === 'chat' ? await visitorOfConversation(ctx, conversationId) : null;
  if (!key) throw invalid('conversation', 'is not a website chat with a visitor', 'not_chat_conversation');
  await forgetVisitor(ctx, c.channel_id, key);
  return { forgotten: true };
}
