import type { RoutingFact } from '../../common/timeline.js';
import { decodeJson } from '../db/json.js';
import type { Ctx } from './context.js';

/**
 * Why the conversation was last assigned automatically (or left unassigned): the English sentence for the API,
 * and its fact for the app to word in the reader's language (null for decisions stored before facts).
 */
export async function routingReasonOf(ctx: Ctx, conversationId: string): Promise<{ reason: string | null; fact: RoutingFact | null }> {
  const r = await ctx.db.kysely
    .selectFrom('conversation_routing')
    .select(['reason', 'fact'])
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  return { reason: r?.reason ?? null, fact: r?.fact ? decodeJson<RoutingFact | null>(r.fact, null) : null };
}
