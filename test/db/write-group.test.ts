/**
 * Group commit for bursts of writes (chatflow steps): bodies that arrive together share one
 * transaction, and each stays all or nothing when another in its group fails (both engines).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrate } from '../../src/server/db/migrate.js';
import { createCtx, type Ctx, type Writer } from '../../src/server/domain/context.js';
import { writeGrouped } from '../../src/server/domain/write-group.js';
import { EventBus } from '../../src/server/events/bus.js';
import { openDatabase } from '../../src/server/db/open.js';
import { Secrets } from '../../src/server/secrets.js';
import { engines, engineSuite, isolatedStorage } from '../support/engines.js';

for (const engine of engines) {
  describe(`grouped writes on ${engine}`, await engineSuite(engine), () => {
    let storage: Awaited<ReturnType<typeof isolatedStorage>>;
    let ctx: Ctx;
    const keys = async () => (await sql<{ k: string }>`select k from probe order by k`.execute(ctx.db.kysely)).rows.map((r) => r.k);
    const put = (w: Writer, k: string) => sql`insert into probe (k) values (${k})`.execute(w.trx);

    before(async () => {
      storage = await isolatedStorage(engine);
      const db = openDatabase({ databaseUrl: storage.databaseUrl, dataDir: storage.dataDir }, storage.schema);
      await migrate(db);
      await sql`create table probe (k text primary key)`.execute(db.kysely);
      ctx = createCtx({
        db,
        bus: new EventBus(db),
        secrets: new Secrets(randomBytes(32), 'test'),
        mail: { filesDir: storage.dataDir, mailDomain: 'example.com', maxMessageBytes: 1024 },
      });
    });
    after(async () => {
      await ctx?.db.close();
      await storage?.drop();
    });

    test('writes that arrive together share one transaction, and each resolves with its own result once committed', async () => {
      const writers = new Set<Writer>();
      const done = await Promise.all(
        ['a1', 'a2', 'a3', 'a4', 'a5'].map((k) =>
          writeGrouped(ctx, async (w) => {
            writers.add(w);
            await put(w, k);
            return k.toUpperCase();
          }),
        ),
      );
      assert.deepEqual(
        done.map((d) => d.result),
        ['A1', 'A2', 'A3', 'A4', 'A5'],
      );
      await Promise.all(done.map((d) => d.durable));
      assert.equal(writers.size, 1, 'one transaction for the five');
      assert.deepEqual(await keys(), ['a1', 'a2', 'a3', 'a4', 'a5']);
    });

    test('one write that fails leaves nothing of itself; the others of its group commit, and only its caller sees the error', async () => {
      const outcomes = await Promise.allSettled(
        ['b1', 'b2', 'b3'].map((k) =>
          writeGrouped(ctx, async (w) => {
            await put(w, k);
            if (k === 'b2') {
              await put(w, 'b2-half');
              throw new Error('step b2 failed');
            }
            return k;
          }),
        ),
      );
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['fulfilled', 'rejected', 'fulfilled'],
      );
      assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /step b2 failed/);
      const now = await keys();
      assert.ok(now.includes('b1') && now.includes('b3'), now.join(' '));
      assert.ok(!now.includes('b2') && !now.includes('b2-half'), now.join(' '));
    });
  });
}
