/**
 * What a load balancer or an operator asks: /healthz (the process answers) and /readyz (the
 * database answers and has run every migration this code knows), as JSON, never the app's page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { Client, startTestServer, type TestServer } from '../support/server.js';

for (const engine of engines) {
  describe(`health and readiness on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer({ engine });
    });
    after(() => s?.close());

    test('a ready server answers 200 on /healthz and /readyz, anonymously; /readyz names the roles it runs (all by default)', async () => {
      const c = new Client(s.url);
      const health = await c.request('GET', '/healthz');
      assert.equal(health.status, 200);
      assert.deepEqual(health.body, { ok: true });
      const ready = await c.request('GET', '/readyz');
      assert.equal(ready.status, 200);
      assert.deepEqual(ready.body, { ok: true, roles: ['web', 'worker', 'smtp'] });
    });

    test('/readyz answers 503 and names the migrations a database has not run; ready again once it has', async () => {
      const k = s.running.ctx.db.kysely as any;
      const rows = await k.selectFrom('kysely_migration').select(['name', 'timestamp']).orderBy('name', 'desc').limit(2).execute();
      await k
        .deleteFrom('kysely_migration')
        .where(
          'name',
          'in',
          rows.map((r: { name: string }) => r.name),
        )
        .execute();
      try {
        const r = await new Client(s.url).request('GET', '/readyz');
        assert.equal(r.status, 503);
        assert.equal(r.body.error, 'migrations_pending');
        assert.deepEqual([...r.body.pending].sort(), rows.map((x: { name: string }) => x.name).sort());
        assert.equal((await new Client(s.url).request('GET', '/healthz')).status, 200, 'the process itself is up');
      } finally {
        await k.insertInto('kysely_migration').values(rows).execute();
      }
      assert.equal((await new Client(s.url).request('GET', '/readyz')).status, 200);
    });
  });
}
