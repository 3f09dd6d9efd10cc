import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { decodeJson } from '../../db/json.js';
import { releaseLease } from '../../db/leases.js';
import { holdLease, newLeaseHolder } from '../../lease-holder.js';
import type { ChannelsTable } from '../../db/schema.js';
import type { Ctx } from '../../domain/context.js';
import { channelSettings, SecretKeyError } from '../../secrets.js';
import type { MailEnv } from '../../settings.js';
import { ingestEmail, type EmailChannelSettings } from './ingest.js';
import { classifyMailError, MailConnectionError, resolveMailHost, type MailTarget } from './mail-hosts.js';

/** A reason of the poller's own (safe to show as it is), unlike errors from the connection. */
class PollerStop extends Error {}

type Log = (msg: string, err?: unknown) => void;

/**
 * One process at a time polls a mailbox (several processes on PostgreSQL): the poller holds the
 * channel's lease (`db/leases.ts`) for LEASE_MS and renews it every RENEW_MS; the others try again
 * every STANDBY_MS, so a holder that dies is replaced at most LEASE_MS + STANDBY_MS later.
 */
export const LEASE_MS = 30_000;
const RENEW_MS = 10_000;
const STANDBY_MS = 5_000;

async function setState(
  ctx: Ctx,
  channelId: string,
  set: { state?: string; last_error?: string | null; last_error_at?: string | null; uidvalidity?: string | null; last_uid?: number },
) {
  const at = new Date().toISOString();
  await ctx.db.kysely
    .insertInto('imap_state')
    .values({
      channel_id: channelId,
      uidvalidity: set.uidvalidity ?? null,
      last_uid: set.last_uid ?? 0,
      state: set.state ?? 'starting',
      last_error: set.last_error ?? null,
      last_error_at: set.last_error_at ?? null,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('channel_id').doUpdateSet({ ...set, updated_at: at }))
    .execute();
}

/** How to reach a mailbox: the checked address, the host name for TLS, certificates verified unless the channel says otherwise. */
export function imapOptions(target: MailTarget, imap: NonNullable<EmailChannelSettings['imap']>, verify: boolean): ImapFlowOptions {
  return {
    host: target.address,
    servername: target.servername,
    port: imap.port,
    secure: imap.secure,
    auth: { user: imap.user, pass: imap.password },
    logger: false,
    tls: { rejectUnauthorized: verify, ...(target.servername ? { servername: target.servername } : {}) },
  };
}

/** Opens the mailbox's folder read-only; a folder the server refuses (missing, not selectable) is the class `folder`. */
export async function openFolder(client: ImapFlow, folder: string | undefined) {
  try {
    return await client.mailboxOpen(folder || 'INBOX', { readOnly: true });
  } catch (err) {
    if ((err as { responseStatus?: string }).responseStatus === 'NO') throw new MailConnectionError('folder');
    throw err;
  }
}

/**
 * One mailbox: fetches every UID above the stored one, records each message through the one
 * inbound path and only then advances (UIDVALIDITY, last UID); waits in IDLE (imapflow falls
 * back to polling without it); reconnects with backoff. Never looks at \Seen.
 */
class MailboxPoller {
  private stopped = false;
  private client: ImapFlow | null = null;
  private wake: (() => void) | null = null;
  private loop: Promise<void>;
  /** Set while this process holds the lease; `renewedAt` is when it last succeeded. */
  private leased = false;
  private renewedAt = 0;
  private leaseLost = false;
  private dropSession: ((e: Error) => void) | null = null;
  /** A renewal in flight: a stop waits for it, so it cannot write the lease back after the release. */
  private renewing: Promise<unknown> = Promise.resolve();

  constructor(
    private ctx: Ctx,
    private env: MailEnv,
    readonly channelId: string,
    readonly key: string,
    private pollSeconds: number,
    private log: Log,
    private holder: string,
  ) {
    this.loop = this.run();
  }

  private async takeLease(): Promise<boolean> {
    const now = Date.now();
    try {
      const ok = await holdLease(this.ctx.db, this.channelId, this.holder, LEASE_MS, new Date(now));
      if (ok) this.renewedAt = now;
      return ok;
    } catch (err) {
      // The database is unreachable: keep polling only while the last renewal still covers us.
      this.log(`imap: channel ${this.channelId}: could not renew the lease`, err);
      return this.leased && Date.now() < this.renewedAt + LEASE_MS - RENEW_MS;
    }
  }

  /** Renews the lease while a session runs; losing it ends the session at once (another process polls now). */
  private keepLease(): () => void {
    const timer = setInterval(() => {
      if (this.stopped) return;
      this.renewing = this.takeLease().then((ok) => {
        if (ok || !this.leased || this.stopped) return;
        this.leased = false;
        this.leaseLost = true;
        this.log(`imap: channel ${this.channelId}: lease lost, another process polls this mailbox`);
        this.dropSession?.(new Error('The lease on this mailbox was lost'));
      });
    }, RENEW_MS);
    timer.unref();
    return () => clearInterval(timer);
  }

  private sleep(ms: number) {
    return new Promise<void>((r) => {
      const t = setTimeout(() => ((this.wake = null), r()), ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = null;
        r();
      };
    });
  }

  private async run() {
    let backoff = 1000;
    while (!this.stopped) {
      if (!this.leased) {
        this.leased = await this.takeLease();
        this.leaseLost = false;
        if (!this.leased) {
          await this.sleep(STANDBY_MS);
          continue;
        }
      }
      const stopRenewing = this.keepLease();
      try {
        await this.session();
        backoff = 1000;
      } catch (err) {
        if (this.stopped) break;
        if (this.leaseLost) continue;
        // People see the class of failure; the server's own words (banner, response) only reach the log.
        const message = err instanceof PollerStop || err instanceof SecretKeyError ? err.message : classifyMailError(err, 'imap').message;
        this.log(`imap: channel ${this.channelId}: ${message}`, err);
        await setState(this.ctx, this.channelId, { state: 'error', last_error: message, last_error_at: new Date().toISOString() }).catch(
          () => undefined,
        );
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 5 * 60_000);
      } finally {
        stopRenewing();
        this.dropSession = null;
        const c = this.client;
        this.client = null;
        if (c) await c.logout().catch(() => c.close());
      }
    }
  }

  private async session() {
    const ch = await this.ctx.db.kysely.selectFrom('channels').selectAll().where('id', '=', this.channelId).executeTakeFirst();
    const settings = ch && channelSettings<EmailChannelSettings>(this.ctx.secrets, ch, {});
    const imap = settings?.imap;
    if (!ch || !imap) return void (this.stopped = true);
    await setState(this.ctx, this.channelId, { state: 'connecting' });
    // Checked at every connect: the name may resolve elsewhere than when it was saved.
    const target = await resolveMailHost(imap.host, this.env.allowPrivateHosts ?? false);
    const client = new ImapFlow({
      ...imapOptions(target, imap, !settings.skipCertificateVerification),
      maxIdleTime: this.pollSeconds * 1000,
    });
    this.client = client;
    let closed: (e: Error) => void = () => {};
    const lost = new Promise<never>((_, rej) => (closed = rej));
    lost.catch(() => undefined);
    this.dropSession = (e) => {
      closed(e);
      client.close();
    };
    client.on('close', () => closed(new PollerStop('The IMAP connection closed')));
    client.on('error', (e: Error) => closed(e));
    client.on('exists', () => this.wake?.());
    await client.connect();
    const box = await openFolder(client, imap.folder);
    const uidValidity = String(box.uidValidity);
    const state = await this.ctx.db.kysely.selectFrom('imap_state').selectAll().where('channel_id', '=', this.channelId).executeTakeFirst();
    let last = Number(state?.last_uid ?? 0);
    if (state?.uidvalidity !== uidValidity) {
      // A new UIDVALIDITY: every UID is new; dedupe on Message-ID keeps re-imports out.
      last = 0;
      await setState(this.ctx, this.channelId, { uidvalidity: uidValidity, last_uid: 0 });
    }
    await setState(this.ctx, this.channelId, { state: 'connected', last_error: null });
    while (!this.stopped && !this.leaseLost) {
      // The folder was replaced while we were connected: start again from a new session.
      if (client.mailbox && String(client.mailbox.uidValidity) !== uidValidity) throw new PollerStop('UIDVALIDITY changed');
      last = await this.fetchNew(client, ch, last);
      await setState(this.ctx, this.channelId, { state: 'idle' });
      await Promise.race([this.sleep(this.pollSeconds * 1000), lost]);
      if (!client.usable) throw new PollerStop('The IMAP connection was lost');
    }
  }

  private async fetchNew(client: ImapFlow, ch: ChannelsTable, last: number): Promise<number> {
    const uids: number[] = [];
    for await (const m of client.fetch(`${last + 1}:*`, { uid: true }, { uid: true })) if (m.uid > last) uids.push(m.uid);
    uids.sort((a, b) => a - b);
    if (uids.length) await setState(this.ctx, this.channelId, { state: 'syncing' });
    for (const uid of uids) {
      if (this.stopped || this.leaseLost) break;
      const m = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      if (m && m.source) await ingestEmail(this.ctx, this.env, { channelId: ch.id }, m.source);
      // Only after the message is committed: a crash before this line re-fetches it (and dedupe keeps one copy).
      await setState(this.ctx, this.channelId, { last_uid: uid });
      last = uid;
    }
    return last;
  }

  async stop() {
    this.stopped = true;
    this.wake?.();
    const c = this.client;
    if (c) await c.logout().catch(() => c.close());
    await this.loop.catch(() => undefined);
    await this.renewing.catch(() => undefined);
    // A clean stop hands the mailbox over at once instead of after the lease expires.
    if (this.leased) await releaseLease(this.ctx.db, this.channelId, this.holder).catch(() => undefined);
    this.leased = false;
  }
}

/**
 * Keeps one poller per email channel with an IMAP mailbox, following channels as they are added or
 * changed. Every process runs them; the lease lets one of them connect to each mailbox.
 */
export function startImapPollers(ctx: Ctx, env: MailEnv, opts: { pollSeconds: number; log: Log; rescanMs?: number }) {
  const pollers = new Map<string, MailboxPoller>();
  let stopped = false;
  // Names this process in `leases`.
  const holder = newLeaseHolder();
  const scan = async () => {
    const rows = await ctx.db.kysely
      .selectFrom('channels')
      .select(['id', 'settings'])
      .where('kind', '=', 'email')
      .where('address', 'is not', null)
      .execute();
    const want = new Map<string, string>();
    for (const r of rows) {
      const s = decodeJson<EmailChannelSettings>(r.settings, {});
      if (s.imap?.host) want.set(r.id, JSON.stringify([s.imap, s.skipCertificateVerification ?? false]));
    }
    for (const [id, p] of pollers) {
      if (want.get(id) !== p.key) {
        pollers.delete(id);
        await p.stop();
      }
    }
    for (const [id, key] of want)
      if (!pollers.has(id) && !stopped) pollers.set(id, new MailboxPoller(ctx, env, id, key, opts.pollSeconds, opts.log, holder));
  };
  let running = scan().catch((e) => opts.log('imap: scan failed', e));
  const timer = setInterval(() => {
    running = running.then(scan).catch((e) => opts.log('imap: scan failed', e));
  }, opts.rescanMs ?? 3000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await Promise.all([...pollers.values()].map((p) => p.stop()));
      pollers.clear();
    },
  };
}
