/**
 * Held-mail replay under SIGKILL: a server process killed in the middle of replaying 300 kept-aside
 * messages and restarted ends with each exactly once (held rows are deleted only after their
 * message is recorded; a re-run is deduped), and the restarted process shows how far it got.
 */
import assert from 'node:assert/strict';
import { type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Database } from '../../src/server/db/database.js';
import { engines, engineSuite, isolatedStorage, PG_URL } from '../support/engines.js';
import { Client } from '../support/server.js';
import { assertEachOnce, counts, heldFiles, N, sendAll } from './support/held.js';
import { waitFor } from './support/mail.js';
import { childEnv, startChild, freePort } from './support/child.js';

for (const engine of engines) {
  describe(`held-mail replay under SIGKILL on ${engine}`, await engineSuite(engine), () => {
    let child: ChildProcess | null = null;
    let storage: Awaited<ReturnType<typeof isolatedStorage>>;
    let db: Database | undefined;
    after(async () => {
      child?.kill('SIGKILL');
      await db?.close();
      await storage?.drop();
    });

    test(`killed in the middle of replaying ${N} messages and restarted: each appears exactly once`, { timeout: 240_000 }, async () => {
      storage = await isolatedStorage(engine);
      const smtpPort = await freePort();
      const env = childEnv(storage, { SMTP_PORT: String(smtpPort) });
      let started = await startChild(env);
      child = started.child;
      const login = async (url: string) => {
        const c = new Client(url);
        assert.equal((await c.post('/api/v1/auth/login', { email: 'admin@example.com', password: 'admin-password-1' })).status, 200);
        return c;
      };
      let api = await login(started.url);
      const inbox = (await api.get('/api/v1/inboxes')).body.items[0];
      const channelId = (await api.get(`/api/v1/inboxes/${inbox.id}/channels`)).body.items.find((c: any) => c.kind === 'email').id;
      assert.equal((await api.patch(`/api/v1/channels/${channelId}`, { status: 'off' })).status, 200);
      await sendAll(smtpPort, inbox.fallbackAddress);
      db = new Database(
        storage.databaseUrl ? { url: PG_URL, schema: storage.schema } : { sqlitePath: path.join(storage.dataDir, 'switchboard.db') },
      );
      assert.equal((await counts(db, channelId)).held, N);

      assert.equal((await api.patch(`/api/v1/channels/${channelId}`, { status: 'on' })).status, 200);
      // Kill it once some are replayed and some are still held.
      await waitFor(
        'the replay under way',
        async () => {
          const c = await counts(db!, channelId);
          // Some held rows gone too: a message is stored just before its held row is deleted.
          return c.stored > 0 && c.held > 0 && c.held < N;
        },
        60_000,
      );
      child.kill('SIGKILL');
      await started.exited;
      const mid = await counts(db, channelId);
      assert.ok(mid.stored > 0 && mid.stored < N, `killed mid-replay: ${mid.stored} of ${N} replayed`);
      assert.ok(mid.held > 0);

      started = await startChild(env);
      child = started.child;
      api = await login(started.url);
      const shown = (await api.get(`/api/v1/channels/${channelId}`)).body.email;
      assert.equal(shown.heldReplay?.total, N, JSON.stringify(shown));
      assert.equal(shown.heldReplay.done, N - shown.heldIncoming);
      assert.ok(shown.heldReplay.done > 0 && shown.heldReplay.done < N);

      // The interrupted job runs again once its lock expires.
      await waitFor(
        'the replay to finish after the restart',
        async () => {
          const c = await counts(db!, channelId);
          return c.held === 0 && c.stored >= N;
        },
        200_000,
      );
      const end = await counts(db, channelId);
      assertEachOnce(end.byId);
      assert.equal(end.stored, N);
      assert.deepEqual(heldFiles(storage.dataDir), []);
      await waitFor('no replay shown', async () => (await api.get(`/api/v1/channels/${channelId}`)).body.email.heldReplay === null);
    });
  });
}
