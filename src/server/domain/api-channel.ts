import type { ConversationOut } from '../../common/api.js';
import { authorizeInbox, type Actor } from '../permissions/policy.js';
import type { Ctx } from './context.js';
import { conversationFor, getConversation } from './conversations.js';
import { recordInbound } from './inbound.js';
import { apiChannelOf } from './inboxes.js';

/** The API channel: an integration posts what a contact wrote, as an incoming message. */
export async function createIncomingConversation(
  ctx: Ctx,
  actor: Actor,
  inboxId: string,
  input: { contact: { email?: string; name?: string }; subject?: string; body: string; externalId?: string },
): Promise<ConversationOut> {
  authorizeInbox(actor, inboxId, 'act');
  const channel = await apiChannelOf(ctx, inboxId);
  const r = await recordInbound(ctx, { channelId: channel.id, contact: input.contact, subject: input.subject, text: input.body, externalId: input.externalId });
  return getConversation(ctx, actor, r.conversationId);
}

export async function addIncomingMessage(ctx: Ctx, actor: Actor, conversationId: string, input: { body: string; externalId?: string }): Promise<ConversationOut> {
  const c = await conversationFor(ctx, actor, conversationId, 'reply');
  await recordInbound(ctx, { channelId: c.channel_id, conversationId: c.id, contact: {}, text: input.body, externalId: input.externalId });
  return getConversation(ctx, actor, conversationId);
}
