/** Messenger's `mark_seen` sender action, when an agent opened a conversation with a new customer message (best effort: not retried on a refusal). */
import type { Ctx } from '../domain/context.js';
import { MARK_SEEN_JOB } from '../domain/conversations.js';
import { sendMessage } from '../channels/messenger/graph.js';
import { graphEnvOf, markReconnectNeeded, openMessengerSettings } from '../channels/messenger/manage.js';
import { defineJob } from './define.js';

async function markSeen(ctx: Ctx, p: { conversationId: string }): Promise<void> {
  const k = ctx.db.kysely;
  const c = await k.selectFrom('conversations').selectAll().where('id', '=', p.conversationId).executeTakeFirst();
  if (!c || c.channel_kind !== 'messenger' || !c.contact_id) return;
  const channel = await k.selectFrom('channels').selectAll().where('id', '=', c.channel_id).executeTakeFirst();
  const sender = await k
    .selectFrom('messenger_senders')
    .select('psid')
    .where('channel_id', '=', c.channel_id)
    .where('contact_id', '=', c.contact_id)
    .executeTakeFirst();
  if (!channel || !sender) return;
  const r = await sendMessage(graphEnvOf(ctx), openMessengerSettings(ctx.secrets, channel).pageAccessToken, {
    recipient: { id: sender.psid },
    sender_action: 'mark_seen',
  });
  if (!r.ok && r.reconnect) await markReconnectNeeded(ctx, channel.id, r.error);
  if (!r.ok && !r.permanent) throw new Error(`Messenger mark_seen: ${r.error}`);
}

export const messengerMarkSeenJob = defineJob({ ...MARK_SEEN_JOB, handle: markSeen });
