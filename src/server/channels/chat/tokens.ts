import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Visitor tokens: `<payload>.<mac>`, the MAC an HMAC-SHA256 with the channel's secret. The payload
 * carries the issue time: a token older than TOKEN_TTL_MS is refused, and every hello issues a
 * fresh one, so a visitor who comes back within the period stays recognised.
 */
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

export const TOKEN_TTL_MS = 180 * 24 * 3600_000;

export function signVisitorToken(secret: string, channelId: string, visitorKey: string, issuedAt = Date.now()): string {
  const payload = b64(JSON.stringify({ c: channelId, k: visitorKey, t: issuedAt } satisfies Payload));
  return `${payload}.${b64(mac(secret, `visitor.${payload}`))}`;
}

/** The visitor key of a valid token for this channel, or null (forged, altered, another channel's, or expired). */
export function verifyVisitorToken(secret: string, channelId: string, token: string, now = Date.now()): string | null {
  const r = readVisitorToken(secret, channelId, token, now);
  return r && !r.expired ? r.key : null;
}

/** A correctly signed token for this channel: its key, issue time, and whether it has expired; else null. */
export function readVisitorToken(
  secret: string,
  channelId: string,
  token: string,
  now = Date.now(),
): { key: string; issuedAt: number; expired: boolean } | null {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return null;
  if (!safeEqual(Buffer.from(sig, 'base64url'), mac(secret, `visitor.${payload}`))) return null;
  try {
    const p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Payload;
    if (p.c !== channelId || typeof p.k !== 'string' || !/^[uv]:[A-Za-z0-9_-]{1,400}$/.test(p.k) || !Number.isSafeInteger(p.t)) return null;
    return { key: p.k, issuedAt: p.t, expired: p.t > now + 60_000 || now - p.t > TOKEN_TTL_MS };
  } catch {
    return null;
  }
}

/**
 * Identity verification: the host site's server computes a hex HMAC-SHA256 with the channel's secret
 * - over `userId`: proves the user id only (an email passed along stays unverified), or
 * - over `userId + "\n" + email` (the email trimmed and in lower case): proves the id and the email.
 * A user id holding a line break is refused, so neither form can pass for the other.
 */
export function identityHash(secret: string, userId: string, email?: string): string {
  return mac(secret, identityData(userId, email)).toString('hex');
}

const identityData = (userId: string, email?: string) => (email === undefined ? userId : `${userId}\n${email.trim().toLowerCase()}`);

/** What the hash proves: the user id (and the email when it covers it), or null when it proves nothing. */
export function verifyIdentity(secret: string, userId: string, hash: string, email?: string): { emailVerified: boolean } | null {
  if (!/^[0-9a-f]{64}$/i.test(hash) || userId.includes('\n')) return null;
  const given = Buffer.from(hash.toLowerCase(), 'hex');
  if (email !== undefined && safeEqual(given, mac(secret, identityData(userId, email)))) return { emailVerified: true };
  return safeEqual(given, mac(secret, userId)) ? { emailVerified: false } : null;
}
