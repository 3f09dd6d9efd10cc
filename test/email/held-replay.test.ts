/**
 * Mail kept aside while a channel was off is replayed by the `replay-held` job once the channel
 * is switched on: the PATCH answers with the job queued (nothing replayed yet), the channel shows
 * "n of total", and all 300 held messages appear exactly once. (Killed mid-replay:
 * held-replay-kill.test.ts.)
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { engines, engineSuite, isolatedStorage } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { assertEachOnce, counts, heldFiles, N, sendAll } from './support/held.js';
import { mail, sendRaw, waitFor } from './support/mail.js';

for (const engine of engines) {
  describe(`held mail replayed as a job on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let storage: Awaited<ReturnType<typeof isolatedStorage>>;
    after(async () => {
      await s?.close();
      await storage?.drop();
    });

    test(
      `${N} held messages: switching on answers with the replay queued; progress shows; each appears once`,
      { timeout: 180_000 },
      async () => {
        storage = await isolatedStorage(engine);
        s = await startTestServer({ engine, storage });
        const a = s.adminClient;
        const inbox = (await a.get('/api/v1/inboxes')).body.items[0];
        const channel = (await a.get(`/api/v1/inboxes/${inbox.id}/channels`)).body.items.find((c: any) => c.kind === 'email');
        assert.equal((await a.patch(`/api/v1/channels/${channel.id}`, { status: 'off' })).status, 200);
        await sendAll(s.running.smtpPort!, inbox.fallbackAddress);
        const db = s.running.ctx.db;
        assert.equal((await counts(db, channel.id)).stored, 0, 'nothing shown while off');
        const off = (await a.get(`/api/v1/channels/${channel.id}`)).body.email;
        assert.equal(off.heldIncoming, N);
        assert.equal(off.heldReplay, null);

        const on = await a.patch(`/api/v1/channels/${channel.id}`, { status: 'on' });
        assert.equal(on.status, 200, JSON.stringify(on.body));
        assert.equal(on.body.status, 'on');
        const progress = on.body.email.heldReplay;
        assert.ok(progress && ['queued', 'running'].includes(progress.state), JSON.stringify(on.body.email));
        assert.equal(progress.total, N);
        assert.ok(progress.done < N, 'the answer did not wait for the replay');
        const jobs = await db.kysely.selectFrom('jobs').select(['status']).where('kind', '=', 'replay-held').execute();
        assert.equal(jobs.length, 1);

        // While it runs, the channel shows how far it got; then nothing is left aside.
        const seen: number[] = [];
        const final = await waitFor(
          'the replay to finish',
          async () => {
            const e = (await a.get(`/api/v1/channels/${channel.id}`)).body.email;
            if (e.heldReplay) {
              assert.equal(e.heldReplay.total, N);
              assert.equal(e.heldReplay.done, N - e.heldIncoming, 'done = total − still held');
              seen.push(e.heldReplay.done);
            }
            return e.heldReplay === null ? e : null;
          },
          150_000,
        );
        assert.equal(final.heldIncoming, 0);
        assert.deepEqual(
          seen,
          [...seen].sort((x, y) => x - y),
          'progress only goes forward',
        );
        console.log(`# ${engine}: progress read ${seen.length} times during the replay`);
        const c = await counts(db, channel.id);
        assertEachOnce(c.byId);
        assert.equal(c.held, 0);
        assert.deepEqual(heldFiles(storage.dataDir), [], 'the kept-aside files are gone');
        const listed = (await a.get(`/api/v1/conversations?inboxId=${inbox.id}&limit=100`)).body.items as any[];
        assert.ok(
          listed.some((x) => x.subject === `Held ${N - 1}`),
          'replayed mail is in the inbox',
        );

        // Switching on again with nothing held queues nothing.
        await a.patch(`/api/v1/channels/${channel.id}`, { status: 'on' });
        assert.equal(
          (await db.kysely.selectFrom('jobs').select('id').where('kind', '=', 'replay-held').where('status', '=', 'pending').execute())
            .length,
          0,
        );
      },
    );

    test(
      'a held message that cannot be read stays held without blocking the others; the error shows; it comes in once readable',
      { timeout: 120_000 },
      async () => {
        const a = s.adminClient;
        const db = s.running.ctx.db;
        const inbox = (await a.get('/api/v1/inboxes')).body.items[0];
        const channel = (await a.get(`/api/v1/inboxes/${inbox.id}/channels`)).body.items.find((c: any) => c.kind === 'email');
        assert.equal((await a.patch(`/api/v1/channels/${channel.id}`, { status: 'off' })).status, 200);
        for (let i = 0; i < 3; i++)
          assert.ok(
            (await sendRaw(s.running.smtpPort!, inbox.fallbackAddress, mail({ to: inbox.fallbackAddress, subject: `Unreadable ${i}` }))).ok,
          );
        const rows = await db.kysely
          .selectFrom('email_held')
          .select('storage_path')
          .where('channel_id', '=', channel.id)
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        assert.equal(rows.length, 3);
        // The middle one's file becomes unreadable (a folder where the file was).
        const file = path.join(storage.dataDir, 'files', rows[1]!.storage_path);
        const bytes = fs.readFileSync(file);
        fs.rmSync(file);
        fs.mkdirSync(file);
        const subjects = async () =>
          ((await a.get(`/api/v1/conversations?inboxId=${inbox.id}&limit=100`)).body.items as any[]).map((c) => c.subject as string);

        assert.equal((await a.patch(`/api/v1/channels/${channel.id}`, { status: 'on' })).status, 200);
        const shown = await waitFor(
          'the error on the channel',
          async () => {
            const e = (await a.get(`/api/v1/channels/${channel.id}`)).body.email;
            return e.heldReplay?.error ? e : null;
          },
          30_000,
        );
        assert.match(shown.heldReplay.error, /^1 held message could not be brought in: /);
        assert.equal(shown.heldIncoming, 1);
        assert.notEqual(shown.heldReplay.state, 'failed', 'it is tried again');
        const got = await subjects();
        assert.ok(got.includes('Unreadable 0') && got.includes('Unreadable 2'), 'the others came in');
        assert.ok(!got.includes('Unreadable 1'));

        fs.rmdirSync(file);
        fs.writeFileSync(file, bytes);
        await waitFor('the retry', async () => (await a.get(`/api/v1/channels/${channel.id}`)).body.email.heldReplay === null, 90_000);
        assert.equal((await a.get(`/api/v1/channels/${channel.id}`)).body.email.heldIncoming, 0);
        assert.equal((await subjects()).filter((x) => x.startsWith('Unreadable ')).length, 3);
      },
    );
  });
}
