/** Email capture when nobody is available: the contact gets the address, and replies then go out by email too. */
import { encodeJson } from '../../db/json.js';
import { write, type Ctx } from '../../domain/context.js';
import { rowForEvent } from '../../domain/conversations.js';
import { insertMessage } from '../../domain/messages.js';

/** Set on a conversation whose visitor left an email address (an away chat): replies also go out by email. */
export const followUpMarker = (conversationId: string) => `chat-email:${conversationId}`;

/** The conversation's contact gets the address; an existing contact with it takes the conversation over. */
export async function captureVisitorEmail(ctx: Ctx, channelId: string, conversationId: string, email: string): Promise<void> {
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
    const has = await w.trx.selectFrom('messages').select('id').where('channel_id', '=', channelId).where('external_id', '=', marker).executeTakeFirst();
    // The marker keeps the address the visitor left: follow-ups go there, whatever the contact's address becomes.
    const replyTo = encodeJson([{ email }]);
    if (has) await w.trx.updateTable('messages').set({ reply_to: replyTo }).where('id', '=', has.id).execute();
    else {
      await insertMessage(w, {
        conversation_id: conversationId,
        channel_id: channelId,
        kind: 'system',
        author_user_id: null,
        author_contact_id: null,
        text: `The visitor left an email address (${email}): replies also go out by email.`,
        html: null,
        external_id: marker,
        delivery_state: 'none',
        mentions: '[]',
        reply_to: replyTo,
      });
    }
    w.emit({ type: 'conversation.updated', inboxId: conv.inbox_id, conversationId, payload: { conversation: await rowForEvent(w, conversationId), changes: ['contact'] } });
  });
}

/** The email address on the conversation's contact, if any. */
export async function contactEmailOf(ctx: Ctx, conversationId: string): Promise<string | null> {
  const r = await ctx.db.kysely.selectFrom('conversations').innerJoin('contacts', 'contacts.id', 'conversations.contact_id').select('contacts.email').where('conversations.id', '=', conversationId).executeTakeFirst();
  return r?.email ?? null;
}
