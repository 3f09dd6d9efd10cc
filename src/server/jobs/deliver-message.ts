import type { MessagesTable } from '../db/schema.js';
import { write, type Ctx } from '../domain/context.js';
import { presentMessage } from '../domain/messages.js';
import { DELIVER_JOB } from '../domain/outbox.js';
import { defineJob } from './define.js';

/** A delivery that cannot be attempted yet (e.g. no outgoing mail server): the job waits without using up attempts. */
export const isHeld = (err: unknown): boolean => (err as { held?: boolean })?.held === true;
/** A delivery that can never succeed as it is (e.g. Messenger's window closed, a revoked token): failed at once, not retried. */
export const isPermanent = (err: unknown): boolean => (err as { permanent?: boolean })?.permanent === true;

/** Sends one queued reply through its channel's adapter and records the outcome on the message. */
async function deliverMessage(ctx: Ctx, payload: { messageId: string }): Promise<void> {
  const k = ctx.db.kysely;
  const m = await k.selectFrom('messages').selectAll().where('id', '=', payload.messageId).executeTakeFirst();
  if (!m || m.delivery_state === 'sent' || m.delivery_state === 'delivered' || m.delivery_state === 'read') return;
  const channel = await k.selectFrom('channels').selectAll().where('id', '=', m.channel_id).executeTakeFirstOrThrow();
  const adapter = ctx.adapters.get(channel.kind);
  try {
    if (!adapter) throw new Error(`The ${channel.kind} channel cannot send yet`);
    const externalId = await adapter.deliver(ctx, channel, m);
    await setOutcome(ctx, m, { delivery_state: 'sent', delivery_error: null, external_id: externalId ?? m.external_id });
  } catch (err) {
    const message = String((err as Error).message ?? err).slice(0, 1000);
    await setOutcome(ctx, m, { delivery_state: isHeld(err) ? 'queued' : 'failed', delivery_error: message });
    throw err;
  }
}

/** Records the outcome and tells the agents watching (the thread shows sent, failed or held). */
async function setOutcome(
  ctx: Ctx,
  m: MessagesTable,
  set: Partial<Pick<MessagesTable, 'delivery_state' | 'delivery_error' | 'external_id'>>,
): Promise<void> {
  await write(ctx, async (w) => {
    await w.trx.updateTable('messages').set(set).where('id', '=', m.id).execute();
    const c = await w.trx.selectFrom('conversations').select(['inbox_id']).where('id', '=', m.conversation_id).executeTakeFirst();
    if (c)
      w.emit({
        type: 'message.updated',
        inboxId: c.inbox_id,
        conversationId: m.conversation_id,
        payload: { message: presentMessage({ ...m, ...set }, {}) },
      });
  });
}

export const deliverMessageJob = defineJob({ ...DELIVER_JOB, handle: deliverMessage });
