import type { TestServer } from './server.js';

/** Waits until no routing job is pending or running (the worker polls every second). */
export async function jobsDone(s: TestServer, timeoutMs = 60_000): Promise<void> {
  const k = s.running.ctx.db.kysely;
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const r = await k
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('kind', '=', 'route-conversation')
      .where('status', 'in', ['pending', 'running'])
      .executeTakeFirstOrThrow();
    if (Number(r.n) === 0) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('routing jobs did not finish');
}
