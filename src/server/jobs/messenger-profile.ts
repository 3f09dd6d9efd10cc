/**
 * A new Messenger sender's User Profile, fetched once: their name becomes the contact's (unless an
 * agent named them meanwhile); their picture is downloaded through the checked GET (no private
 * addresses unless ALLOW_PRIVATE_WEBHOOKS, redirects checked, at most 5 MB and 30 s), kept in the
 * files store when its bytes are an image, and becomes the contact's picture unless it has one.
 * A picture that cannot be had leaves the contact without one (its address is kept beside the PSID).
 */
import { write, type Ctx } from '../domain/context.js';
import { fetchProfile } from '../channels/messenger/graph.js';
import { graphEnvOf, markReconnectNeeded, openMessengerSettings } from '../channels/messenger/manage.js';
import { MESSENGER_PROFILE_JOB } from '../channels/messenger/receive.js';
import { checkedGet } from '../checked-get.js';
import { saveFile, sniffImage } from '../files/store.js';
import { defineJob } from './define.js';

const MAX_PICTURE_BYTES = 5 * 1024 * 1024;
const PICTURE_TIMEOUT_MS = 30_000;

/** The picture's bytes stored, when its address may be fetched and they are an image; null otherwise. */
async function storePicture(ctx: Ctx, url: string, id: string): Promise<{ path: string; type: string } | null> {
  const got = await checkedGet(url, {
    allowPrivate: ctx.mail.allowPrivateWebhooks ?? false,
    maxBytes: MAX_PICTURE_BYTES,
    timeoutMs: PICTURE_TIMEOUT_MS,
  });
  if (!got.ok) return null;
  const type = sniffImage(got.data);
  if (!type) return null;
  return { path: saveFile(ctx.mail.filesDir, 'pictures', id, got.data), type };
}

async function fetchSenderProfile(ctx: Ctx, p: { channelId: string; psid: string }): Promise<void> {
  const k = ctx.db.kysely;
  const sender = await k
    .selectFrom('messenger_senders')
    .selectAll()
    .where('channel_id', '=', p.channelId)
    .where('psid', '=', p.psid)
    .executeTakeFirst();
  const channel = await k.selectFrom('channels').selectAll().where('id', '=', p.channelId).executeTakeFirst();
  if (!sender || sender.profile_fetched_at || !channel) return;
  const r = await fetchProfile(graphEnvOf(ctx), openMessengerSettings(ctx.secrets, channel).pageAccessToken, p.psid);
  if (!r.ok) {
    if (r.reconnect) await markReconnectNeeded(ctx, channel.id, r.error);
    // A profile Graph will not give (privacy, a deleted account) is not asked for again.
    if (!r.permanent) throw new Error(`Messenger profile: ${r.error}`);
  }
  const name = r.ok ? [r.value.firstName, r.value.lastName].filter(Boolean).join(' ') || null : null;
  const picture = r.ok && r.value.profilePic ? await storePicture(ctx, r.value.profilePic, `${p.channelId}-${p.psid}`) : null;
  await write(ctx, async (w) => {
    await w.trx
      .updateTable('messenger_senders')
      .set({ profile_pic: r.ok ? r.value.profilePic : null, profile_fetched_at: w.at })
      .where('channel_id', '=', p.channelId)
      .where('psid', '=', p.psid)
      .execute();
    // The sender's contact now: an agent may have merged it into another meanwhile.
    const now = await w.trx
      .selectFrom('messenger_senders')
      .select('contact_id')
      .where('channel_id', '=', p.channelId)
      .where('psid', '=', p.psid)
      .executeTakeFirst();
    if (!now) return;
    const changes: string[] = [];
    if (name) {
      const named = await w.trx
        .updateTable('contacts')
        .set({ name, updated_at: w.at })
        .where('id', '=', now.contact_id)
        .where('name', 'is', null)
        .executeTakeFirst();
      if (Number(named.numUpdatedRows) > 0) changes.push('name');
    }
    if (picture) {
      const pictured = await w.trx
        .updateTable('contacts')
        .set({ picture_path: picture.path, picture_type: picture.type, updated_at: w.at })
        .where('id', '=', now.contact_id)
        .where('picture_path', 'is', null)
        .executeTakeFirst();
      if (Number(pictured.numUpdatedRows) > 0) changes.push('picture');
    }
    if (changes.length) w.emit({ type: 'contact.updated', inboxId: null, payload: { contactId: now.contact_id, changes } });
  });
}

export const messengerProfileJob = defineJob({ ...MESSENGER_PROFILE_JOB, handle: fetchSenderProfile });
