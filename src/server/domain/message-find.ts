/**
 * Find in a conversation: the messages of one thread whose text holds a phrase (any case), newest first.
 * The app's thread is virtualised and read a page at a time, so the browser's own find sees only the rows
 * drawn; it asks here instead and loads the pages that hold the matches. A thread is read through its
 * `messages_conversation` index; the text is compared with a plain `lower(text) LIKE` on both engines.
 */
import { sql } from 'kysely';
import type { MessageMatches } from '../../common/api.js';
import type { Actor } from '../permissions/policy.js';
import type { Ctx } from './context.js';
import { conversationFor } from './conversations.js';

/** At most this many matches are listed (the newest). */
export const MAX_MATCHES = 500;

export async function findInConversation(ctx: Ctx, actor: Actor, conversationId: string, phrase: string): Promise<MessageMatches> {
  await conversationFor(ctx, actor, conversationId, 'read');
  const pattern = `%${phrase.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await ctx.db.kysely
    .selectFrom('messages')
    .select(['id', 'created_at'])
    .where('conversation_id', '=', conversationId)
    .where('kind', '!=', 'system')
    .where(sql<boolean>`lower(text) like ${pattern} escape '\\'`)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(MAX_MATCHES)
    .execute();
  return { items: rows.map((r) => ({ id: r.id, createdAt: r.created_at })) };
}
