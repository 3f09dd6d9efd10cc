/** The webhook's two requests as domain calls: the subscription handshake, and a signed POST of events. */
import type { Ctx } from '../../domain/context.js';
import { DomainError, invalid, notFound } from '../../domain/errors.js';
import { channelById } from '../../domain/inbound.js';
import { openMessengerSettings } from './manage.js';
import { receiveWebhook, type Received } from './receive.js';
import { countsWithin, handshakeAnswer, MAX_ENTRIES, MAX_ITEMS, signatureMatches, WebhookBody } from './webhook.js';

async function messengerChannel(ctx: Ctx, id: string) {
  const c = (await channelById(ctx.db, ctx.db.kysely, [id])).rows[0];
  if (!c || c.kind !== 'messenger') throw notFound('Channel not found');
  return c;
}

/** `hub.challenge` when the mode is `subscribe` and the verify token is the channel's; otherwise a 403. */
export async function verifySubscription(ctx: Ctx, id: string, q: { mode?: string; token?: string; challenge?: string }): Promise<string> {
  const c = await messengerChannel(ctx, id);
  const answer = handshakeAnswer(openMessengerSettings(ctx.secrets, c).verifyToken, q);
  if (answer === null) throw new DomainError('forbidden', 'The verify token does not match');
  return answer;
}

/**
 * A webhook POST: the signature over the raw body is checked before anything else (a wrong one: 403,
 * nothing stored); then the counts and the shape; then every message is stored durably. A channel
 * switched off answers 200 and stores nothing (Meta would otherwise keep sending).
 */
export async function receiveSigned(
  ctx: Ctx,
  id: string,
  raw: Buffer | undefined,
  signature: string | undefined,
  body: unknown,
): Promise<Received> {
  const c = await messengerChannel(ctx, id);
  const s = openMessengerSettings(ctx.secrets, c);
  if (!signatureMatches(s.appSecret, raw, signature)) throw new DomainError('forbidden', 'X-Hub-Signature-256 does not match');
  if (!countsWithin(body))
    throw invalid('entry', `at most ${MAX_ENTRIES} entries and ${MAX_ITEMS} messaging items per request`, 'too_many', { max: MAX_ITEMS });
  const parsed = WebhookBody.safeParse(body);
  if (!parsed.success) throw invalid('body', 'is not a Messenger webhook body', 'invalid');
  if (parsed.data.object !== 'page' || c.status === 'off') return { stored: 0, duplicates: 0, echoes: 0, receipts: 0 };
  return receiveWebhook(ctx, c, s.pageId, parsed.data);
}
