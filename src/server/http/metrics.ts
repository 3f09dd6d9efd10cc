import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { jobQueueStats } from '../db/job-queue.js';
import type { Ctx } from '../domain/context.js';
import { metrics, registry } from '../metrics.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Counts every answered request (by route pattern, never the raw URL) and serves `/metrics` to
 * whoever sends `Authorization: Bearer <METRICS_TOKEN>`. Without METRICS_TOKEN there is no
 * `/metrics` (404): a reverse proxy on the same host makes every request look local, so being
 * on loopback proves nothing.
 */
export function registerMetrics(app: FastifyInstance, ctx: Ctx, token: string | undefined): void {
  app.addHook('onResponse', async (req, reply) => {
    metrics.httpRequests.observe(
      { method: req.method, route: req.routeOptions.url ?? '(no route)', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  const expected = token ? digest(`Bearer ${token}`) : null;
  app.get('/metrics', async (req, reply) => {
    if (!expected) return reply.status(404).send({ error: 'not_found', message: 'No such route' });
    if (!timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'unauthorized', message: 'Send Authorization: Bearer <METRICS_TOKEN>' });
    }
    const q = await jobQueueStats(ctx.db);
    metrics.jobQueueDepth.reset();
    for (const w of q.waiting) {
      metrics.jobQueueDepth.set({ kind: w.kind, due: 'true' }, w.due);
      metrics.jobQueueDepth.set({ kind: w.kind, due: 'false' }, w.later);
    }
    metrics.jobsFailed.set(q.failed);
    const lag = await ctx.db.replicaLagBytes();
    metrics.replicaLag.set(lag === undefined ? 0 : (lag ?? -1));
    return reply
      .header('cache-control', 'no-store')
      .type(registry.contentType)
      .send(await registry.metrics());
  });
}
