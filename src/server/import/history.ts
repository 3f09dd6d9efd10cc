/**
 * What makes an imported email history rather than mail arriving now (see `InboundHistory`): its
 * own date, within sane bounds, and whether the team sent it.
 */
import type { EmailAddress } from '../../common/api.js';
import type { Ctx } from '../domain/context.js';
import { decodeJson } from '../db/json.js';
import { fallbackAddress } from '../domain/inboxes.js';

/** Dates before this are taken for a broken clock (no mail is older than 1990 in a help desk). */
const EARLIEST = Date.parse('1990-01-01T00:00:00Z');
/** A date more than this ahead of now is a broken clock too. */
const AHEAD_MS = 24 * 3600_000;

/** The message's time: its Date header, else the mbox From line's or the file's, else now. */
export function dateOf(header: string | null | undefined, fallback: Date | null, now: number): string {
  for (const t of [header ? Date.parse(header) : NaN, fallback?.getTime() ?? NaN])
    if (Number.isFinite(t) && t >= EARLIEST && t <= now + AHEAD_MS) return new Date(t).toISOString();
  return new Date(now).toISOString();
}

/**
 * The team's own addresses, each with its user when it is one: the inbox's email channels (their
 * address, forwarding address, From identity and mailbox login) and every user's email.
 */
export async function teamAddresses(ctx: Ctx, inboxId: string): Promise<Map<string, string | null>> {
  const k = ctx.db.kysely;
  const out = new Map<string, string | null>();
  const inbox = await k.selectFrom('inboxes').select('slug').where('id', '=', inboxId).executeTakeFirstOrThrow();
  out.set(fallbackAddress(ctx, inbox.slug).toLowerCase(), null);
  const channels = await k
    .selectFrom('channels')
    .select(['address', 'settings'])
    .where('inbox_id', '=', inboxId)
    .where('kind', '=', 'email')
    .execute();
  for (const c of channels) {
    const s = decodeJson<{ identity?: { fromAddress?: string | null }; imap?: { user?: string } }>(c.settings, {});
    for (const a of [c.address, s.identity?.fromAddress, s.imap?.user]) if (a && a.includes('@')) out.set(a.trim().toLowerCase(), null);
  }
  for (const u of await k.selectFrom('users').select(['id', 'email']).execute()) out.set(u.email.toLowerCase(), u.id);
  return out;
}

/** Sent by the team: the agent (if a user's address) and the customer it went to; null when not the team's, or to no one outside it. */
export function teamSent(
  from: string | undefined,
  recipients: { to: EmailAddress[]; cc: EmailAddress[] },
  team: Map<string, string | null>,
): { userId: string | null; customer: EmailAddress } | null {
  if (!from || !team.has(from)) return null;
  const customer = [...recipients.to, ...recipients.cc].find((a) => !team.has(a.email.toLowerCase()));
  return customer ? { userId: team.get(from) ?? null, customer } : null;
}
