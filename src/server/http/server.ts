import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { ZodError, type ZodType } from 'zod';
import { queriesSoFar, withQueryCount } from '../db/database.js';
import type { MailEnv } from '../channels/email/env.js';
import type { Ctx } from '../domain/context.js';
import { Presence } from '../realtime/presence.js';
import { registerStream } from '../realtime/stream.js';
import { authenticate } from './authenticate.js';
import { authorizeMethod } from '../permissions/policy.js';
import { sendError } from './errors.js';
import { docsPage, openApiDocument } from './openapi.js';
import type { RouteDef } from './route.js';
import { authRoutes } from './routes/auth.js';
import { channelRoutes } from './routes/channels.js';
import { contactRoutes } from './routes/contacts.js';
import { contactCrmRoutes } from './routes/contacts-crm.js';
import { conversationRoutes } from './routes/conversations.js';
import { composeRoutes } from './routes/compose.js';
import { inboxRoutes } from './routes/inboxes.js';
import { ticketRoutes } from './routes/tickets.js';
import { availabilityRoutes } from './routes/availability.js';
import { chatRoutes, serveWidget } from '../channels/chat/routes.js';
import { registerChat } from '../channels/chat/socket.js';
import { userRoutes } from './routes/users.js';

export interface HttpOptions {
  sessionDays: number;
  publicUrl?: string;
  logLevel: string;
  /** Folder of the built agent app (index.html and assets). */
  webDir?: string;
  version: string;
  /** Email settings (attachments folder, relay) for the channel and attachment routes. */
  mail?: MailEnv;
  /** Answer with `x-sql-queries` (config SQL_QUERY_HEADER). */
  sqlQueryHeader?: boolean;
}

/** Every REST route, in one list: registered, documented and permission-tested from here. */
export function apiRoutes(ctx: Ctx, opts: Pick<HttpOptions, 'sessionDays' | 'publicUrl' | 'mail'>): RouteDef[] {
  return [
    ...authRoutes(ctx, { sessionDays: opts.sessionDays, secureCookies: opts.publicUrl?.startsWith('https://') ?? false }),
    ...userRoutes(ctx, { publicUrl: opts.publicUrl, canEmail: !!opts.mail?.relayUrl }),
    ...inboxRoutes(ctx),
    ...conversationRoutes(ctx),
    ...composeRoutes(ctx, opts.mail),
    ...contactRoutes(ctx),
    ...contactCrmRoutes(ctx),
    ...ticketRoutes(ctx),
    ...availabilityRoutes(ctx),
    ...channelRoutes(ctx, opts.mail),
    ...chatRoutes(ctx),
  ];
}

/** The WebSocket route, listed beside the REST routes for docs and the permission matrix. */
export const streamRoute = { method: 'GET', url: '/api/v1/stream', summary: 'Realtime events (WebSocket)', tag: 'realtime', auth: 'user' } as const;

/** The first path whose string holds a NUL character (no database stores those in text). */
function nulPath(v: unknown, path: string[]): string[] | null {
  if (typeof v === 'string') return v.includes('\u0000') ? path : null;
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = nulPath(x, [...path, k]);
      if (p) return p;
    }
  }
  return null;
}

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const bad = nulPath(value, where === 'params' ? ['params'] : []);
  if (bad) throw new ZodError([{ code: 'custom', path: bad, message: 'must not contain NUL characters', input: undefined }]);
  const r = schema.safeParse(value ?? (where === 'body' ? {} : value));
  if (!r.success) throw new ZodError(r.error.issues.map((i) => ({ ...i, path: where === 'body' || where === 'query' ? i.path : [where, ...i.path] })));
  return r.data;
}

export async function buildHttp(ctx: Ctx, opts: HttpOptions): Promise<{ app: FastifyInstance; presence: Presence }> {
  const app = Fastify({
    logger: opts.logLevel === 'silent' ? false : { level: opts.logLevel },
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: true,
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  app.setErrorHandler((err, req, reply) => sendError(err, req, reply));
  // File uploads (POST /api/v1/attachments) send raw bytes, up to the mail size limit.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: opts.mail?.maxMessageBytes ?? 25 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  const auth = (req: FastifyRequest, checkOrigin: boolean) => authenticate(ctx, req, { checkOrigin, publicUrl: opts.publicUrl });
  const routes = apiRoutes(ctx, opts);

  const counted = opts.sqlQueryHeader ? withQueryCount : <T>(fn: () => T) => fn();
  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      config: r.rateLimit ? { rateLimit: r.rateLimit } : undefined,
      handler: (req, reply) =>
        counted(async () => {
          const actor = r.auth === 'user' ? await auth(req, r.method !== 'GET') : (null as never);
          if (actor) authorizeMethod(actor, r.method);
          const params = parse(r.params, req.params, 'params');
          const query = parse(r.query, req.query, 'query');
          const body = parse(r.body, req.body, 'body');
          const result = await r.handler({ actor, params, query, body, req, reply });
          // A handler that streamed its own response (file downloads) returns the reply itself.
          if (result === reply) return reply;
          if (opts.sqlQueryHeader) reply.header('x-sql-queries', String(queriesSoFar()));
          if (r.status === 204) return reply.status(204).send();
          return reply.status(r.status ?? 200).send(result);
        }),
    });
  }

  const presence = new Presence(ctx.bus.relay);
  registerStream(app, ctx, presence, (req) => auth(req, true));
  registerChat(app, ctx, presence, opts.mail);
  serveWidget(app, opts.webDir ? path.resolve(opts.webDir, '../..') : process.cwd());

  const doc = openApiDocument([...routes, streamRoute as unknown as RouteDef], opts.version);
  app.get('/api/v1/openapi.json', async () => doc);
  app.get('/api/docs', async (_req, reply) => reply.type('text/html').send(docsPage));
  app.get('/healthz', async () => ({ ok: true }));

  const webDir = opts.webDir;
  const hasWeb = webDir && fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET') {
      return reply.status(404).send({ error: 'not_found', message: 'No such route' });
    }
    if (hasWeb) return reply.type('text/html').sendFile('index.html');
    return reply.type('text/html').send('<!doctype html><title>Switchboard</title><p>The agent app is not built. Run <code>npm start</code>, which builds it.</p><p>API docs: <a href="/api/docs">/api/docs</a></p>');
  });
  return { app, presence };
}

