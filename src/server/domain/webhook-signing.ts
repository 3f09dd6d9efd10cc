/**
 * Standard Webhooks (https://www.standardwebhooks.com): the secret `whsec_<base64>`, and the
 * `webhook-signature` header `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed with the
 * secret's decoded bytes. While a rotated-out secret is still valid both signatures are sent,
 * space-separated, so a receiver holding either verifies.
 */
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new secret: 24 random bytes. */
export function newWebhookSecret(): string {
  return PREFIX + randomBytes(24).toString('base64');
}

function sign(secret: string, msgId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
  return 'v1,' + createHmac('sha256', key).update(`${msgId}.${timestamp}.${body}`).digest('base64');
}

/** The three headers of one request; `secrets`: the current one first, then the previous one while valid. */
export function webhookHeaders(secrets: string[], msgId: string, timestamp: number, body: string): Record<string, string> {
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => sign(s, msgId, timestamp, body)).join(' '),
  };
}
