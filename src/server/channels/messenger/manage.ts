/** Messenger channels: connect a Page, present it (secrets never answered), reconnect it, and its connection state. */
import type { ChannelOut, MessengerConnection, MessengerState } from '../../../common/api.js';
import { decodeJson } from '../../db/json.js';
import type { ChannelsTable } from '../../db/schema.js';
import { write, type Ctx } from '../../domain/context.js';
import { invalid, notFound } from '../../domain/errors.js';
import { insertChannel, presentChannel } from '../../domain/inboxes.js';
import { notifyAdmins } from '../../domain/notifications.js';
import { authorizeAdmin, authorizeInbox, type Actor } from '../../permissions/policy.js';
import { channelSettings, encodeChannelSettings, type Secrets } from '../../secrets.js';
import { readable } from '../chat/manage.js';
import type { GraphEnv } from './graph.js';

/** A Messenger channel's stored settings: the three secrets sealed (`secrets.ts`), the connection's state. */
export interface MessengerSettings extends MessengerConnection {
  state: MessengerState;
  lastError: string | null;
  lastErrorAt: string | null;
}

const defaults: MessengerSettings = {
  pageId: '',
  pageAccessToken: '',
  appSecret: '',
  verifyToken: '',
  state: 'connected',
  lastError: null,
  lastErrorAt: null,
};

/** The settings as stored (secrets still sealed). */
const storedSettings = (c: ChannelsTable): MessengerSettings => ({
  ...defaults,
  ...decodeJson<Partial<MessengerSettings>>(c.settings, {}),
});
/** The settings with the secrets opened, for signing checks and Graph calls. */
export const openMessengerSettings = (secrets: Secrets, c: ChannelsTable): MessengerSettings => ({
  ...defaults,
  ...channelSettings<Partial<MessengerSettings>>(secrets, c, {}),
});

export const graphEnvOf = (ctx: Ctx): GraphEnv => ctx.mail.messengerGraph ?? { url: 'https://graph.facebook.com', version: 'v23.0' };

export const webhookUrlOf = (baseUrl: string, channelId: string) =>
  `${baseUrl}/api/v1/channels/${encodeURIComponent(channelId)}/messenger/webhook`;

export function presentMessengerChannel(c: ChannelsTable, baseUrl: string): ChannelOut {
  const s = storedSettings(c);
  const { settings: _redacted, ...rest } = presentChannel(c);
  return {
    ...rest,
    // Nothing of the connection is answered as settings: the Page and state below, the secrets never.
    settings: {},
    messenger: { pageId: s.pageId, webhookUrl: webhookUrlOf(baseUrl, c.id), state: s.state, lastError: s.lastError },
  };
}

/** `GET /channels/:id` for a Messenger channel, or null when the channel is of another kind. */
export async function getMessengerChannel(ctx: Ctx, actor: Actor, id: string, baseUrl: string): Promise<ChannelOut | null> {
  const c = await readable(ctx, actor, id);
  if (!c || c.kind !== 'messenger') return null;
  return presentMessengerChannel(c, baseUrl);
}

export async function createMessengerChannel(
  ctx: Ctx,
  actor: Actor,
  inboxId: string,
  input: { name: string; settings: MessengerConnection },
  baseUrl: string,
): Promise<ChannelOut> {
  authorizeInbox(actor, inboxId, 'read');
  authorizeAdmin(actor);
  const settings: MessengerSettings = { ...defaults, ...input.settings };
  const row = await write(ctx, (w) =>
    insertChannel(w, { inboxId, kind: 'messenger', name: input.name, settings: encodeChannelSettings(ctx.secrets, settings) }),
  );
  return presentMessengerChannel(row, baseUrl);
}

/** Rename or switch a Messenger channel on/off (admins); null when the channel is of another kind. */
export async function updateMessengerChannel(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { name?: string; status?: 'on' | 'off' },
  baseUrl: string,
): Promise<ChannelOut | null> {
  const c = await readable(ctx, actor, id);
  if (!c || c.kind !== 'messenger') return null;
  authorizeAdmin(actor);
  const next = { ...c, name: input.name ?? c.name, status: input.status ?? c.status };
  await write(ctx, async (w) => {
    await w.trx.updateTable('channels').set({ name: next.name, status: next.status }).where('id', '=', id).execute();
    w.emit({ type: 'channel.updated', inboxId: c.inbox_id, payload: { inboxId: c.inbox_id, channelId: id } });
  });
  return presentMessengerChannel(next, baseUrl);
}

/** New secrets (a new token after one expired or was revoked): the channel is connected again. */
export async function reconnectMessengerChannel(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: MessengerConnection,
  baseUrl: string,
): Promise<ChannelOut> {
  const c = await readable(ctx, actor, id);
  if (!c) throw notFound('Channel not found');
  authorizeAdmin(actor);
  if (c.kind !== 'messenger') throw invalid('channel', 'is not a Messenger channel', 'invalid');
  const next = { ...c, settings: encodeChannelSettings(ctx.secrets, { ...defaults, ...input }) };
  await write(ctx, async (w) => {
    await w.trx.updateTable('channels').set({ settings: next.settings }).where('id', '=', id).execute();
    w.emit({ type: 'channel.updated', inboxId: c.inbox_id, payload: { inboxId: c.inbox_id, channelId: id } });
  });
  return presentMessengerChannel(next, baseUrl);
}

/**
 * Graph refused the Page's token or a permission: the channel needs an admin. Stored with the error
 * (read again inside the transaction, so secrets changed meanwhile are kept); admins are told once
 * per change of state.
 */
export async function markReconnectNeeded(ctx: Ctx, channelId: string, error: string): Promise<void> {
  const turned = await write(ctx, async (w) => {
    const c = await w.trx.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirst();
    if (!c) return null;
    const s = storedSettings(c);
    const next = { ...s, state: 'reconnect_needed' as const, lastError: error.slice(0, 500), lastErrorAt: w.at };
    await w.trx
      .updateTable('channels')
      .set({ settings: encodeChannelSettings(ctx.secrets, next) })
      .where('id', '=', channelId)
      .execute();
    w.emit({ type: 'channel.updated', inboxId: c.inbox_id, payload: { inboxId: c.inbox_id, channelId } });
    return s.state === 'reconnect_needed' ? null : { c, at: w.at };
  });
  if (turned)
    await notifyAdmins(ctx, 'channel_reconnect', `channel-reconnect:${channelId}:${turned.at}`, {
      channelId,
      channelName: turned.c.name,
      excerpt: error.slice(0, 200),
    });
}
