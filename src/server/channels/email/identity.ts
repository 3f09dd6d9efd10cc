/**
 * An email channel's sending identity: From name (one per sending address), a custom From
 * address proven by a 6-digit code mailed to it through the outbox, and the team signature.
 */
import { z } from 'zod';
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { EmailIdentityOut, SignaturePreview } from '../../../common/api.js';
import { decodeJson, encodeJson } from '../../db/json.js';
import type { ChannelsTable } from '../../db/schema.js';
import { write, type Ctx, type Writer } from '../../domain/context.js';
import { conflict, DomainError, invalid } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { enqueue, jobKind } from '../../db/job-queue.js';
import type { EmailChannelSettings } from './ingest.js';
import { defaultFromAddress } from './outbound.js';
import type { MailLanguage } from '../../../common/mail-texts/index.js';
import {
  companyOf,
  fromNameFor,
  sanitizeSignatureHtml,
  signatureAsText,
  withSignature,
  type FromNameMode,
  type SignatureSettings,
} from './signature.js';

export const CODE_TTL_MS = 30 * 60_000;
export const MAX_CODE_TRIES = 5;
/**
 * Codes that may be mailed to one address per hour, whatever the channels asking (the server must
 * not become a way to flood an address, and more channels must not mean more codes or guesses).
 */
export const MAX_CODES_PER_HOUR = 5;
/** Wrong or right tries at codes for one address per hour, across every channel. */
export const MAX_TRIES_PER_ADDRESS_PER_HOUR = 10;
const HOUR_MS = 3600_000;
/** `email-verify-address`: mails the code; the code is forgotten once sent (`jobs/email-verify-address.ts`). */
export const VERIFY_JOB = jobKind('email-verify-address', z.object({ verificationId: z.string(), code: z.string().optional() }));

const hashCode = (salt: string, code: string) => `${salt}:${createHash('sha256').update(`${salt}:${code}`).digest('hex')}`;
function codeMatches(stored: string, code: string): boolean {
  const [salt = ''] = stored.split(':');
  const a = Buffer.from(hashCode(salt, code));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface IdentityInput {
  fromName?: FromNameMode;
  language?: MailLanguage;
  companyName?: string;
  fromAddress?: string | null;
  signature?: SignatureSettings;
}

/** Every email channel's sending address and resolved From-name setting. */
async function sendersOf(w: Writer, mailDomain: string) {
  const rows = await w.trx
    .selectFrom('channels as c')
    .innerJoin('inboxes as i', 'i.id', 'c.inbox_id')
    .selectAll('c')
    .select(['i.slug', 'i.name as inbox_name'])
    .where('c.kind', '=', 'email')
    .execute();
  return rows.map((r) => {
    const s = decodeJson<EmailChannelSettings>(r.settings, {});
    return {
      id: r.id,
      name: r.name,
      address: s.identity?.fromAddress ?? defaultFromAddress(r, r.slug, mailDomain),
      mode: s.identity?.fromName ?? 'agent',
      language: s.identity?.language ?? 'en',
      company: companyOf(s.identity, r.inbox_name),
    };
  });
}

/**
 * Applies From name, company, custom From address and signature to `settings` (inside the
 * caller's write). One From name per sending address; a custom address must be verified.
 */
export async function applyIdentity(
  w: Writer,
  ctx: Ctx,
  c: ChannelsTable,
  settings: EmailChannelSettings,
  input: IdentityInput,
): Promise<void> {
  const identity = { ...settings.identity };
  if (input.fromName) identity.fromName = input.fromName;
  if (input.language) identity.language = input.language;
  if (input.companyName !== undefined) identity.companyName = input.companyName;
  if (input.fromAddress !== undefined) {
    if (input.fromAddress) {
      const ok = await w.trx
        .selectFrom('email_address_verifications')
        .select('id')
        .where('channel_id', '=', c.id)
        .where('address', '=', input.fromAddress)
        .where('verified_at', 'is not', null)
        .executeTakeFirst();
      if (!ok)
        throw invalid(
          'fromAddress',
          'This address is not verified for this channel: send it a code and enter the code first',
          'address_unverified',
        );
    }
    identity.fromAddress = input.fromAddress;
  }
  if (input.signature) {
    const body = input.signature.format === 'html' ? sanitizeSignatureHtml(input.signature.body) : input.signature.body;
    settings.signature = { format: input.signature.format, body };
  }
  settings.identity = identity;
  if (input.fromName || input.language || input.companyName !== undefined || input.fromAddress !== undefined)
    await checkOneFromName(w, ctx, c, settings);
}

async function checkOneFromName(w: Writer, ctx: Ctx, c: ChannelsTable, settings: EmailChannelSettings) {
  const inbox = await w.trx.selectFrom('inboxes').select(['slug', 'name']).where('id', '=', c.inbox_id).executeTakeFirstOrThrow();
  const address = settings.identity?.fromAddress ?? defaultFromAddress(c, inbox.slug, ctx.mailDomain);
  const mode = settings.identity?.fromName ?? 'agent';
  const language = settings.identity?.language ?? 'en';
  const company = companyOf(settings.identity, inbox.name);
  const all = await sendersOf(w, ctx.mailDomain);
  const clash = all.find(
    (o) =>
      o.id !== c.id && o.address === address && (o.mode !== mode || o.company !== company || (mode === 'agent' && o.language !== language)),
  );
  if (clash)
    throw conflict(
      'from_name_clash',
      `${address} is also sent from by the channel "${clash.name}" with another From name; an address has one From name: use the same setting there`,
      { field: 'fromName', params: { address, channel: clash.name } },
    );
}

/** Starts proving a custom From address: a fresh code, mailed through the outbox. Earlier pending codes stop working (only the newest is checked). */
export async function requestAddressCode(ctx: Ctx, c: ChannelsTable, address: string): Promise<void> {
  const inbox = await ctx.db.kysely.selectFrom('inboxes').select('slug').where('id', '=', c.inbox_id).executeTakeFirstOrThrow();
  if (address === defaultFromAddress(c, inbox.slug, ctx.mailDomain))
    throw invalid('address', 'This is already the channel’s own address: choose the default instead', 'own_address');
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await write(ctx, async (w) => {
    // Only the newest unverified row counts when a code is typed; older ones stay to count requests.
    const since = new Date(Date.parse(w.at) - HOUR_MS).toISOString();
    const recent = await w.trx
      .selectFrom('email_address_verifications')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('address', '=', address)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= MAX_CODES_PER_HOUR)
      throw new DomainError('rate_limited', 'Too many codes were requested for this address: try again in an hour', {
        address: 'Too many codes were requested for this address: try again in an hour',
      });
    const id = newId();
    const expires = new Date(Date.parse(w.at) + CODE_TTL_MS).toISOString();
    await w.trx
      .insertInto('email_address_verifications')
      .values({
        id,
        channel_id: c.id,
        address,
        code_hash: hashCode(randomBytes(12).toString('hex'), code),
        expires_at: expires,
        attempts: 0,
        verified_at: null,
        created_at: w.at,
      })
      .execute();
    // The plain code lives only in this outbox job until it is sent (then it is scrubbed).
    await enqueue(w.trx, VERIFY_JOB, { verificationId: id, code }, { dedupeKey: `verify:${id}` });
  });
}

/** Checks a typed code: expired, too many tries or wrong are refused (a wrong one counts); right makes the address the channel's From. */
export async function confirmAddressCode(ctx: Ctx, c: ChannelsTable, code: string): Promise<void> {
  const k = ctx.db.kysely;
  const newest = await k
    .selectFrom('email_address_verifications')
    .selectAll()
    .where('channel_id', '=', c.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const v = newest && !newest.verified_at ? newest : undefined;
  if (!v) throw invalid('code', 'No code is waiting: send a code to the address first', 'no_code');
  if (Date.parse(v.expires_at) < Date.now()) throw invalid('code', 'This code has expired: send a new code', 'code_expired');
  // Every try counts first (atomically), so parallel guesses cannot pass the limit; tries at the
  // same address from other channels count too.
  const since = new Date(Date.now() - HOUR_MS).toISOString();
  const triedAtAddress = (eb: any) =>
    eb
      .selectFrom('email_address_verifications as o')
      .select(eb.fn.coalesce(eb.fn.sum('o.attempts'), eb.lit(0)).as('t'))
      .where('o.address', '=', v.address)
      .where('o.created_at', '>', since);
  const counted = await k
    .updateTable('email_address_verifications')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', v.id)
    .where('attempts', '<', MAX_CODE_TRIES)
    .where((eb) => eb(triedAtAddress(eb), '<', MAX_TRIES_PER_ADDRESS_PER_HOUR))
    .executeTakeFirst();
  if (Number(counted.numUpdatedRows) === 0) {
    if (v.attempts >= MAX_CODE_TRIES) throw invalid('code', 'Too many wrong codes: send a new code', 'too_many_codes');
    throw new DomainError('rate_limited', 'Too many tries at codes for this address: try again in an hour', {
      code: 'Too many tries at codes for this address: try again in an hour',
    });
  }
  if (!codeMatches(v.code_hash, code.trim())) {
    const left = MAX_CODE_TRIES - v.attempts - 1;
    throw left > 0
      ? invalid('code', `Wrong code (${left} ${left === 1 ? 'try' : 'tries'} left)`, 'wrong_code', { left })
      : invalid('code', 'Wrong code: send a new code', 'too_many_codes');
  }
  await write(ctx, async (w) => {
    await w.trx.updateTable('email_address_verifications').set({ verified_at: w.at }).where('id', '=', v.id).execute();
    const fresh = await w.trx.selectFrom('channels').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    const settings = decodeJson<EmailChannelSettings>(fresh.settings, {});
    await applyIdentity(w, ctx, fresh, settings, { fromAddress: v.address });
    await w.trx
      .updateTable('channels')
      .set({ settings: encodeJson(settings) })
      .where('id', '=', c.id)
      .execute();
    w.emit({ type: 'inbox.updated', inboxId: c.inbox_id, payload: { inboxId: c.inbox_id, channelId: c.id } });
  });
}

/** The channel's identity as the settings page shows it. */
export async function presentIdentity(
  ctx: Ctx,
  c: ChannelsTable,
  settings: EmailChannelSettings,
  inbox: { slug: string; name: string },
): Promise<EmailIdentityOut> {
  const rows = await ctx.db.kysely
    .selectFrom('email_address_verifications')
    .selectAll()
    .where('channel_id', '=', c.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const newest = rows[rows.length - 1];
  const pending = newest && !newest.verified_at && Date.parse(newest.expires_at) > Date.now() ? newest : undefined;
  return {
    fromName: settings.identity?.fromName ?? 'agent',
    language: settings.identity?.language ?? 'en',
    companyName: settings.identity?.companyName ?? '',
    defaultCompanyName: inbox.name,
    defaultAddress: defaultFromAddress(c, inbox.slug, ctx.mailDomain),
    fromAddress: settings.identity?.fromAddress ?? null,
    verifiedAddresses: [...new Set(rows.filter((r) => r.verified_at).map((r) => r.address))],
    pending: pending ? { address: pending.address, expiresAt: pending.expires_at } : null,
    signature: settings.signature ?? { format: 'text', body: '' },
  };
}

const sample = 'Your order has shipped and should arrive on Thursday.\n\nKind regards,';
/** How an email from this channel will look, signed by `agentName` (signature as given, not yet saved). */
export function previewEmail(
  c: ChannelsTable,
  settings: EmailChannelSettings,
  inbox: { slug: string; name: string },
  mailDomain: string,
  agentName: string,
  signature: SignatureSettings,
): SignaturePreview {
  const sig = signature.format === 'html' ? { format: 'html' as const, body: sanitizeSignatureHtml(signature.body) } : signature;
  const body = withSignature({ text: sample, html: null }, sig, agentName);
  const address = settings.identity?.fromAddress ?? defaultFromAddress(c, inbox.slug, mailDomain);
  return {
    from: `${fromNameFor(settings.identity, inbox.name, agentName)} <${address}>`,
    text: body.text,
    html: body.html,
    signatureText: signatureAsText(sig),
  };
}
