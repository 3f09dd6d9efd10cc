import type { ConversationOut } from '../../common/api.js';
import { authorizeInbox, type Actor } from '../permissions/policy.js';
import type { Ctx } from './context.js';
import { conversationFor, getConversation } from './conversations.js';
import { conflict } from './errors.js';
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
  const r = await recordInbound(ctx, {
    channelId: channel.id,
    contact: input.contact,
    subject: input.subject,
    text: input.body,
    externalId: input.externalId,
  });
  return getConversation(ctx, actor, r.conversationId);
}

/**
 * A further message from the contact of an API channel conversation. Any other channel's customer
 * messages come only from that channel (an email, the visitor's widget): an agent posting one would
 * put words in the customer's mouth (a chat visitor sees it as their own), so those answer 409.
 */
export async function addIncomingMessage(
  ctx: Ctx,
  actor: Actor,
  conversationId: string,
  input: { body: string; externalId?: string },
): Promise<ConversationOut> {
  const c = await conversationFor(ctx, actor, conversationId, 'reply');
  if (c.channel_kind !== 'api') throw conflict('api_channel_only', 'customer messages can only be posted to API channel conversations');
  await recordInbound(ctx, { channelId: c.channel_id, conversationId: c.id, contact: {}, text: input.body, externalId: input.externalId });
  return getConversation(ctx, actor, conversationId);
}
