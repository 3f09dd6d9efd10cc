/**
 * Email a chat visitor gave without proof: "leave your email" when nobody is available, or a host
 * site's identify whose hash does not cover the email. The address goes onto the conversation's own
 * contact as unverified (shown so to agents): it never finds or joins another contact, whoever owns
 * the address. An agent's explicit merge joins them. A left email also gets replies by email.
 */
import type { TimelineFact } from '../../../common/timeline.js';
import { encodeJson } from '../../db/json.js';
import { write, type Ctx, type Writer } from '../../domain/context.js';
import { rowForEvent } from '../../domain/conversations.js';
import { insertMessage } from '../../domain/messages.js';

/** Set on a conversation whose visitor left an email address (an away chat): replies also go out by email. */
export const followUpMarker = (conversationId: string) => `chat-email:${conversationId}`;

/** The contact gets the address as unverified, unless it is already the contact's own (verified) email. */
export async function noteUnverifiedEmail(w: Writer, contactId: string, email: string): Promise<void> {
  const c = await w.trx.selectFrom('contacts').select(['email', 'unverified_email']).where('id', '=', contactId).executeTakeFirst();
  if (!c || c.email === email || c.unverified_email === email) return;
  await w.trx.updateTable('contacts').set({ unverified_email: email, updated_at: w.at }).where('id', '=', contactId).execute();
  w.emit({ type: 'contact.updated', inboxId: null, payload: { contactId, changes: ['unverifiedEmail'] } });
}

/**
 * The conversation's contact gets the address (unverified); with `followUp` (the visitor left it
 * to be answered by email) a timeline line and the marker the chat adapter reads are added.
 */
export async function captureVisitorEmail(
  ctx: Ctx,
  channelId: string,
  conversationId: string,
  email: string,
  followUp = true,
): Promise<void> {
  await write(ctx, async (w) => {
    const conv = await w.trx
      .selectFrom('conversations')
      .select(['contact_id', 'inbox_id'])
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    if (conv.contact_id) await noteUnverifiedEmail(w, conv.contact_id, email);
    if (!followUp) return;
    // A timeline line for the agents, and the marker the chat adapter reads: replies go out by email too.
    const marker = followUpMarker(conversationId);
    const has = await w.trx
      .selectFrom('messages')
      .select('id')
      .where('channel_id', '=', channelId)
      .where('external_id', '=', marker)
      .executeTakeFirst();
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
        text: `The visitor left an email address (${email}, not verified): replies also go out by email.`,
        html: null,
        external_id: marker,
        delivery_state: 'none',
        mentions: '[]',
        reply_to: replyTo,
        fact: JSON.stringify({ kind: 'email_left', email } satisfies TimelineFact),
      });
    }
    w.emit({
      type: 'conversation.updated',
      inboxId: conv.inbox_id,
      conversationId,
      payload: { conversation: await rowForEvent(w, conversationId), changes: ['contact'] },
    });
  });
}

/** The email address on the conversation's contact, verified or not, if any. */
export async function contactEmailOf(ctx: Ctx, conversationId: string): Promise<string | null> {
  const r = await ctx.db.kysely
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .select(['contacts.email', 'contacts.unverified_email'])
    .where('conversations.id', '=', conversationId)
    .executeTakeFirst();
  return r?.email ?? r?.unverified_email ?? null;
}
