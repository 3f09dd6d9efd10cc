/**
 * The outgoing mail server (the relay): every address without its own SMTP server sends through
 * it, and so does the mail Switchboard writes itself. Admins set it in Settings (stored in
 * `account_settings`, its password encrypted like channel secrets); when none is stored,
 * SMTP_RELAY_URL from the configuration is the default; with neither, such mail is held.
 *
 * Reading it is cheap: the answer is kept per database for RELAY_TTL_MS, dropped at once in the
 * process that saves a change; other processes sharing the database see a change within the TTL.
 * "No server" is never kept: a held delivery always looks again before it waits.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type {
  OutgoingMailInput,
  OutgoingMailOut,
  OutgoingMailSettingsOut,
  OutgoingMailTestOut,
  OutgoingSecurity,
} from '../../../common/settings-api.js';
import { mailLanguage, mailT } from '../../../common/mail-texts/index.js';
import type { Database, Db } from '../../db/database.js';
import { decodeJson, encodeJson } from '../../db/json.js';
import { countHeldJobs, releaseHeldJobs } from '../../db/job-queue.js';
import { write, type Ctx } from '../../domain/context.js';
import { invalid } from '../../domain/errors.js';
import { HELD_PREFIX } from '../../domain/outbox.js';
import { authorizeInstallationSettings, type Actor } from '../../permissions/policy.js';
import { fallbackAddress } from '../../domain/inboxes.js';
import type { EmailChannelSettings } from './ingest.js';
import { classifyMailError, MailConnectionError, resolveMailHost } from './mail-hosts.js';

const KEY = 'outgoing-mail';
export const RELAY_TTL_MS = 10_000;

/** As stored: the password sealed (`Secrets.seal`). */
interface StoredRelay {
  host: string;
  port: number;
  security: OutgoingSecurity;
  user: string;
  password?: string;
  fromAddress?: string | null;
}

/** The relay in use: saved in Settings, or SMTP_RELAY_URL. */
export type Relay = { source: 'settings'; stored: StoredRelay } | { source: 'env'; url: string };

const cache = new WeakMap<Database, { at: number; relay: Relay }>();

async function readStored(q: Db): Promise<StoredRelay | null> {
  const r = await q.selectFrom('account_settings').select('value').where('key', '=', KEY).executeTakeFirst();
  const s = decodeJson<StoredRelay | null>(r?.value, null);
  return s?.host ? s : null;
}

/**
 * The relay in use, or null (mail that needs one is held). `q`: read inside the caller's transaction.
 * `fresh`: skip the cache (a delivery about to be held looks again).
 */
export async function outgoingRelay(ctx: Ctx, q: Db = ctx.db.kysely, opts: { fresh?: boolean } = {}): Promise<Relay | null> {
  const hit = cache.get(ctx.db);
  if (hit && !opts.fresh && Date.now() - hit.at < RELAY_TTL_MS) return hit.relay;
  const stored = await readStored(q);
  const relay: Relay | null = stored
    ? { source: 'settings', stored }
    : ctx.mail.relayUrl
      ? { source: 'env', url: ctx.mail.relayUrl }
      : null;
  if (relay) cache.set(ctx.db, { at: Date.now(), relay });
  else cache.delete(ctx.db);
  return relay;
}

/** Whether mail that needs the relay can leave now. */
export async function hasRelay(ctx: Ctx, q?: Db): Promise<boolean> {
  return !!(await outgoingRelay(ctx, q));
}

/** nodemailer options for a stored relay, reached at the checked address (the host name kept for TLS). */
async function storedTransportOptions(ctx: Ctx, s: StoredRelay, password: string | undefined): Promise<SMTPTransport.Options> {
  const target = await resolveMailHost(s.host, ctx.mail.allowPrivateHosts ?? false);
  return {
    host: target.address,
    port: s.port,
    secure: s.security === 'tls',
    requireTLS: s.security === 'starttls',
    ignoreTLS: s.security === 'none',
    auth: s.user ? { user: s.user, pass: password ?? '' } : undefined,
    tls: target.servername ? { servername: target.servername } : {},
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  };
}

/** Something that sends mail. */
export interface RelaySender {
  sendMail(mail: Parameters<Transporter['sendMail']>[0]): Promise<unknown>;
}

const envTransports = new Map<string, Transporter>();
/** Pooled transports of SMTP_RELAY_URL (the operator's own setting, used as configured); closed at shutdown. */
export function closeRelayTransports(): void {
  for (const t of envTransports.values()) t.close();
  envTransports.clear();
}

/**
 * A sender through the relay. The stored relay's host is resolved and checked at every send like a
 * mailbox's server (`mail-hosts.ts`), and its failures are shown as classes, never the server's words.
 */
export async function relaySender(ctx: Ctx, relay: Relay): Promise<RelaySender> {
  if (relay.source === 'env') {
    let t = envTransports.get(relay.url);
    if (!t) envTransports.set(relay.url, (t = nodemailer.createTransport(relay.url)));
    return t;
  }
  const s = relay.stored;
  const options = await storedTransportOptions(ctx, s, s.password ? ctx.secrets.open(s.password) : undefined);
  return {
    async sendMail(mail) {
      const t = nodemailer.createTransport(options);
      try {
        return await t.sendMail(mail);
      } catch (err) {
        throw classifyMailError(err, 'smtp');
      } finally {
        t.close();
      }
    },
  };
}

/** The From of mail Switchboard writes itself: the relay's address when one is set, else `no-reply@MAIL_DOMAIN`. */
export const systemFromAddress = (ctx: Ctx, relay: Relay | null) =>
  (relay?.source === 'settings' ? relay.stored.fromAddress : null) || `no-reply@${ctx.mail.mailDomain}`;

function envSummary(url: string | undefined): { host: string; port: number } | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return { host: u.hostname, port: Number(u.port) || (u.protocol === 'smtps:' ? 465 : 587) };
  } catch {
    return null;
  }
}

const present = (s: StoredRelay): OutgoingMailSettingsOut => ({
  host: s.host,
  port: s.port,
  security: s.security,
  user: s.user,
  hasPassword: !!s.password,
  fromAddress: s.fromAddress || null,
});

/** `GET /settings/outgoing-mail` (admins): the server in use and where it comes from; never a password. */
export async function getOutgoingMail(ctx: Ctx, actor: Actor): Promise<OutgoingMailOut> {
  authorizeInstallationSettings(actor);
  const stored = await readStored(ctx.db.kysely);
  const env = envSummary(ctx.mail.relayUrl);
  return {
    source: stored ? 'settings' : env ? 'env' : 'none',
    settings: stored ? present(stored) : null,
    env,
    heldJobs: await countHeldJobs(ctx.db.kysely, HELD_PREFIX),
    addresses: await relayAddresses(ctx),
  };
}

/** Email channels without an SMTP server of their own, in inbox order: they send through the relay. */
async function relayAddresses(ctx: Ctx): Promise<OutgoingMailOut['addresses']> {
  const rows = await ctx.db.kysely
    .selectFrom('channels')
    .innerJoin('inboxes', 'inboxes.id', 'channels.inbox_id')
    .select(['channels.id', 'channels.inbox_id', 'channels.address', 'channels.settings', 'inboxes.name', 'inboxes.slug'])
    .where('channels.kind', '=', 'email')
    .orderBy('inboxes.name')
    .orderBy('channels.created_at')
    .execute();
  return rows.flatMap((r) => {
    const s = decodeJson<EmailChannelSettings>(r.settings, {});
    if (s.smtp?.host) return [];
    return [
      {
        channelId: r.id,
        inboxId: r.inbox_id,
        inboxName: r.name,
        address: r.address ?? fallbackAddress(ctx, r.slug),
        useForSending: s.useForSending !== false,
      },
    ];
  });
}

/** The settings to store: the typed ones, the password sealed (absent: the stored one kept; empty: none). */
async function toStored(ctx: Ctx, input: OutgoingMailInput, current: StoredRelay | null): Promise<StoredRelay> {
  const password = input.password === undefined ? current?.password : input.password ? ctx.secrets.seal(input.password) : undefined;
  return {
    host: input.host,
    port: input.port,
    security: input.security,
    user: input.user,
    ...(password ? { password } : {}),
    fromAddress: input.fromAddress || null,
  };
}

/** A host the relay may not use answers 400 naming the field (as for a mailbox's servers). */
async function checkHost(ctx: Ctx, host: string): Promise<void> {
  try {
    await resolveMailHost(host, ctx.mail.allowPrivateHosts ?? false);
  } catch (err) {
    if (!(err instanceof MailConnectionError)) throw err;
    throw err.kind === 'private'
      ? invalid('host', 'is a loopback, private or link-local address (refused unless ALLOW_PRIVATE_MAIL_HOSTS=1)', 'private_host')
      : invalid('host', 'was not found (no such host)', 'unknown_host');
  }
}

/** After a change: this process reads the relay again at once; held deliveries are tried again now (every process's worker sees the jobs). */
async function changed(ctx: Ctx, w: { trx: Db }): Promise<void> {
  cache.delete(ctx.db);
  await releaseHeldJobs(w.trx, HELD_PREFIX);
}

/** `PUT /settings/outgoing-mail` (admins): saves the server; mail held for lack of one is sent now. */
export async function saveOutgoingMail(ctx: Ctx, actor: Actor, input: OutgoingMailInput): Promise<OutgoingMailOut> {
  authorizeInstallationSettings(actor);
  await checkHost(ctx, input.host);
  await write(ctx, async (w) => {
    const next = encodeJson(await toStored(ctx, input, await readStored(w.trx)));
    await w.trx
      .insertInto('account_settings')
      .values({ key: KEY, value: next })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: next }))
      .execute();
    await changed(ctx, w);
  });
  cache.delete(ctx.db);
  return getOutgoingMail(ctx, actor);
}

/** `DELETE /settings/outgoing-mail` (admins): back to SMTP_RELAY_URL (or none). */
export async function clearOutgoingMail(ctx: Ctx, actor: Actor): Promise<OutgoingMailOut> {
  authorizeInstallationSettings(actor);
  await write(ctx, async (w) => {
    await w.trx.deleteFrom('account_settings').where('key', '=', KEY).execute();
    await changed(ctx, w);
  });
  cache.delete(ctx.db);
  return getOutgoingMail(ctx, actor);
}

/**
 * `POST /settings/outgoing-mail/test` (admins): a test email to `to` through `settings` (not saved;
 * without a password the stored one is used) or the server in use. Answers the outcome as a class.
 */
export async function testOutgoingMail(
  ctx: Ctx,
  actor: Actor,
  input: { to: string; settings?: OutgoingMailInput },
): Promise<OutgoingMailTestOut> {
  authorizeInstallationSettings(actor);
  const relay: Relay | null = input.settings
    ? { source: 'settings', stored: await toStored(ctx, input.settings, await readStored(ctx.db.kysely)) }
    : await outgoingRelay(ctx, undefined, { fresh: true });
  if (!relay) return { ok: false, error: 'No outgoing mail server is set', errorKind: 'none' };
  const me = await ctx.db.kysely.selectFrom('users').select(['name', 'locale']).where('id', '=', actor.id).executeTakeFirst();
  const t = mailT(mailLanguage(me?.locale));
  const server =
    relay.source === 'settings' ? `${relay.stored.host}:${relay.stored.port}` : (envSummary(relay.url)?.host ?? 'SMTP_RELAY_URL');
  try {
    await (
      await relaySender(ctx, relay)
    ).sendMail({
      from: { name: 'Switchboard', address: systemFromAddress(ctx, relay) },
      to: input.to,
      subject: t('test.subject'),
      text: t('test.body', { name: me?.name ?? '', server }),
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    return { ok: true, error: null, errorKind: null };
  } catch (err) {
    const e = classifyMailError(err, 'smtp');
    return { ok: false, error: e.message, errorKind: e.kind };
  }
}
