/** A channel of any kind, read or changed through one URL: routing and ticketing for all, the rest by kind. */
import type { ChannelRoutingUpdate } from '../../common/crm-api.js';
import type { EmailChannelUpdate } from '../../common/api.js';
import type { Ctx } from '../domain/context.js';
import { updateChannelRouting } from '../domain/routing.js';
import type { Actor } from '../permissions/policy.js';
import type { z } from 'zod';
import { getChatChannel, updateChatChannel } from './chat/manage.js';
import type { ChatSettingsInput } from './chat/settings.js';
import { getChannel, updateEmailChannel } from './email/manage.js';
import { getMessengerChannel, updateMessengerChannel } from './messenger/manage.js';

export type ChannelChange = z.infer<typeof EmailChannelUpdate> &
  z.infer<typeof ChannelRoutingUpdate> & { settings?: z.infer<typeof ChatSettingsInput> };

/** One channel as its kind presents it (chat links are made with `baseUrl`). */
export async function readChannel(ctx: Ctx, actor: Actor, id: string, baseUrl: string) {
  return (
    (await getChatChannel(ctx, actor, id, baseUrl)) ??
    (await getMessengerChannel(ctx, actor, id, baseUrl)) ??
    getChannel(ctx, ctx.mail, actor, id)
  );
}

/** Routing and ticketing for any kind; then the chat or email fields. Answers the channel as changed. */
export async function changeChannel(ctx: Ctx, actor: Actor, id: string, change: ChannelChange, baseUrl: string) {
  const { routing, ticketing, settings, ...email } = change;
  if (routing || ticketing) await updateChannelRouting(ctx, actor, id, { routing, ticketing });
  const chat = await updateChatChannel(ctx, actor, id, { name: email.name, status: email.status, settings }, baseUrl);
  if (chat) return chat;
  const messenger = await updateMessengerChannel(ctx, actor, id, { name: email.name, status: email.status }, baseUrl);
  if (messenger) return messenger;
  if ((routing || ticketing) && !Object.keys(email).length) return getChannel(ctx, ctx.mail, actor, id);
  return updateEmailChannel(ctx, ctx.mail, actor, id, email);
}
