/** The CLI and configuration, as an operator uses them: real processes on a fresh data folder. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { configVariables } from '../src/server/config.js';
import { root, startServerProcess } from './support/process.js';
import { Client } from './support/server.js';
import { freePort } from './email/support/child.js';
import { waitFor } from './email/support/mail.js';

const bin = path.join(root, 'bin/switchboard.mjs');
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|ADMIN_|PORT|DATA_DIR|MAIL_DOMAIN)/.test(k)),
);

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, env: { ...cleanEnv, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

function tmpDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-cli-'));
}

const start = (env: Record<string, string>) => startServerProcess({ LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', ...env }, cleanEnv);

describe('command line', () => {
  test('.env.example lists every setting the server reads', () => {
    const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
    for (const name of configVariables) assert.match(example, new RegExp(`^# ${name}=`, 'm'), name);
  });

  test('a bad setting stops start-up with a message naming the variable', () => {
    for (const [name, value] of [
      ['PORT', 'eighty'],
      ['DATABASE_URL', 'mysql://x'],
      ['MAIL_DOMAIN', 'not a domain'],
      ['ADMIN_PASSWORD', 'short'],
    ]) {
      const r = cli(['migrate'], { DATA_DIR: tmpDir(), [name!]: value! });
      assert.equal(r.code, 1, name);
      assert.match(r.out, new RegExp(`${name}:`), `names ${name}: ${r.out}`);
    }
  });

  test('first start creates the default inbox and a super admin with a password printed once', async () => {
    const dir = tmpDir();
    const s = await start({ DATA_DIR: dir });
    try {
      const m = /Created the super admin (\S+) with password: (\S+)/.exec(s.output());
      assert.ok(m, s.output());
      const c = new Client(s.url);
      assert.equal((await c.post('/api/v1/auth/login', { email: m[1], password: m[2] })).status, 200);
      const inboxes = (await c.get('/api/v1/inboxes')).body.items;
      assert.deepEqual(
        inboxes.map((i: any) => i.fallbackAddress),
        ['support@switchboard.localhost'],
      );
      assert.ok(fs.existsSync(path.join(dir, 'switchboard.db')), 'SQLite under DATA_DIR');
    } finally {
      await s.stop();
    }
    const again = await start({ DATA_DIR: dir });
    try {
      assert.doesNotMatch(again.output(), /password/, 'printed once only');
    } finally {
      await again.stop();
    }
  });

  test('a port in use stops start-up naming PORT, and the first admin is created (its password shown) by the start that works', async () => {
    const dir = tmpDir();
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const r = cli(['start'], { DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', SMTP_PORT: 'off' });
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, new RegExp(`PORT: 127\\.0\\.0\\.1:${port} is already in use`));
      assert.doesNotMatch(r.out, /Created the super admin/);
    } finally {
      taken.close();
    }
    const s = await start({ DATA_DIR: dir, SMTP_PORT: 'off' });
    try {
      const m = /Created the super admin (\S+) with password: (\S+)/.exec(s.output());
      assert.ok(m, s.output());
      assert.equal((await new Client(s.url).post('/api/v1/auth/login', { email: m[1], password: m[2] })).status, 200);
    } finally {
      await s.stop();
    }
  });

  test('start-up prints where mail goes and a command that sends a test message, which arrives', async () => {
    const smtpPort = await freePort();
    const s = await start({
      DATA_DIR: tmpDir(),
      SMTP_PORT: String(smtpPort),
      ADMIN_EMAIL: 'admin@example.com',
      ADMIN_PASSWORD: 'admin-password-1',
      LOG_LEVEL: 'warn',
    });
    try {
      await waitFor('the mail lines', () => (/Send a test message:\n.+\n/.test(s.output()) ? true : null));
      assert.match(s.output(), new RegExp(`Receiving mail: SMTP on 127\\.0\\.0\\.1:${smtpPort}`));
      assert.match(s.output(), /Support: support@switchboard\.localhost/);
      const command = /Send a test message:\n\s+(.+)\n/.exec(s.output())?.[1];
      assert.ok(command, s.output());
      const sent = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
      assert.equal(sent.status, 0, sent.stderr);
      const c = new Client(s.url);
      await c.post('/api/v1/auth/login', { email: 'admin@example.com', password: 'admin-password-1' });
      const items = (await c.get('/api/v1/conversations?limit=10')).body.items as any[];
      const hello = items.find((x) => x.subject === 'Hello');
      assert.ok(hello, JSON.stringify(items.map((x) => x.subject)));
      assert.equal(hello.contact.email, 'you@example.org');
      // A file download (streamed) and a page load leave nothing in the server's log: no "Reply was already sent".
      const up = await fetch(`${s.url}/api/v1/attachments?filename=a.txt`, {
        method: 'POST',
        headers: { origin: s.url, cookie: c.cookie, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(Buffer.from('hello')),
      });
      assert.equal(up.status, 201);
      const { id } = (await up.json()) as { id: string };
      const down = await fetch(`${s.url}/api/v1/uploads/${id}`, { headers: { cookie: c.cookie } });
      assert.equal(await down.text(), 'hello');
      assert.equal((await fetch(`${s.url}/`)).status, 200);
      await new Promise((r) => setTimeout(r, 200));
      assert.doesNotMatch(s.output(), /already sent|"level":(4|5)0/, s.output());
    } finally {
      await s.stop();
    }
  });

  test('migrate, create-user and reset-password', async () => {
    const dir = tmpDir();
    assert.match(cli(['migrate'], { DATA_DIR: dir }).out, /up to date/);
    const made = cli(['create-user', '--email', 'Ops@Example.com', '--name', 'Ops', '--role', 'admin', '--seat'], { DATA_DIR: dir });
    assert.equal(made.code, 0, made.out);
    const pw = /with password: (\S+)/.exec(made.out)![1]!;
    assert.equal(
      cli(['create-user', '--email', 'ops@example.com', '--name', 'Ops', '--role', 'admin'], { DATA_DIR: dir }).code,
      1,
      'no duplicate',
    );
    assert.equal(cli(['create-user', '--email', 'x@example.com', '--name', 'X', '--role', 'king'], { DATA_DIR: dir }).code, 1);
    const reset = cli(['reset-password', '--email', 'ops@example.com', '--password', 'brand-new-password'], { DATA_DIR: dir });
    assert.equal(reset.code, 0, reset.out);
    assert.equal(cli(['reset-password', '--email', 'ghost@example.com'], { DATA_DIR: dir }).code, 1);
    const s = await start({ DATA_DIR: dir, ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'root-password' });
    try {
      assert.equal(
        (await new Client(s.url).post('/api/v1/auth/login', { email: 'ops@example.com', password: pw })).status,
        401,
        'old password gone',
      );
      const c = new Client(s.url);
      const me = await c.post('/api/v1/auth/login', { email: 'ops@example.com', password: 'brand-new-password' });
      assert.equal(me.status, 200);
      assert.equal(me.body.role, 'admin');
      assert.equal(me.body.paidSeat, true);
      assert.equal(
        (await new Client(s.url).post('/api/v1/auth/login', { email: 'root@example.com', password: 'root-password' })).body.role,
        'super_admin',
      );
    } finally {
      await s.stop();
    }
  });

  test('demo fills a living inbox', async () => {
    const dir = tmpDir();
    const r = cli(['demo'], { DATA_DIR: dir });
    assert.equal(r.code, 0, r.out);
    const login = /Log in as (\S+) \/ (\S+)/.exec(r.out)!;
    const again = cli(['demo'], { DATA_DIR: dir });
    assert.equal(again.code, 1, 'refuses a database that holds data');
    assert.match(again.out, /already holds data.*--force/s);
    const s = await start({ DATA_DIR: dir });
    try {
      const c = new Client(s.url);
      assert.equal((await c.post('/api/v1/auth/login', { email: login[1], password: login[2] })).status, 200);
      const inboxes = (await c.get('/api/v1/inboxes')).body.items;
      assert.equal(inboxes.length, 3);
      assert.equal((await c.get('/api/v1/users')).body.items.length, 9, '8 demo users and the super admin');
      assert.equal((await c.get('/api/v1/teams')).body.items.length, 2);
      let total = 0;
      let closed = 0;
      let trash = 0;
      for (const i of inboxes) {
        const v = (await c.get(`/api/v1/views?inboxId=${i.id}`)).body;
        total += v.all;
        trash += v.trash;
        closed += (await c.get(`/api/v1/conversations?inboxId=${i.id}&status=closed&limit=100`)).body.items.length;
      }
      assert.ok(total > 100, `open conversations: ${total}`);
      assert.ok(closed > 50, 'some are closed');
      assert.ok(trash > 0, 'some are in Trash');
      const first = (await c.get(`/api/v1/conversations?inboxId=${inboxes[0].id}&status=closed&limit=1`)).body.items[0];
      const thread = (await c.get(`/api/v1/conversations/${first.id}/messages`)).body.items;
      assert.ok(thread.length >= 3, 'a thread with replies and timeline lines');
    } finally {
      await s.stop();
    }
  });
});
