import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { bootstrap } from './bootstrap.js';
import { ConfigError, ROLES, type Config, type Role } from './config.js';
import { migrate } from './db/migrate.js';
import type { Database } from './db/database.js';
import { openDatabase } from './db/open.js';
import type { SearchIndexOptions } from './db/search-indexer.js';
import { createCtx, type Ctx } from './domain/context.js';
import { EventBus } from './events/bus.js';
import { createRedisRelay } from './events/redis-relay.js';
import { openSharedRedis } from './shared-redis.js';
import { vapidKeys } from './domain/push.js';
import { buildHttp } from './http/server.js';
import { buildHealthHttp } from './http/health-server.js';
import { openAppsOf } from './realtime/open-apps.js';
import { subscribers, wireSubscribers } from './subscribers.js';
import { startWorker } from './jobs/worker.js';
import { startBotSweep } from './bots/sweep.js';
import { mailEnvOf, type MailEnv } from './settings.js';
import { closeTransports, registerEmailAdapter } from './channels/email/outbound.js';
import { registerFormAdapter } from './channels/form/adapter.js';
import { registerMessengerAdapter } from './channels/messenger/adapter.js';
import { registerChatAdapter } from './channels/chat/adapter.js';
import { visitorSockets } from './channels/chat/visitor-sockets.js';
import { closeParsePool, startParsePool } from './channels/email/parse-pool.js';
import { closeEmailBodyPool, startEmailBodyPool } from './domain/email-body.js';
import { startSmtpReceiver, type SmtpReceiver } from './channels/email/receiver.js';
import { startImapPollers } from './channels/email/imap.js';
import { secureDataDir } from './data-dir.js';
import { loadSecrets, sealStoredSecrets, type Secrets } from './secrets.js';

export const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const version = '0.1.0';

export interface Running {
  url: string;
  app: FastifyInstance;
  ctx: Ctx;
  adminCreated?: { email: string; password: string; generated: boolean };
  /** What this process runs (ROLE). */
  roles: Role[];
  /** The SMTP receiver's port, when it runs. */
  smtpPort: number | null;
  mail: MailEnv;
  close(): Promise<void>;
}

/** Composition root: config → db → migrate → bus → the parts of the process's roles (web: http / ws; worker; smtp) → bootstrap. */
export async function startServer(
  config: Config,
  opts: { schema?: string; webDir?: string; searchIndex?: SearchIndexOptions } = {},
): Promise<Running> {
  secureDataDir(config);
  const secrets = loadSecrets(config);
  const db = openDatabase(config, opts.schema, opts.searchIndex);
  try {
    return await startOn(db, config, secrets, opts.webDir ?? path.join(rootDir, 'dist/web'));
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

async function startOn(db: Database, config: Config, secrets: Secrets, webDir: string): Promise<Running> {
  const has = (r: Role) => config.roles.includes(r);
  // Every role migrates: whichever process starts first brings the schema up to date (Kysely's migrator
  // takes its lock row, so processes starting together take turns; the others find nothing to do).
  await migrate(db);
  // Again now that SQLite created its files (switchboard.db, -wal, -shm, -search).
  secureDataDir(config);
  // Stops here, naming the fix, when the key cannot decrypt what is stored; encrypts older plain text.
  await sealStoredSecrets(db, secrets);
  // Worker threads for mail parsing and agents' HTML, loading while the rest starts.
  startParsePool(config.parseTimeoutMs);
  startEmailBodyPool(config.parseTimeoutMs);
  const relay = config.redisUrl ? createRedisRelay(config.redisUrl, config.redisPrefix) : undefined;
  // Every role has the bus: commands publish through it (an SMTP process's received mail wakes the others over Redis).
  const bus = new EventBus(db, relay);
  // Limits and socket counts shared by the processes (the web role's).
  const redis = config.redisUrl && has('web') ? openSharedRedis(config.redisUrl, config.redisPrefix) : undefined;
  const mail = mailEnvOf(config);
  const ctx = createCtx({ db, bus, secrets, mail, retention: config.retention });
  registerEmailAdapter(ctx);
  registerFormAdapter(ctx);
  registerMessengerAdapter(ctx);
  // Web Push's VAPID keys: made once, on the first start, and kept.
  await vapidKeys(ctx);
  await bus.start(config.eventPollMs);
  const web = has('web')
    ? await buildHttp(ctx, {
        sessionDays: config.sessionDays,
        publicUrl: config.publicUrl,
        logLevel: config.logLevel,
        sqlQueryHeader: config.sqlQueryHeader,
        checkAnswers: config.checkAnswers,
        trustProxy: config.trustProxy,
        limits: config.http,
        webDir,
        version,
        metricsToken: config.metricsToken,
        roles: config.roles,
        redis,
      })
    : null;
  // A process without `web` still answers /healthz, /readyz and /metrics on PORT.
  const app = web?.app ?? buildHealthHttp(ctx, { roles: config.roles, logLevel: config.logLevel, metricsToken: config.metricsToken });
  // The web role registers the chat adapter with its visitor sockets; without it, replies and bot steps this
  // process delivers reach the visitors' sockets in web processes over Redis.
  if (!web) registerChatAdapter(ctx, visitorSockets(ctx));
  const worker = has('worker') ? startWorker(ctx) : null;
  const botSweep = has('worker') ? startBotSweep(ctx) : null;
  // Push jobs ask whose app is open in any process: a worker listens from the start (the stream keeps it otherwise).
  const openApps = worker ? openAppsOf(ctx) : null;
  const unsubscribe = wireSubscribers(bus, db, subscribers(ctx, { live: web?.live, wakeWorker: worker?.wake }));
  let smtp: SmtpReceiver | null = null;
  let imap: ReturnType<typeof startImapPollers> | null = null;
  /** Everything but the database (a failed start's caller closes it), also when the start failed half-way. */
  const stop = async () => {
    await smtp?.close();
    await imap?.stop();
    await worker?.stop();
    await botSweep?.stop();
    openApps?.close();
    closeTransports();
    await closeParsePool();
    await closeEmailBodyPool();
    web?.presence.close();
    await app.close();
    await unsubscribe();
    await bus.close();
    await redis?.close();
  };
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await stop();
    if ((err as { code?: string }).code !== 'EADDRINUSE') throw err;
    throw new ConfigError(`Invalid configuration:\n  PORT: ${config.host}:${config.port} is already in use; set PORT to a free port`);
  }
  // Only once the process answers: a first start that stops before this never creates an admin whose password nobody saw.
  const boot = await bootstrap(ctx, { email: config.adminEmail, password: config.adminPassword });
  const log = (msg: string, err?: unknown) => app.log.error({ err }, msg);
  try {
    smtp =
      config.smtpPort === null || !has('smtp')
        ? null
        : await startSmtpReceiver(ctx, mail, {
            port: config.smtpPort,
            host: config.smtpHost,
            log,
            tls: config.smtpTls,
            maxPerAddress: config.smtpMaxPerAddress,
          });
    if (smtp && !config.smtpTls) app.log.info('SMTP receiver: STARTTLS is not offered (set SMTP_TLS_KEY and SMTP_TLS_CERT to offer it)');
  } catch (err) {
    // Several processes of every role on one host share the database: one of them receives mail. A process
    // given the smtp role among others (ROLE) is there to receive it: it stops instead.
    if ((err as { code?: string }).code === 'EADDRINUSE' && config.roles.length === ROLES.length) {
      app.log.warn(
        `SMTP port ${config.smtpPort} is in use (another Switchboard process?): this process does not receive mail; set SMTP_PORT or SMTP_PORT=off`,
      );
    } else {
      await stop();
      throw new Error(
        `The SMTP receiver could not listen on ${config.smtpHost}:${config.smtpPort}: ${(err as Error).message} (set SMTP_PORT, or SMTP_PORT=off)`,
      );
    }
  }
  imap = has('worker') ? startImapPollers(ctx, mail, { pollSeconds: config.imapPollSeconds, log }) : null;
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  // Links back from Slack and in notification mail go here when PUBLIC_URL is not set (only a web process serves the app there).
  if (web) mail.appUrl ??= url;
  else if (worker && !config.publicUrl)
    app.log.warn(
      'ROLE without web and no PUBLIC_URL: mail with links to the app (notifications, export links) waits until PUBLIC_URL is set',
    );
  return {
    url,
    app,
    ctx,
    adminCreated: boot.adminCreated,
    smtpPort: smtp?.port ?? null,
    mail,
    roles: config.roles,
    async close() {
      await stop();
      await db.close();
    },
  };
}
