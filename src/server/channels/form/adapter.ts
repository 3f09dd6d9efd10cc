import { decodeJson } from '../../db/json.js';
import type { Db } from '../../db/database.js';
import type { ChannelsTable } from '../../db/schema.js';
import type { Ctx } from '../../domain/context.js';

/**
 * The email channel a support form's replies are sent through: the inbox's own mailbox used for sending
 * (its identity and signature), else its fallback address. Answers come back to it and thread by the
 * reply's Message-ID (or its reply+ address).
 */
async function emailChannelOf(q: Db, inboxId: string): Promise<ChannelsTable | undefined> {
  const rows = await q
    .selectFrom('channels')
    .selectAll()
    .where('inbox_id', '=', inboxId)
    .where('kind', '=', 'email')
    .where('status', '=', 'on')
    .orderBy('created_at')
    .orderBy('id')
    .limit(50)
    .execute();
  const sends = (c: ChannelsTable) => decodeJson<{ useForSending?: boolean }>(c.settings, {}).useForSending !== false;
  return rows.find((c) => c.address && sends(c)) ?? rows.find((c) => !c.address) ?? rows[0];
}

/** A support form's replies go to the submitter by email, through the inbox's email channel (the email adapter does the sending). */
export function registerFormAdapter(ctx: Ctx): void {
  ctx.adapters.set('form', {
    kind: 'form',
    async heldReason(c, channel, q) {
      const email = await emailChannelOf(q, channel.inbox_id);
      if (!email) return null;
      return (await c.adapters.get('email')?.heldReason?.(c, email, q)) ?? null;
    },
    async deliver(c, channel, m) {
      const email = await emailChannelOf(c.db.kysely, channel.inbox_id);
      const adapter = c.adapters.get('email');
      if (!email || !adapter) throw new Error('This inbox has no email address to answer a form from');
      return adapter.deliver(c, email, m);
    },
  });
}
