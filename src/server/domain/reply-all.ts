/**
 * Reply all's Cc, from what the server holds: the rule in `common/reply-all.ts` over the thread's emails
 * (their To/Cc and sender authentication only), the inbox's own addresses and the contact's. The app asks
 * for it when the agent picks Reply all, so it never needs the whole thread loaded.
 */
import type { ReplyAllOut, Recipients, SenderAuth } from '../../common/api.js';
import { replyAllCc } from '../../common/reply-all.js';
import { decodeJson } from '../db/json.js';
import type { Actor } from '../permissions/policy.js';
import type { Ctx } from './context.js';
import { conversationFor } from './conversations.js';
import { fallbackAddress, presentChannel } from './inboxes.js';

export async function replyAllRecipients(ctx: Ctx, actor: Actor, conversationId: string): Promise<ReplyAllOut> {
  const c = await conversationFor(ctx, actor, conversationId, 'read');
  const db = ctx.db.kysely;
  const [emails, channels, inbox, contact] = await Promise.all([
    // Every email of the thread, oldest first: the rule needs the first one as well as the last.
    db
      .selectFrom('messages')
      .select(['kind', 'recipients', 'sender_auth'])
      .where('conversation_id', '=', c.id)
      .where('kind', 'in', ['incoming', 'reply'])
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db.selectFrom('channels').selectAll().where('inbox_id', '=', c.inbox_id).execute(),
    db.selectFrom('inboxes').select('slug').where('id', '=', c.inbox_id).executeTakeFirst(),
    c.contact_id ? db.selectFrom('contacts').select('email').where('id', '=', c.contact_id).executeTakeFirst() : undefined,
  ]);
  const fallback = inbox ? fallbackAddress(ctx, inbox.slug) : undefined;
  const own = [
    ...(fallback ? [fallback] : []),
    ...channels.map((ch) => presentChannel(ch, fallback).address).filter((a): a is string => !!a),
  ];
  const messages = emails.map((m) => ({
    kind: m.kind,
    recipients: m.recipients ? decodeJson<Recipients | null>(m.recipients, null) : null,
    senderAuth: m.sender_auth ? decodeJson<SenderAuth | null>(m.sender_auth, null) : null,
  }));
  return { cc: replyAllCc(messages, contact?.email ?? null, own) };
}
