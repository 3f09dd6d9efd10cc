import type { ChannelsTable, MessagesTable } from '../db/schema.js';
import type { Writer } from '../domain/context.js';
import { enqueue } from './queue.js';

/**
 * The one outbound path: a reply becomes an outbox job in the same transaction as the
 * message. The API channel has no wire: its integration reads the `message.created` event.
 */
export async function queueDelivery(w: Writer, channel: ChannelsTable, m: MessagesTable): Promise<MessagesTable['delivery_state']> {
  if (channel.kind === 'api') return 'none';
  await w.trx.updateTable('messages').set({ delivery_state: 'queued' }).where('id', '=', m.id).execute();
  await enqueue(w.trx, 'deliver-message', { messageId: m.id }, { dedupeKey: `deliver:${m.id}` });
  return 'queued';
}
