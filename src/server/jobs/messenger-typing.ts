/**
 * Messenger's `typing_on` while an agent types (`channels/messenger/typing.ts` queues it): sent only
 * when still due (not stale), inside the 24 hour window, to a connected channel that is on. Best
 * effort: a refusal is not retried (a later keystroke queues another); a refused token still turns
 * the channel to "reconnect needed".
 */
import type { Ctx } from '../domain/context.js';
import { psidOf } from '../channels/messenger/adapter.js';
import { sendMessage } from '../channels/messenger/graph.js';
import { graphEnvOf, markReconnectNeeded, openMessengerSettings } from '../channels/messenger/manage.js';
import { MESSENGER_TYPING_JOB, TYPING_STALE_MS, typingAllowed } from '../channels/messenger/typing.js';
import { defineJob } from './define.js';

async function sendTyping(ctx: Ctx, p: { conversationId: string; at: number }): Promise<void> {
  const now = new Date();
  if (now.getTime() - p.at > TYPING_STALE_MS) return;
  const k = ctx.db.kysely;
  const c = await k.selectFrom('conversations').selectAll().where('id', '=', p.conversationId).executeTakeFirst();
  if (!c || !typingAllowed(c, now)) return;
  const channel = await k.selectFrom('channels').selectAll().where('id', '=', c.channel_id).executeTakeFirst();
  if (!channel || channel.status !== 'on') return;
  const s = openMessengerSettings(ctx.secrets, channel);
  if (s.state !== 'connected') return;
  const psid = await psidOf(ctx, channel.id, c.contact_id);
  if (!psid) return;
  const r = await sendMessage(graphEnvOf(ctx), s.pageAccessToken, { recipient: { id: psid }, sender_action: 'typing_on' });
  if (!r.ok && r.reconnect) await markReconnectNeeded(ctx, channel.id, r.error);
}

export const messengerTypingJob = defineJob({ ...MESSENGER_TYPING_JOB, handle: sendTyping });
