/**
 * What Meta's Messenger webhook sends (https://developers.facebook.com/docs/messenger-platform/webhooks):
 * the `X-Hub-Signature-256` check over the raw body, and the body's shape, bounded (entries,
 * messaging items, text and attachment counts) before anything is read from it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const MAX_ENTRIES = 20;
export const MAX_ITEMS = 100;
const MAX_ATTACHMENTS = 10;

/** Whether `header` (`sha256=<hex>`) is the HMAC-SHA256 of the raw body with the app secret; compared in constant time. */
export function signatureMatches(appSecret: string, raw: Buffer | undefined, header: string | undefined): boolean {
  if (!appSecret || !raw || typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The Meta webhook handshake: the challenge to answer, or null (wrong mode or token). */
export function handshakeAnswer(verifyToken: string, q: { mode?: string; token?: string; challenge?: string }): string | null {
  if (q.mode !== 'subscribe' || !verifyToken || typeof q.token !== 'string' || typeof q.challenge !== 'string') return null;
  const a = Buffer.from(q.token);
  const b = Buffer.from(verifyToken);
  return a.length === b.length && timingSafeEqual(a, b) ? q.challenge : null;
}

const id = z.string().min(1).max(64);
const Attachment = z.object({
  type: z.string().max(32),
  payload: z.object({ url: z.string().url().max(4000).optional(), title: z.string().max(500).optional() }).nullish(),
});
const Item = z.object({
  sender: z.object({ id }),
  recipient: z.object({ id }),
  timestamp: z.number().optional(),
  message: z
    .object({
      mid: id.max(200),
      text: z.string().max(20_000).optional(),
      is_echo: z.boolean().optional(),
      app_id: z.union([z.number(), z.string()]).optional(),
      attachments: z.array(Attachment).max(MAX_ATTACHMENTS).optional(),
      /** A tapped quick reply: its payload is the full answer (titles are cut at 20 characters). */
      quick_reply: z.object({ payload: z.string().max(1000) }).optional(),
    })
    .optional(),
  postback: z
    .object({ mid: id.max(200).optional(), title: z.string().max(1000).optional(), payload: z.string().max(1000).optional() })
    .optional(),
  read: z.object({ watermark: z.number() }).optional(),
  delivery: z.object({ mids: z.array(id.max(200)).max(MAX_ITEMS).optional(), watermark: z.number().optional() }).optional(),
});
export type MessagingItem = z.infer<typeof Item>;

export const WebhookBody = z.object({
  object: z.string().max(32),
  entry: z.array(z.object({ id, time: z.number().optional(), messaging: z.array(Item).max(MAX_ITEMS).optional() })).max(MAX_ENTRIES),
});
export type WebhookBody = z.infer<typeof WebhookBody>;

/** Counts before the shape is checked item by item: at most 20 entries and 100 messaging items in all. */
export function countsWithin(body: unknown): boolean {
  const entry = (body as { entry?: unknown } | null)?.entry;
  if (!Array.isArray(entry)) return true;
  if (entry.length > MAX_ENTRIES) return false;
  let items = 0;
  for (const e of entry) {
    const m = (e as { messaging?: unknown } | null)?.messaging;
    if (Array.isArray(m)) items += m.length;
  }
  return items <= MAX_ITEMS;
}
