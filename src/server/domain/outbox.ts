import { z } from 'zod';
import { enqueue, jobKind } from '../db/job-queue.js';
import type { ChannelsTable, MessagesTable } from '../db/schema.js';
import type { Writer } from './context.js';

/** `deliver-message`: sends one queued reply through its channel's adapter (`jobs/deliver-message.ts`). */
export const DELIVER_JOB = jobKind('deliver-message', z.object({ messageId: z.string() }));

/**
 * The one outbound path: a reply becomes an outbox job in the same transaction as the
 * message. The API channel has no wire: its integration reads the `message.created` event.
 */
export async function queueDelivery(w: Writer, channel: ChannelsTable, m: MessagesTable): Promise<MessagesTable['delivery_state']> {
  if (channel.kind === 'api') return 'none';
  await w.trx.updateTable('messages').set({ delivery_state: 'queued' }).where('id', '=', m.id).execute();
  await enqueue(w.trx, DELIVER_JOB, { messageId: m.id }, { dedupeKey: `deliver:${m.id}` });
  return 'queued';
}
