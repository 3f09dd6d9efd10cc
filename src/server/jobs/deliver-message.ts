import type { Ctx } from '../domain/context.js';
import { adapterFor } from '../channels/channel.js';

/** Sends one queued reply through its channel's adapter and records the outcome on the message. */
export async function deliverMessage(ctx: Ctx, payload: { messageId: string }): Promise<void> {
  const k = ctx.db.kysely;
  const m = await k.selectFrom('messages').selectAll().where('id', '=', payload.messageId).executeTakeFirst();
  if (!m || m.delivery_state === 'sent') return;
  const channel = await k.selectFrom('channels').selectAll().where('id', '=', m.channel_id).executeTakeFirstOrThrow();
  const adapter = adapterFor(channel.kind);
  try {
    if (!adapter) throw new Error(`The ${channel.kind} channel cannot send yet`);
    const externalId = await adapter.deliver(ctx, channel, m);
    await k.updateTable('messages').set({ delivery_state: 'sent', delivery_error: null, external_id: externalId ?? m.external_id }).where('id', '=', m.id).execute();
  } catch (err) {
    await k.updateTable('messages').set({ delivery_state: 'failed', delivery_error: String((err as Error).message ?? err) }).where('id', '=', m.id).execute();
    throw err;
  }
}
