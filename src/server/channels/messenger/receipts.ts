/** Messenger's delivery and read receipts on our replies: `delivered` by mid or watermark, `read` up to the watermark. */
import type { MessagesTable } from '../../db/schema.js';
import { write, type Ctx } from '../../domain/context.js';
import { presentMessage } from '../../domain/messages.js';

export interface Receipt {
  psid: string;
  kind: 'delivered' | 'read';
  mids: string[];
  /** Every message sent before this time (ms) is delivered or read. */
  watermark?: number;
}

/** At most this many messages change per receipt (older ones were marked by earlier receipts). */
const MAX_PER_RECEIPT = 100;

export async function markReceipts(ctx: Ctx, channelId: string, receipts: Receipt[]): Promise<void> {
  await write(ctx, async (w) => {
    for (const r of receipts) {
      const from: MessagesTable['delivery_state'][] = r.kind === 'read' ? ['sent', 'delivered'] : ['sent'];
      const sender = await w.trx
        .selectFrom('messenger_senders')
        .select('contact_id')
        .where('channel_id', '=', channelId)
        .where('psid', '=', r.psid)
        .executeTakeFirst();
      if (!sender) continue;
      let q = w.trx
        .selectFrom('messages as m')
        .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
        .selectAll('m')
        .select('c.inbox_id')
        .where('m.channel_id', '=', channelId)
        .where('c.contact_id', '=', sender.contact_id)
        .where('m.kind', '=', 'reply')
        .where('m.delivery_state', 'in', from);
      const before = r.watermark ? new Date(r.watermark).toISOString() : null;
      if (r.mids.length && before) q = q.where((eb) => eb.or([eb('m.external_id', 'in', r.mids), eb('m.created_at', '<=', before)]));
      else if (r.mids.length) q = q.where('m.external_id', 'in', r.mids);
      else if (before) q = q.where('m.created_at', '<=', before);
      else continue;
      const rows = await q.orderBy('m.created_at', 'desc').limit(MAX_PER_RECEIPT).execute();
      if (!rows.length) continue;
      await w.trx
        .updateTable('messages')
        .set({ delivery_state: r.kind })
        .where(
          'id',
          'in',
          rows.map((m) => m.id),
        )
        .execute();
      for (const { inbox_id, ...m } of rows)
        w.emit({
          type: 'message.updated',
          inboxId: inbox_id,
          conversationId: m.conversation_id,
          payload: { message: presentMessage({ ...m, delivery_state: r.kind }, {}) },
        });
    }
  });
}
