/**
 * The server process of the benchmarks (started by bench/server-process.ts), configured from the
 * environment like `switchboard start`, plus two start options the server takes only in code:
 * `SB_TEST_SCHEMA` (the PostgreSQL schema, named as for the tests' child server) and
 * `BENCH_REDIS_PREFIX` (the Redis channel prefix), so that a bench's several processes hear each
 * other and not a test's servers on the same Redis.
 */
import { loadConfig } from '../src/server/config.js';
import { startServer } from '../src/server/main.js';

const running = await startServer(loadConfig(process.env), {
  schema: process.env.SB_TEST_SCHEMA || undefined,
  redisPrefix: process.env.BENCH_REDIS_PREFIX || undefined,
});
process.stdout.write(`READY ${running.url} ${running.smtpPort}\n`);
process.on('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
