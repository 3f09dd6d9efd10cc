import type { SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { coalesceWrites } from '../../coalesce-writes.js';
import type { Ctx } from '../../domain/context.js';
import { conversationInReplyAddress, threadKey } from '../../domain/threading.js';
import type { SmtpEnvelope } from './authentication.js';
import type { MailEnv } from '../../settings.js';
import { ingestEmail, type EmailTarget } from './ingest.js';
import { PromptGreetingServer } from './prompt-greeting.js';
import { metrics } from '../../metrics.js';

/**
 * Which channel a recipient address belongs to: an email channel's own address, `<slug>@` or
 * `reply+<token>@` of MAIL_DOMAIN. A token with a wrong MAC, or naming anything but an email (or support
 * form) conversation, is no mailbox (550).
 */
export async function resolveRecipient(ctx: Ctx, address: string): Promise<EmailTarget | null> {
  const addr = address.trim().toLowerCase();
  const at = addr.lastIndexOf('@');
  if (at < 1) return null;
  const k = ctx.db.kysely;
  const own = await k.selectFrom('channels').select('id').where('kind', '=', 'email').where('address', '=', addr).executeTakeFirst();
  if (own) return { channelId: own.id };
  if (addr.slice(at + 1) !== ctx.mailDomain) return null;
  const local = addr.slice(0, at);
  const fallbackOf = (inboxId: string) =>
    k
      .selectFrom('channels')
      .select('id')
      .where('inbox_id', '=', inboxId)
      .where('kind', '=', 'email')
      .where('address', 'is', null)
      .orderBy('created_at')
      .executeTakeFirst();
  if (/^reply\+/.test(local)) {
    const reply = conversationInReplyAddress(local, await threadKey(ctx.db));
    if (!reply) return null;
    const conv = await k
      .selectFrom('conversations')
      .select(['channel_id', 'channel_kind', 'inbox_id'])
      .where('id', '=', reply.conversationId)
      .executeTakeFirst();
    // A support form's conversation is answered by email: the answer comes in on its inbox's fallback channel.
    if (conv?.channel_kind === 'form') {
      const ch = await fallbackOf(conv.inbox_id);
      return ch ? { channelId: ch.id, replyConversationId: reply.conversationId } : null;
    }
    if (!conv || conv.channel_kind !== 'email') return null;
    return { channelId: conv.channel_id, replyConversationId: reply.conversationId };
  }
  const inbox = await k.selectFrom('inboxes').select('id').where('slug', '=', local).executeTakeFirst();
  if (!inbox) return null;
  const ch = await fallbackOf(inbox.id);
  return ch ? { channelId: ch.id } : null;
}

/**
 * Recipients found in the last few seconds, so a burst of mail to one address does not look it
 * up for every message. Only found ones: a new inbox's address works at once. A channel removed
 * meanwhile fails the commit with 451, and the sender retries after the entry is gone.
 */
const recentByCtx = new WeakMap<Ctx, Map<string, { target: EmailTarget; until: number }>>();
const RECENT_MS = 10_000;
async function knownRecipient(ctx: Ctx, address: string): Promise<EmailTarget | null> {
  let recent = recentByCtx.get(ctx);
  if (!recent) recentByCtx.set(ctx, (recent = new Map()));
  const key = address.trim().toLowerCase();
  const hit = recent.get(key);
  if (hit && hit.until > Date.now()) return hit.target;
  const target = await resolveRecipient(ctx, key);
  if (target) {
    if (recent.size >= 10_000) recent.clear();
    recent.set(key, { target, until: Date.now() + RECENT_MS });
  }
  return target;
}

interface Session extends SMTPServerSession {
  targets?: EmailTarget[];
  /** Counted in the per-address connection count (onConnect accepted it). */
  counted?: boolean;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

export interface SmtpReceiver {
  port: number;
  close(): Promise<void>;
}

/**
 * The built-in SMTP receiver. 550 for unknown recipients, 552 over the size limit, and 250
 * only once the message is committed and on disk (Database.durable: the WAL fsynced);
 * a failure answers 451 so the sender tries again.
 */
export async function startSmtpReceiver(
  ctx: Ctx,
  env: MailEnv,
  opts: {
    port: number;
    host: string;
    log?: (msg: string, err?: unknown) => void;
    /** PEM key and certificate: STARTTLS is offered (plain SMTP stays allowed). Without them it is not offered. */
    tls?: { key: Buffer; cert: Buffer };
    /** Concurrent connections from one client address; further ones get 421 (SMTP_MAX_CONNECTIONS_PER_ADDRESS). */
    maxPerAddress?: number;
  },
): Promise<SmtpReceiver> {
  const max = env.maxMessageBytes;
  const perAddressCap = opts.maxPerAddress ?? 50;
  const perAddress = new Map<string, number>();
  const server = new PromptGreetingServer({
    name: env.mailDomain,
    banner: 'Switchboard',
    size: max,
    authOptional: true,
    // smtp-server would otherwise offer STARTTLS with a built-in self-signed certificate.
    disabledCommands: opts.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
    logger: false,
    maxClients: 200,
    socketTimeout: 120_000,
    closeTimeout: 1000,
    // Nothing slow before the banner: no reverse DNS lookup of the client (nothing here uses its name).
    disableReverseLookup: true,
    onConnect(session: Session, cb) {
      const addr = session.remoteAddress;
      const n = perAddress.get(addr) ?? 0;
      if (n >= perAddressCap) return cb(smtpError(421, `4.7.0 Too many connections from ${addr}, try again later`));
      perAddress.set(addr, n + 1);
      session.counted = true;
      metrics.smtpSessions.inc();
      metrics.smtpSessionsOpen.inc();
      cb();
    },
    onMailFrom(address: SMTPServerAddress, session: Session, cb) {
      session.targets = [];
      const size = Number(((address.args || {}) as Record<string, string>).SIZE ?? 0);
      if (size > max) return cb(smtpError(552, `5.3.4 Message too big: the limit is ${max} bytes`));
      cb();
    },
    onRcptTo(address: SMTPServerAddress, session: Session, cb) {
      knownRecipient(ctx, address.address).then(
        (t) => {
          if (!t) return cb(smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`));
          session.targets = [...(session.targets ?? []).filter((x) => x.channelId !== t.channelId), t];
          cb();
        },
        (err) => {
          opts.log?.('smtp: recipient lookup failed', err);
          cb(smtpError(451, '4.3.0 Temporary failure, try again later'));
        },
      );
    },
    onData(stream: SMTPServerDataStream, session: Session, cb) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= max) chunks.push(c);
      });
      stream.on('error', (err) => cb(err));
      stream.on('end', () => {
        if (stream.sizeExceeded || size > max) {
          metrics.mailRefused.inc({ code: '552' });
          return cb(smtpError(552, `5.3.4 Message too big: the limit is ${max} bytes`));
        }
        const raw = Buffer.concat(chunks);
        const targets = session.targets ?? [];
        session.targets = [];
        // What sender authentication checks: the connecting IP, its HELO and MAIL FROM ('' is the null sender).
        const envelope: SmtpEnvelope = {
          ip: session.remoteAddress,
          helo: session.hostNameAppearsAs ?? '',
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        };
        (async () => {
          for (const t of targets) await ingestEmail(ctx, env, t, raw, undefined, envelope);
        })().then(
          () => {
            metrics.mailAccepted.inc();
            cb(null, 'OK: stored');
          },
          (err) => {
            metrics.mailRefused.inc({ code: '451' });
            opts.log?.('smtp: could not store a message', err);
            cb(smtpError(451, '4.3.0 Could not store the message, try again later'));
          },
        );
      });
    },
    onClose(session: Session) {
      session.targets = [];
      if (session.counted) {
        session.counted = false;
        metrics.smtpSessionsOpen.dec();
        const n = (perAddress.get(session.remoteAddress) ?? 1) - 1;
        if (n > 0) perAddress.set(session.remoteAddress, n);
        else perAddress.delete(session.remoteAddress);
      }
    },
  });
  server.on('error', (err) => opts.log?.('smtp: server error', err));
  // A pipelined MAIL, RCPT, DATA is answered with one write.
  server.server.on('connection', coalesceWrites);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const addr = server.server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : opts.port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
