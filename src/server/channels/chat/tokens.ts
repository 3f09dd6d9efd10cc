import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Visitor tokens: `<payload>.<mac>`, the MAC an HMAC-SHA256 with the channel's secret. */
interface Payload {
  c: string;
  k: string;
  t: number;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const mac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest();

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export const newVisitorKey = () => `v:${randomBytes(16).toString('base64url')}`;
/** A verified host-site user: the id is encoded so no character of it can collide with the key's separators. */
export const userVisitorKey = (userId: string) => `u:${b64(userId)}`;

export function signVisitorToken(secret: string, channelId: string, visitorKey: string): string {
  const payload = b64(JSON.stringify({ c: channelId, k: visitorKey, t: Date.now() } satisfies Payload));
  return `${payload}.${b64(mac(secret, `visitor.${payload}`))}`;
}

/** The visitor key of a valid token for this channel, or null (forged, altered, or another channel's). */
export function verifyVisitorToken(secret: string, channelId: string, token: string): string | null {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return null;
  if (!safeEqual(Buffer.from(sig, 'base64url'), mac(secret, `visitor.${payload}`))) return null;
  try {
    const p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Payload;
    if (p.c !== channelId || typeof p.k !== 'string' || !/^[uv]:[A-Za-z0-9_-]{1,400}$/.test(p.k)) return null;
    return p.k;
  } catch {
    return null;
  }
}

/** Identity verification: the host site's server computes hex HMAC-SHA256(secret, userId). */
export function identityHash(secret: string, userId: string): string {
  return mac(secret, userId).toString('hex');
}

export function verifyIdentity(secret: string, userId: string, hash: string): boolean {
  return /^[0-9a-f]{64}$/i.test(hash) && safeEqual(Buffer.from(hash.toLowerCase(), 'hex'), mac(secret, userId));
}
