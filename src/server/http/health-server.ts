import Fastify, { type FastifyInstance } from 'fastify';
import type { Role } from '../config.js';
import type { Ctx } from '../domain/context.js';
import { registerHealth } from './health.js';
import { registerMetrics } from './metrics.js';

/**
 * The HTTP server of a process without the `web` role (a worker, an SMTP receiver): only `/healthz`,
 * `/readyz` and `/metrics`, so it is checked and scraped like the others; everything else is a 404.
 */
export function buildHealthHttp(ctx: Ctx, opts: { roles: readonly Role[]; logLevel: string; metricsToken?: string }): FastifyInstance {
  const app = Fastify({ logger: opts.logLevel === 'silent' ? false : { level: opts.logLevel }, bodyLimit: 1024 });
  registerMetrics(app, ctx, opts.metricsToken);
  registerHealth(app, ctx, opts.roles);
  app.setNotFoundHandler((_req, reply) => reply.status(404).send({ error: 'not_found', message: 'No such route in this process (ROLE)' }));
  return app;
}
