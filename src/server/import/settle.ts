/**
 * The end of a run: each conversation it wrote into is closed as of its last message, unless it
 * still waits for the team: its last message is the customer's, recent (RECENT_DAYS) and not
 * marked replied in the mail client, or one of its messages was flagged there.
 */
import { closeAsOfLastMessage } from '../domain/history.js';
import type { Ctx } from '../domain/context.js';

/** A customer's last message newer than this still waits for an answer. */
export const RECENT_DAYS = 14;
const PAGE = 500;

export async function settleImport(ctx: Ctx, importId: string, now: number): Promise<{ closed: number; open: number }> {
  const k = ctx.db.kysely;
  const recent = new Date(now - RECENT_DAYS * 24 * 3600_000).toISOString();
  let after = '';
  let closed = 0;
  let open = 0;
  for (;;) {
    const rows = await k
      .selectFrom('import_conversations as i')
      .innerJoin('conversations as c', 'c.id', 'i.conversation_id')
      .select(['i.conversation_id', 'i.flagged', 'i.replied_at', 'c.status', 'c.last_message_at', 'c.last_incoming_at'])
      .where('i.import_id', '=', importId)
      .where('i.conversation_id', '>', after)
      .orderBy('i.conversation_id')
      .limit(PAGE)
      .execute();
    const over: string[] = [];
    for (const r of rows) {
      const lastIsCustomer = !!r.last_incoming_at && r.last_incoming_at >= r.last_message_at;
      const answered = !!r.replied_at && r.replied_at >= (r.last_incoming_at ?? '');
      const waits = !!Number(r.flagged) || (lastIsCustomer && r.last_message_at >= recent && !answered);
      if (waits) open++;
      else if (r.status === 'open') over.push(r.conversation_id);
    }
    closed += await closeAsOfLastMessage(ctx, over);
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.conversation_id;
  }
  return { closed, open };
}
