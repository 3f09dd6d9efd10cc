import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { bootstrap } from './bootstrap.js';
import type { Config } from './config.js';
import { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import type { Ctx } from './domain/context.js';
import { EventBus } from './events/bus.js';
import { createRedisRelay } from './events/redis-relay.js';
import { buildHttp } from './http/server.js';
import { startWorker } from './jobs/worker.js';

export const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const version = '0.1.0';

export function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>, schema?: string): Database {
  return new Database({ url: config.databaseUrl, sqlitePath: path.join(config.dataDir, 'switchboard.db'), schema });
}

export interface Running {
  url: string;
  app: FastifyInstance;
  ctx: Ctx;
  adminCreated?: { email: string; password: string; generated: boolean };
  close(): Promise<void>;
}

/** Composition root: config → db → migrate → bootstrap → bus → http / ws → worker. */
export async function startServer(config: Config, opts: { schema?: string; redisPrefix?: string } = {}): Promise<Running> {
  const db = openDatabase(config, opts.schema);
  try {
    return await startOn(db, config, opts);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

async function startOn(db: Database, config: Config, opts: { redisPrefix?: string }): Promise<Running> {
  await migrate(db);
  const relay = config.redisUrl ? createRedisRelay(config.redisUrl, opts.redisPrefix) : undefined;
  const bus = new EventBus(db, relay);
  const ctx: Ctx = { db, bus, mailDomain: config.mailDomain };
  const boot = await bootstrap(ctx, { email: config.adminEmail, password: config.adminPassword });
  await bus.start(config.eventPollMs);
  const { app, presence } = await buildHttp(ctx, {
    sessionDays: config.sessionDays,
    publicUrl: config.publicUrl,
    logLevel: config.logLevel,
    webDir: path.join(rootDir, 'dist/web'),
    version,
  });
  const worker = startWorker(ctx);
  await app.listen({ port: config.port, host: config.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  return {
    url,
    app,
    ctx,
    adminCreated: boot.adminCreated,
    async close() {
      await worker.stop();
      presence.close();
      await app.close();
      await bus.close();
      await db.close();
    },
  };
}
