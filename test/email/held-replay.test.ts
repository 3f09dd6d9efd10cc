/**
 * Mail kept aside while a channel was off is replayed by the `replay-held` job once the channel
 * is switched on: the PATCH answers with the job queued (nothing replayed yet), the channel shows
 * "n of total", and all 300 held messages appear exactly once. A server process killed with
 * SIGKILL in the middle of the replay and restarted still ends with each exactly once.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { Database } from '../../src/server/db/database.js';
import { engines, engineSuite, isolatedStorage, PG_URL } from '../support/engines.js';
import { root } from '../support/process.js';
import { Client, startTestServer, type TestServer } from '../support/server.js';
import { waitFor } from './support/mail.js';

const N = 300;

const raw = (i: number, to: string) =>
  [`From: <held${i % 30}@example.org>`, `To: <${to}>`, `Subject: Held ${i}`, `Message-ID: <held-${i}@example.org>`, 'MIME-Version: 1.0', 'Content-Type: text/plain', '', `Kept aside ${i}. ${'y'.repeat(3000)}`, ''].join('\r\n');

/** Sends the N messages over one SMTP connection; each is answered 250 (kept aside, the channel is off). */
async function sendAll(port: number, to: string): Promise<void> {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 1, maxMessages: Infinity });
  try {
    for (let i = 0; i < N; i++) await t.sendMail({ envelope: { from: 'sender@example.org', to: [to] }, raw: raw(i, to) });
  } finally {
    t.close();
  }
}

async function counts(db: Database, channelId: string) {
  const rows = await db.kysely.selectFrom('messages').select('external_id').where('channel_id', '=', channelId).where('kind', '=', 'incoming').execute();
  const byId = new Map<string, number>();
  for (const r of rows) byId.set(r.external_id!, (byId.get(r.external_id!) ?? 0) + 1);
  const held = Number((await db.kysely.selectFrom('email_held').select((eb) => eb.fn.countAll().as('n')).where('channel_id', '=', channelId).executeTakeFirstOrThrow()).n);
  return { stored: rows.length, byId, held };
}

function assertEachOnce(byId: Map<string, number>) {
  const lost = Array.from({ length: N }, (_, i) => `held-${i}@example.org`).filter((id) => !byId.has(id));
  assert.deepEqual(lost, [], 'every held message is replayed');
  assert.deepEqual([...byId].filter(([, n]) => n > 1), [], 'none twice');
  assert.equal(byId.size, N);
}

/** Files still kept aside under FILES_DIR/held. */
function heldFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, 'files', 'held');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);
}

for (const engine of engines) {
  describe(`held mail replayed as a job on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let storage: Awaited<ReturnType<typeof isolatedStorage>>;
    after(async () => {
      await s?.close();
      await storage?.drop();
    });

    test(`${N} held messages: switching on answers with the replay queued; progress shows; each appears once`, { timeout: 180_000 }, async () => {
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
      assert.deepEqual(seen, [...seen].sort((x, y) => x - y), 'progress only goes forward');
      console.log(`# ${engine}: progress read ${seen.length} times during the replay`);
      const c = await counts(db, channel.id);
      assertEachOnce(c.byId);
      assert.equal(c.held, 0);
      assert.deepEqual(heldFiles(storage.dataDir), [], 'the kept-aside files are gone');
      const listed = (await a.get(`/api/v1/conversations?inboxId=${inbox.id}&limit=100`)).body.items as any[];
      assert.ok(listed.some((x) => x.subject === `Held ${N - 1}`), 'replayed mail is in the inbox');

      // Switching on again with nothing held queues nothing.
      await a.patch(`/api/v1/channels/${channel.id}`, { status: 'on' });
      assert.equal((await db.kysely.selectFrom('jobs').select('id').where('kind', '=', 'replay-held').where('status', '=', 'pending').execute()).length, 0);
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/email/support/child-server.ts')], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, exited });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready: ${out}`)));
  });
}

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
      const env: Record<string, string> = {
        PORT: '0',
        HOST: '127.0.0.1',
        SMTP_PORT: String(smtpPort),
        DATA_DIR: storage.dataDir,
        LOG_LEVEL: 'silent',
        ADMIN_EMAIL: 'admin@example.com',
        ADMIN_PASSWORD: 'admin-password-1',
        ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl, SB_TEST_SCHEMA: storage.schema! } : {}),
      };
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
      db = new Database(storage.databaseUrl ? { url: PG_URL, schema: storage.schema } : { sqlitePath: path.join(storage.dataDir, 'switchboard.db') });
      assert.equal((await counts(db, channelId)).held, N);

      assert.equal((await api.patch(`/api/v1/channels/${channelId}`, { status: 'on' })).status, 200);
      // Kill it once some are replayed and some are still held.
      await waitFor(
        'the replay under way',
        async () => {
          const c = await counts(db!, channelId);
          return c.stored > 0 && c.held > 0;
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
