import type { FastifyInstance } from 'fastify';
import { pendingMigrations } from '../db/migrate.js';
import type { Ctx } from '../domain/context.js';

/**
 * What a load balancer or an operator asks every process, whatever its roles: `/healthz` (it answers)
 * and `/readyz` (the database answers and has run every migration this code knows; and which roles it runs).
 */
export function registerHealth(app: FastifyInstance, ctx: Ctx, roles: readonly string[]): void {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    try {
      const pending = await pendingMigrations(ctx.db);
      if (pending.length) return reply.status(503).send({ ok: false, error: 'migrations_pending', pending, roles });
      return { ok: true, roles };
    } catch {
      return reply.status(503).send({ ok: false, error: 'database_unreachable', roles });
    }
  });
}
