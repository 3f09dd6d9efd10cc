import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { Actor } from '../permissions/policy.js';
import { queriesSoFar, withQueryCount } from '../db/database.js';
import type { Ctx } from '../domain/context.js';
import type { LiveHandlers } from '../subscribers.js';
import { Presence } from '../realtime/presence.js';
import { watchAgentTyping } from '../channels/messenger/typing.js';
import { MAX_SOCKETS_PER_USER, registerStream } from '../realtime/stream.js';
import { socketCaps } from '../realtime/socket-caps.js';
import type { SharedRedis } from '../shared-redis.js';
import { authenticate } from './authenticate.js';
import { authorizeMethod } from '../permissions/policy.js';
import { BODY_LIMIT, OPEN_ROUTE_BODY_LIMIT, refuseLargeUnlessMultipart } from './body-limits.js';
import { sendError } from './errors.js';
import { parseInput } from './input.js';
import { jsonDepthParser } from './json-depth.js';
import { registerMetrics } from './metrics.js';
import { registerHealth } from './health.js';
import { ROLES, type Role } from '../config.js';
import { registerDocs } from './docs-page.js';
import { answerMismatch, openApiDocument } from './openapi.js';
import { securityHeaders } from './security-headers.js';
import { formRoutes, parseFormMultipart } from './routes/forms.js';
import { serveFormPages } from './routes/form-page.js';
import type { RouteDef } from './route.js';
import { authRoutes } from './routes/auth.js';
import { meRoutes } from './routes/me.js';
import { tokenRoutes } from './routes/tokens.js';
import { teamRoutes } from './routes/teams.js';
import { messengerRoutes } from './routes/messenger.js';
import { chatflowRoutes } from './routes/chatflows.js';
import { channelRoutes } from './routes/channels.js';
import { contactRoutes } from './routes/contacts.js';
import { contactRecordRoutes } from './routes/contact-records.js';
import { conversationRoutes } from './routes/conversations.js';
import { attachmentRoutes } from './routes/attachments.js';
import { messageRoutes } from './routes/messages.js';
import { snippetRoutes } from './routes/snippets.js';
import { templateRoutes } from './routes/templates.js';
import { inboxRoutes } from './routes/inboxes.js';
import { ticketRoutes } from './routes/tickets.js';
import { availabilityRoutes } from './routes/settings-availability.js';
import { outgoingMailRoutes } from './routes/settings-outgoing-mail.js';
import { webhookRoutes } from './routes/webhooks.js';
import { notificationRoutes } from './routes/notifications.js';
import { reportRoutes } from './routes/reports.js';
import { inboxSlackRoutes } from './routes/inbox-slack.js';
import { inboxBusinessHoursRoutes } from './routes/inbox-business-hours.js';
import { exportRoutes } from './routes/export.js';
import { exportArchiveRoutes } from './routes/exports.js';
import { inboxRetentionRoutes } from './routes/inbox-retention.js';
import { inboxImportRoutes } from './routes/inbox-imports.js';
import { pushRoutes } from './routes/push.js';
import { serveServiceWorker } from './service-worker.js';
import { searchIndexRoutes } from './routes/settings-search-index.js';
import { hasRelay } from '../channels/email/relay.js';
import { serveWidget } from './routes/widget.js';
import { registerChat } from '../channels/chat/socket.js';
import { userRoutes } from './routes/users.js';
import { logRequest } from './log-redact.js';

export interface HttpOptions {
  sessionDays: number;
  publicUrl?: string;
  logLevel: string;
  /** Folder of the built agent app (index.html and assets). */
  webDir?: string;
  version: string;
  /** Answer with `x-sql-queries` (config SQL_QUERY_HEADER). */
  sqlQueryHeader?: boolean;
  /** Check each JSON answer against its route's `response` schema; a mismatch answers 500 (config CHECK_ANSWERS, tests). */
  checkAnswers?: boolean;
  /** Which X-Forwarded-For hops to believe (config TRUST_PROXY); off by default. */
  trustProxy?: false | number | string;
  /** Request and headers timeouts, open connections cap (config HTTP_*). */
  limits?: { requestTimeoutMs: number; headersTimeoutMs: number; maxConnections: number };
  /** Bearer token for `/metrics` (config METRICS_TOKEN); none = no `/metrics`. */
  metricsToken?: string;
  /** What this process runs (config ROLE), as `/readyz` tells; every role by default. */
  roles?: readonly Role[];
  /** With Redis (REDIS_URL), the rate limits and the stream's sockets per user count across processes. */
  redis?: SharedRedis;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the `onRequest` hook of routes with `auth: 'user'`, before the body is read. */
    actor?: Actor;
    /** SQL statements authentication ran (for x-sql-queries). */
    authQueries?: number;
  }
}

/** Every REST route, in one list: registered, documented and permission-tested from here. */
export function apiRoutes(ctx: Ctx, opts: Pick<HttpOptions, 'sessionDays' | 'publicUrl'>): RouteDef[] {
  return [
    ...authRoutes(ctx, { sessionDays: opts.sessionDays, secureCookies: opts.publicUrl?.startsWith('https://') ?? false }),
    ...meRoutes(ctx),
    ...tokenRoutes(ctx),
    ...userRoutes(ctx, { publicUrl: opts.publicUrl, canEmail: () => hasRelay(ctx) }),
    ...teamRoutes(ctx),
    ...inboxRoutes(ctx),
    ...conversationRoutes(ctx),
    ...messageRoutes(ctx),
    ...attachmentRoutes(ctx),
    ...contactRoutes(ctx),
    ...contactRecordRoutes(ctx),
    ...snippetRoutes(ctx),
    ...templateRoutes(ctx),
    ...ticketRoutes(ctx),
    ...availabilityRoutes(ctx),
    ...outgoingMailRoutes(ctx),
    ...webhookRoutes(ctx),
    ...notificationRoutes(ctx),
    ...reportRoutes(ctx),
    ...exportRoutes(ctx),
    ...exportArchiveRoutes(ctx),
    ...inboxSlackRoutes(ctx),
    ...inboxBusinessHoursRoutes(ctx),
    ...inboxRetentionRoutes(ctx),
    ...inboxImportRoutes(ctx),
    ...pushRoutes(ctx),
    ...searchIndexRoutes(ctx),
    ...channelRoutes(ctx),
    ...formRoutes(ctx),
    ...messengerRoutes(ctx),
    ...chatflowRoutes(ctx),
  ];
}

/** The WebSocket route, listed beside the REST routes for docs and the permission matrix. */
export const streamRoute = {
  method: 'GET',
  url: '/api/v1/stream',
  operationId: 'openStream',
  summary: 'Realtime events (WebSocket)',
  tag: 'realtime',
  auth: 'user',
} as const;

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  return parseInput(schema, value ?? (where === 'body' ? {} : value), where === 'body' || where === 'query' ? [] : [where]);
}

/** Fastify's `trustProxy`: a hop count trusts that many proxies nearest to us (what Fastify does with a number, which its types omit). */
function trustProxyOption(v: HttpOptions['trustProxy']): boolean | string | ((addr: string, hop: number) => boolean) {
  if (typeof v === 'number') return (_addr, hop) => hop < v;
  return v ?? false;
}

/** The request announces a body (Content-Length above 0, or chunked). */
function hasBody(req: FastifyRequest): boolean {
  const len = req.headers['content-length'];
  return (len !== undefined && len !== '0') || req.headers['transfer-encoding'] !== undefined;
}

export async function buildHttp(ctx: Ctx, opts: HttpOptions): Promise<{ app: FastifyInstance; presence: Presence; live: LiveHandlers }> {
  const limits = opts.limits ?? { requestTimeoutMs: 120_000, headersTimeoutMs: 20_000, maxConnections: 10_000 };
  const app = Fastify({
    logger: opts.logLevel === 'silent' ? false : { level: opts.logLevel, serializers: { req: logRequest } },
    bodyLimit: BODY_LIMIT,
    trustProxy: trustProxyOption(opts.trustProxy),
    // Node's server.requestTimeout: the whole request, body included (slow bodies are cut off).
    requestTimeout: limits.requestTimeoutMs,
    // headersTimeout: the request line and headers (slowloris); both are checked this often.
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: Math.min(5000, Math.ceil(limits.headersTimeoutMs / 2)) },
  });
  // Beyond this many open connections (WebSockets included) new ones are closed at once.
  app.server.maxConnections = limits.maxConnections;
  await app.register(helmet, securityHeaders(opts.publicUrl));
  await app.register(cookie);
  // Shared by every process with Redis; Redis unreachable lets requests through (logins still lock in the database).
  await app.register(
    rateLimit,
    opts.redis
      ? { global: false, redis: opts.redis.client, nameSpace: `${opts.redis.prefix}:rate-limit:`, skipOnError: true }
      : { global: false },
  );
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  app.setErrorHandler((err, req, reply) => sendError(err, req, reply));
  // File uploads (POST /api/v1/attachments) send raw bytes; that route alone allows the mail size limit.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  // Support form submissions from the hosted page (files included): the one route that takes multipart.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (req: FastifyRequest, body: string | Buffer) =>
    parseFormMultipart(req, body as Buffer),
  );
  // JSON nested deeper than a person would write is refused before JSON.parse sees it.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, jsonDepthParser(app.getDefaultJsonParser('error', 'error')));
  // A body sent to no route is never read.
  app.addHook('onRequest', async (req, reply) => {
    if (req.is404 && hasBody(req)) {
      reply.header('connection', 'close');
      return reply.status(404).send({ error: 'not_found', message: 'No such route' });
    }
  });

  // Before every route: each answered request is counted.
  registerMetrics(app, ctx, opts.metricsToken);

  const auth = (req: FastifyRequest, checkOrigin: boolean) => authenticate(ctx, req, { checkOrigin, publicUrl: opts.publicUrl });
  const routes = apiRoutes(ctx, opts);

  const counted = opts.sqlQueryHeader ? withQueryCount : <T>(fn: () => T) => fn();
  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      config: { ...(r.rateLimit ? { rateLimit: r.rateLimit } : {}), ...(r.keepRawBody ? { keepRawBody: true } : {}) },
      bodyLimit: r.bodyLimit ?? (r.auth === 'none' ? OPEN_ROUTE_BODY_LIMIT : BODY_LIMIT),
      // Authentication comes before the body is read: a stranger's body is never buffered.
      onRequest: r.largeBodyMultipartOnly
        ? refuseLargeUnlessMultipart
        : r.auth === 'user'
          ? (req, reply) =>
              counted(async () => {
                try {
                  req.actor = await auth(req, r.method !== 'GET');
                  authorizeMethod(req.actor, r.method);
                } catch (err) {
                  // The client may still be sending a body: close the connection instead of reading it.
                  if (hasBody(req)) reply.header('connection', 'close');
                  throw err;
                }
                req.authQueries = queriesSoFar();
              })
          : undefined,
      handler: (req, reply) =>
        counted(async () => {
          const actor = r.auth === 'user' ? req.actor! : (null as never);
          const params = parse(r.params, req.params, 'params');
          const query = parse(r.query, req.query, 'query');
          const body = parse(r.body, req.body, 'body');
          const result = await r.handler({ actor, params, query, body, req, reply });
          // Read-your-writes with a read replica: this user's next lists wait for what this request wrote.
          if (r.auth === 'user' && r.method !== 'GET') await ctx.db.wroteAs(actor.id);
          // A handler that streamed its own response (file downloads) returns the reply, a thenable that `await`
          // above waited out until the file had gone: nothing more to send (sending again is what Fastify warns of).
          if (reply.sent) return;
          if (opts.sqlQueryHeader) reply.header('x-sql-queries', String(queriesSoFar() + (req.authQueries ?? 0)));
          if (r.status === 204) return reply.status(204).send();
          if (opts.checkAnswers && r.response) {
            const mismatch = answerMismatch(r, result);
            if (mismatch) {
              req.log.error({ route: `${r.method} ${r.url}`, issues: mismatch }, 'an answer does not match its schema');
              return reply.status(500).send({ error: 'internal', message: mismatch });
            }
          }
          return reply.status(r.status ?? 200).send(result);
        }),
    });
  }

  const presence = new Presence(ctx.bus.relay);
  const caps = socketCaps(opts.redis, MAX_SOCKETS_PER_USER);
  app.addHook('onClose', async () => caps.close());
  const stream = registerStream(app, ctx, presence, (req) => auth(req, true), caps);
  const chat = registerChat(app, ctx, presence, opts.redis);
  watchAgentTyping(ctx, presence);
  const live: LiveHandlers = { stream, chatChannelChanged: chat.channelChanged, chatAvailability: chat.availabilityChanged };
  serveWidget(app, opts.webDir ? path.resolve(opts.webDir, '../..') : process.cwd());
  serveServiceWorker(app);
  serveFormPages(app, ctx);

  const doc = openApiDocument([...routes, streamRoute as unknown as RouteDef], opts.version, opts.publicUrl);
  app.get('/api/v1/openapi.json', async () => doc);
  registerDocs(app);
  registerHealth(app, ctx, opts.roles ?? ROLES);

  const webDir = opts.webDir;
  const hasWeb = webDir && fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb)
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      // The build wrote .br and .gz copies (scripts/precompress.mjs): sent as they are, no compressing per request.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, file) => {
        // Vite names what is under assets/ by its content hash: a changed file is a new URL. index.html is asked again every time.
        res.setHeader('cache-control', /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
        res.setHeader('vary', 'accept-encoding');
      },
    });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET') {
      return reply.status(404).send({ error: 'not_found', message: 'No such route' });
    }
    if (hasWeb) return reply.type('text/html').sendFile('index.html');
    return reply
      .type('text/html')
      .send(
        '<!doctype html><title>Switchboard</title><p>The agent app is not built. Run <code>npm start</code>, which builds it.</p><p>API docs: <a href="/api/docs">/api/docs</a></p>',
      );
  });
  return { app, presence, live };
}
