/**
 * Conversations of imported mail history (`src/server/import/`) settle once their messages are in:
 * one that is over is closed as of its last message, quietly (no events: nothing reacts to history),
 * so its report facts say it closed then.
 */
import { prepared } from '../db/prepared.js';
import type { ConversationsTable } from '../db/schema.js';
import { write, type Ctx } from './context.js';
import { adjustCounts } from './counts.js';
import { clocksOn } from './report-facts.js';

const conversationById = prepared((k, $) => k.selectFrom('conversations').selectAll().where('id', '=', $(0)));

/** Closes an open conversation as of its last message; false when it was not open. */
export async function closeAsOfLastMessage(ctx: Ctx, conversationId: string): Promise<boolean> {
  const c = (await conversationById(ctx.db, ctx.db.kysely, [conversationId])).rows[0];
  if (!c || c.status !== 'open') return false;
  return write({ ...ctx, clock: () => new Date(c.last_message_at) }, async (w) => {
    const before = (await conversationById(w.db, w.trx, [conversationId])).rows[0];
    if (!before || before.status !== 'open') return false;
    const after: ConversationsTable = { ...before, status: 'closed', closed_at: w.at };
    Object.assign(after, clocksOn(w, before, after, { by: 'system' }));
    await w.trx
      .updateTable('conversations')
      .set({
        status: after.status,
        closed_at: after.closed_at,
        waiting_first_since: after.waiting_first_since,
        waiting_reply_since: after.waiting_reply_since,
      })
      .where('id', '=', conversationId)
      .execute();
    adjustCounts(w, before, after);
    return true;
  });
}
