/**
 * A verified webhook body turned into stored messages: each customer message and postback an
 * `InboundMessage` through `recordInboundBatch` (durable before the webhook is answered, deduped on
 * the `mid`); echoes of the Page's own sends are recognised and not stored; files and the sender's
 * profile are fetched by jobs queued with the message; delivery and read receipts mark our replies.
 */
import { z } from 'zod';
import { enqueue, jobKind } from '../../db/job-queue.js';
import type { ChannelsTable, ContactsTable } from '../../db/schema.js';
import type { Ctx, Writer } from '../../domain/context.js';
import { findOrAddContact } from '../../domain/contacts.js';
import { recordInbound, recordInboundBatch, type InboundMessage } from '../../domain/inbound.js';
import { markReceipts, type Receipt } from './receipts.js';
import type { MessagingItem, WebhookBody } from './webhook.js';

/** `messenger-profile`: the User Profile of a new sender, fetched once (`jobs/messenger-profile.ts`). */
export const MESSENGER_PROFILE_JOB = jobKind('messenger-profile', z.object({ channelId: z.string(), psid: z.string() }));
/** `messenger-file`: one attachment of a received message, fetched and stored (`jobs/messenger-file.ts`). */
export const MESSENGER_FILE_JOB = jobKind(
  'messenger-file',
  z.object({ messageId: z.string(), url: z.string(), type: z.string(), index: z.number().int().min(0) }),
);

const FILE_TYPES = new Set(['image', 'file', 'video', 'audio']);

/** The sender's contact: known by their PSID, else made now (with the profile job queued in the same transaction). */
function contactFor(channelId: string, psid: string) {
  return async (w: Writer): Promise<{ contact: ContactsTable; created: boolean }> => {
    const known = await w.trx
      .selectFrom('messenger_senders as s')
      .innerJoin('contacts as c', 'c.id', 's.contact_id')
      .selectAll('c')
      .where('s.channel_id', '=', channelId)
      .where('s.psid', '=', psid)
      .executeTakeFirst();
    if (known) return { contact: known, created: false };
    const made = await findOrAddContact(w, {});
    await w.trx
      .insertInto('messenger_senders')
      .values({ channel_id: channelId, psid, contact_id: made.contact.id, profile_pic: null, profile_fetched_at: null, created_at: w.at })
      .execute();
    await enqueue(w.trx, MESSENGER_PROFILE_JOB, { channelId, psid }, { dedupeKey: `messenger-profile:${channelId}:${psid}` });
    return made;
  };
}

/** One person, one thread: their latest conversation on this channel (reopened when closed), unless it is in Trash. */
async function threadOf(w: Writer, channel: ChannelsTable, contactId: string, newContact: boolean): Promise<string | null> {
  if (newContact) return null;
  const c = await w.trx
    .selectFrom('conversations')
    .select('id')
    .where('channel_id', '=', channel.id)
    .where('contact_id', '=', contactId)
    .where('folder', '!=', 'trash')
    .orderBy('last_message_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return c?.id ?? null;
}

/** A customer's message or button tap as an `InboundMessage`; null for what is not one (echoes, receipts). */
export function inboundOf(channel: ChannelsTable, pageId: string, item: MessagingItem): InboundMessage | null {
  const psid = item.sender.id;
  if (psid === pageId || item.message?.is_echo) return null;
  const base = { channelId: channel.id, contact: {}, contactFor: contactFor(channel.id, psid), findThread: threadOf };
  if (item.message) {
    const files = (item.message.attachments ?? []).filter((a) => FILE_TYPES.has(a.type) && a.payload?.url);
    const text = (item.message.quick_reply?.payload ?? item.message.text)?.trim() ?? '';
    if (!text && !files.length) return null;
    return {
      ...base,
      text,
      externalId: item.message.mid,
      afterRecord: async (w, r) => {
        for (const [index, a] of files.entries())
          await enqueue(
            w.trx,
            MESSENGER_FILE_JOB,
            { messageId: r.messageId, url: a.payload!.url!, type: a.type, index },
            { dedupeKey: `messenger-file:${r.messageId}:${index}` },
          );
      },
    };
  }
  if (item.postback) {
    const text = (item.postback.title || item.postback.payload || '').trim();
    if (!text) return null;
    // A tap has no mid in older payloads: the time of the tap names it.
    return { ...base, text, externalId: item.postback.mid ?? `postback:${psid}:${item.timestamp ?? 0}` };
  }
  return null;
}

export interface Received {
  stored: number;
  duplicates: number;
  echoes: number;
  receipts: number;
}

/** Stores every message of a verified body (durably, before the caller answers 200), then applies its receipts. */
export async function receiveWebhook(ctx: Ctx, channel: ChannelsTable, pageId: string, body: WebhookBody): Promise<Received> {
  const msgs: InboundMessage[] = [];
  const receipts: Receipt[] = [];
  let echoes = 0;
  for (const e of body.entry)
    for (const item of e.messaging ?? []) {
      if (item.message?.is_echo) echoes++;
      const m = inboundOf(channel, pageId, item);
      if (m) msgs.push(m);
      if (item.delivery)
        receipts.push({ psid: item.sender.id, kind: 'delivered', mids: item.delivery.mids ?? [], watermark: item.delivery.watermark });
      if (item.read) receipts.push({ psid: item.sender.id, kind: 'read', mids: [], watermark: item.read.watermark });
    }
  let stored = 0;
  let duplicates = 0;
  if (msgs.length) {
    const { results, durable } = await recordInboundBatch(ctx, msgs);
    for (const [i, r] of results.entries()) {
      // Two first messages of one new sender in two requests at once: one made the sender's row, the other is tried again.
      const value = r.ok ? r.value : await recordInbound(ctx, msgs[i]!);
      if (value.duplicate) duplicates++;
      else stored++;
    }
    await durable;
  }
  if (receipts.length) await markReceipts(ctx, channel.id, receipts);
  return { stored, duplicates, echoes, receipts: receipts.length };
}
