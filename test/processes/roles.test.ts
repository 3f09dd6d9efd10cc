/**
 * Processes with roles (ROLE) on one PostgreSQL schema and Redis: a `web` process (the app, API and
 * sockets), a `worker` process (jobs) and an `smtp` process (the SMTP receiver). Mail received by the
 * SMTP process reaches an agent on the web process; replies are delivered by the worker process only.
 * The safety-net poll is an hour: only Redis carries events between them in time.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/server/config.js';
import { isolatedStorage, missing } from '../support/engines.js';
import { root, sharedStorageEnv, startServerProcess } from '../support/process.js';
import { Client, startTestServer, type TestServer } from '../support/server.js';
import { StreamClient } from '../support/stream.js';
import { VisitorClient } from '../chat/support/visitor.js';
import { mail, sendRaw, startCapture, waitFor } from '../email/support/mail.js';

const skip = (await missing('postgres')) ?? (await missing('redis'));
const METRICS_TOKEN = 'roles-metrics-token-0123';

describe('a web, a worker and an smtp process on PostgreSQL and Redis', skip ? { skip } : {}, () => {
  let storage: Awaited<ReturnType<typeof isolatedStorage>>;
  let capture: Awaited<ReturnType<typeof startCapture>>;
  let web: TestServer;
  let worker: TestServer;
  let smtp: TestServer;
  /** Which process's email adapter sent each delivered reply. */
  const deliveredBy: string[] = [];

  before(async () => {
    storage = await isolatedStorage('postgres');
    capture = await startCapture();
    const redisPrefix = `roles-${randomBytes(4).toString('hex')}`;
    const start = (role: string) =>
      startTestServer({
        engine: 'postgres',
        redis: true,
        storage,
        redisPrefix,
        env: { ROLE: role, SMTP_RELAY_URL: capture.url, EVENT_POLL_MS: '3600000', METRICS_TOKEN },
      });
    // One after the other: the first migrates and creates the admin.
    web = await start('web');
    worker = await start('worker');
    smtp = await start('smtp');
    for (const [name, s] of [
      ['web', web],
      ['worker', worker],
      ['smtp', smtp],
    ] as const) {
      const email = s.running.ctx.adapters.get('email')!;
      const deliver = email.deliver.bind(email);
      email.deliver = async (...args) => {
        deliveredBy.push(name);
        return deliver(...args);
      };
    }
  });
  after(async () => {
    await smtp?.close();
    await worker?.close();
    await web?.close();
    await capture?.close();
    await storage?.drop();
  });

  test('each process answers /healthz, /metrics, and /readyz naming its roles', async () => {
    for (const [s, roles] of [
      [web, ['web']],
      [worker, ['worker']],
      [smtp, ['smtp']],
    ] as const) {
      const r = await new Client(s.url).get('/readyz');
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { ok: true, roles });
      assert.equal((await new Client(s.url).get('/healthz')).status, 200);
      const m = await new Client(s.url).request('GET', '/metrics', undefined, { authorization: `Bearer ${METRICS_TOKEN}` });
      assert.equal(m.status, 200);
      assert.match(String(m.body), /switchboard_jobs_failed/);
    }
  });

  test('only the smtp process receives mail; processes without web serve no app, API or stream', async () => {
    assert.ok(smtp.running.smtpPort, 'the smtp process listens');
    assert.equal(web.running.smtpPort, null);
    assert.equal(worker.running.smtpPort, null);
    for (const s of [worker, smtp]) {
      assert.equal((await new Client(s.url).post('/api/v1/auth/login', s.admin)).status, 404);
      await assert.rejects(StreamClient.connect(s.url, { cookie: web.adminClient.cookie }), /stream refused: 404/);
    }
  });

  test('a second smtp process whose port is taken stops, naming the port', async () => {
    const port = String(smtp.running.smtpPort);
    await assert.rejects(
      startTestServer({ engine: 'postgres', redis: true, storage, env: { ROLE: 'smtp', SMTP_PORT: port } }),
      new RegExp(`The SMTP receiver could not listen on 127\\.0\\.0\\.1:${port}`),
    );
  });

  test('mail sent to the smtp process appears to an agent on the web process, live and in the list', async () => {
    const a = web.adminClient;
    const inbox = (await a.get('/api/v1/inboxes')).body.items[0];
    const socket = await StreamClient.connect(web.url, { cookie: a.cookie });
    try {
      const sent = await sendRaw(
        smtp.running.smtpPort!,
        inbox.fallbackAddress,
        mail({ to: inbox.fallbackAddress, from: 'rita@example.org', subject: 'Lamp across processes', messageId: '<roles1@example.org>' }),
      );
      assert.ok(sent.ok);
      const e = await socket.next(
        (m) => m.event === 'conversation.created' && m.payload?.conversation?.subject === 'Lamp across processes',
      );
      const list = (await a.get(`/api/v1/conversations?inboxId=${inbox.id}`)).body.items as any[];
      assert.ok(list.some((c) => c.id === e.conversationId));
    } finally {
      socket.close();
    }
  });

  test("an agent's reply written on the web process is delivered by the worker process", async () => {
    const a = web.adminClient;
    const inbox = (await a.get('/api/v1/inboxes')).body.items[0];
    assert.ok(
      (
        await sendRaw(
          smtp.running.smtpPort!,
          inbox.fallbackAddress,
          mail({ to: inbox.fallbackAddress, from: 'tom@example.org', subject: 'Broken chair', messageId: '<roles2@example.org>' }),
        )
      ).ok,
    );
    const conv = await waitFor('the conversation on web', async () =>
      ((await a.get(`/api/v1/conversations?inboxId=${inbox.id}`)).body.items as any[]).find((c) => c.subject === 'Broken chair'),
    );
    const reply = await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'A new chair is on its way.' });
    assert.equal(reply.status, 201);
    const got = await waitFor('the reply at the outgoing mail server', () =>
      capture.messages.find((m) => m.parsed.subject === 'Re: Broken chair'),
    );
    assert.deepEqual(got.envelope.to, ['tom@example.org']);
    await waitFor('sent state on web', async () =>
      ((await a.get(`/api/v1/conversations/${conv.id}/messages`)).body.items as any[]).find(
        (m) => m.id === reply.body.id && m.deliveryState === 'sent',
      ),
    );
    assert.deepEqual(deliveredBy, ['worker']);
  });
  test("an agent's chat reply reaches the visitor on the web process, delivered by the worker process", async () => {
    const a = web.adminClient;
    const inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
    const ch = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Site' })).body;
    const { v } = await VisitorClient.hello(web.url, ch.id);
    try {
      const ack = await v.say('roles00001', 'hello from the widget');
      const r = await a.post(`/api/v1/conversations/${ack.conversationId}/messages`, { kind: 'reply', body: 'hello from an agent' });
      assert.equal(r.status, 201);
      await v.next((m) => m.type === 'message' && m.message.text === 'hello from an agent', 20_000);
      const sent = await waitFor('sent state on web', async () =>
        ((await a.get(`/api/v1/conversations/${ack.conversationId}/messages`)).body.items as any[]).find(
          (m) => m.id === r.body.id && m.deliveryState !== 'queued',
        ),
      );
      assert.equal(sent.deliveryState, 'sent');
    } finally {
      v.close();
    }
  });
});

describe('a worker process started from the command line', skip ? { skip } : {}, () => {
  test('says where its checks are, answers /readyz with its role, and serves no app', async () => {
    const storage = await isolatedStorage('postgres');
    const proc = await startServerProcess(
      { ...sharedStorageEnv(storage), ROLE: 'worker' },
      Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|ADMIN_|PORT|DATA_DIR|ROLE)/.test(k))),
    );
    try {
      assert.match(proc.output(), /Switchboard is running \(worker\): checks at http:\S+ \(\/healthz, \/readyz, \/metrics\)/);
      assert.match(proc.output(), /Receiving mail: not in this process/);
      assert.deepEqual((await new Client(proc.url).get('/readyz')).body, { ok: true, roles: ['worker'] });
      assert.equal((await new Client(proc.url).get('/')).status, 404);
    } finally {
      await proc.stop();
      await storage.drop();
    }
  });
});

describe('ROLE at start', () => {
  test('an unknown role stops start-up naming ROLE and the roles there are', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin/switchboard.mjs'), 'start'], {
      cwd: root,
      env: { PATH: process.env.PATH, ROLE: 'web,mail', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    assert.equal(r.status, 1);
    assert.match(r.stdout + r.stderr, /ROLE: unknown role "mail": must be all, or a comma-separated list of web, worker, smtp/);
  });

  test('all is every role; a list is taken in any order; smtp with SMTP_PORT=off, or some roles on SQLite, are refused', () => {
    const pg = { DATABASE_URL: 'postgres://127.0.0.1/x' };
    assert.deepEqual(loadConfig({}).roles, ['web', 'worker', 'smtp']);
    assert.deepEqual(loadConfig({ ...pg, ROLE: 'Worker, web' }).roles, ['web', 'worker']);
    assert.deepEqual(loadConfig({ ROLE: 'smtp,web,worker' }).roles, ['web', 'worker', 'smtp'], 'every role is all, on SQLite too');
    assert.throws(() => loadConfig({ ROLE: ',' }), /ROLE: no role given/);
    assert.throws(() => loadConfig({ ROLE: 'web' }), /ROLE: web leaves the other roles to other processes, which need DATABASE_URL/);
    assert.throws(
      () => loadConfig({ ...pg, ROLE: 'smtp', SMTP_PORT: 'off' }),
      /ROLE: smtp runs the SMTP receiver, which SMTP_PORT=off turns off/,
    );
    assert.deepEqual(loadConfig({ SMTP_PORT: 'off' }).roles, ['web', 'worker', 'smtp'], 'all with no receiver is fine');
  });
});
