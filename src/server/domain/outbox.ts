import { z } from 'zod';
import { enqueue, jobKind } from '../db/job-queue.js';
import type { ChannelsTable, MessagesTable } from '../db/schema.js';
import type { Ctx, Writer } from './context.js';

/** `deliver-message`: sends one queued reply through its channel's adapter (`jobs/deliver-message.ts`). */
export const DELIVER_JOB = jobKind('deliver-message', z.object({ messageId: z.string() }));

/**
 * Why a delivery waits instead of failing: stored as the message's `delivery_error` (and the job's
 * `last_error`), every one starting with `Held:`. Saving an outgoing mail server releases them.
 */
export const HELD_NO_RELAY = 'Held: no outgoing mail server (set one in Settings, Outgoing email, or SMTP_RELAY_URL)';
const NO_RELAY = 'Held: no outgoing mail server';
export const HELD_SENDING_OFF = 'Held: this address is not used for sending (turn it on in Settings, Outgoing email)';
export const SENDING_OFF = 'Held: this address is not used for sending';
export const HELD_PREFIX = 'Held:';

/** Why a queued message is held, as a fact for the app to word; null when it is not held. */
export function heldReasonOf(m: Pick<MessagesTable, 'delivery_state' | 'delivery_error'>): 'no_outgoing_server' | 'sending_off' | null {
  if (m.delivery_state !== 'queued' || !m.delivery_error) return null;
  return m.delivery_error.startsWith(NO_RELAY) ? 'no_outgoing_server' : m.delivery_error.startsWith(SENDING_OFF) ? 'sending_off' : null;
}

/**
 * The one outbound path: a reply becomes an outbox job in the same transaction as the
 * message. The API channel has no wire: its integration reads the `message.created` event.
 * A channel that cannot send yet (no outgoing mail server) says so on the message at once.
 */
export async function queueDelivery(
  ctx: Ctx,
  w: Writer,
  channel: ChannelsTable,
  m: MessagesTable,
): Promise<MessagesTable['delivery_state']> {
  if (channel.kind === 'api') return 'none';
  const held = (await ctx.adapters.get(channel.kind)?.heldReason?.(ctx, channel, w.trx)) ?? null;
  await w.trx.updateTable('messages').set({ delivery_state: 'queued', delivery_error: held }).where('id', '=', m.id).execute();
  m.delivery_error = held;
  await enqueue(w.trx, DELIVER_JOB, { messageId: m.id }, { dedupeKey: `deliver:${m.id}` });
  return 'queued';
}
