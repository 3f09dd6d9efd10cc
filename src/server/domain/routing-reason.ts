import type { Ctx } from './context.js';

/** Why the conversation was last assigned automatically (or left unassigned), for the API. */
export async function routingReasonOf(ctx: Ctx, conversationId: string): Promise<string | null> {
  const r = await ctx.db.kysely
    .selectFrom('conversation_routing')
    .select('reason')
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  return r?.reason ?? null;
}
