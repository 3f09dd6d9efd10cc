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
const closeConversation = prepared((k, $) =>
  k
    .updateTable('conversations')
    .set({ status: 'closed', closed_at: $(1), waiting_first_since: $(2), waiting_reply_since: $(3) })
    .where('id', '=', $(0))
    .where('status', '=', 'open'),
);

/** Closes the open ones of these conversations, each as of its last message, in one transaction; how many it closed. */
export async function closeAsOfLastMessage(ctx: Ctx, conversationIds: string[]): Promise<number> {
  if (!conversationIds.length) return 0;
  return write(ctx, async (outer) => {
    let closed = 0;
    for (const id of conversationIds) {
      const before = (await conversationById(outer.db, outer.trx, [id])).rows[0];
      if (!before || before.status !== 'open') continue;
      const w = { ...outer, at: before.last_message_at };
      const from = w.facts.length;
      const after: ConversationsTable = { ...before, status: 'closed', closed_at: w.at };
      Object.assign(after, clocksOn(w, before, after, { by: 'system' }));
      for (const f of w.facts.slice(from)) f.at ??= w.at;
      await closeConversation(w.db, w.trx, [id, after.closed_at, after.waiting_first_since, after.waiting_reply_since]);
      adjustCounts(w, before, after);
      closed++;
    }
    return closed;
  });
}
