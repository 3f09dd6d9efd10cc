/** The CLI's reset-password (another process) ends the user's sessions and tokens, and closes their open streams, on both engines. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite, isolatedStorage, PG_URL } from '../support/engines.js';
import { root } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { bearerClient, closedWithin, newAgent, openStream, pw } from './access-support.js';

const bin = path.join(root, 'bin/switchboard.mjs');
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|ADMIN_|PORT|DATA_DIR|MAIL_DOMAIN)/.test(k)),
);

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...cleanEnv, LOG_LEVEL: 'silent', ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

for (const engine of engines) {
  describe(`reset-password from the CLI on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let storage: Awaited<ReturnType<typeof isolatedStorage>>;
    let env: Record<string, string>;
    before(async () => {
      storage = await isolatedStorage(engine);
      s = await startTestServer({ engine, storage, env: { EVENT_POLL_MS: '500' } });
      env = {
        DATA_DIR: storage.dataDir,
        ...(storage.schema ? { DATABASE_URL: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${storage.schema}`)}` } : {}),
      };
    });
    after(async () => {
      await s?.close();
      await storage?.drop();
    });

    test('weak passwords are refused; a reset ends every session and token and closes their sockets', { timeout: 180_000 }, async () => {
      const u = await newAgent(s);
      const token = (await u.client.post('/api/v1/tokens', { name: 'cron' })).body.token;
      const byCookie = await openStream(s.url, { cookie: u.client.cookie });
      const byToken = await openStream(s.url, { bearer: token });
      for (const weak of ['password123', 'short-pw']) {
        const r = await cli(['reset-password', '--email', u.email, '--password', weak], env);
        assert.equal(r.code, 1, r.out);
        assert.match(r.out, /password/);
      }
      assert.equal((await u.client.get('/api/v1/me')).status, 200, 'a refused reset ends nothing');
      const r = await cli(['reset-password', '--email', u.email.toUpperCase(), '--password', 'set-by-the-operator'], env);
      assert.equal(r.code, 0, r.out);
      assert.equal((await u.client.get('/api/v1/me')).status, 401);
      assert.equal((await bearerClient(s, token).get('/api/v1/me')).status, 401);
      // The server hears of it from the events table (no Redis here): within its poll interval.
      assert.equal(await closedWithin(byCookie, 5000), 4001);
      assert.equal(await closedWithin(byToken, 5000), 4001);
      assert.equal((await s.anonymous().post('/api/v1/auth/login', { email: u.email, password: pw(u.name) })).status, 401);
      await s.login(u.email, 'set-by-the-operator');
    });
  });
}

describe('ADMIN_PASSWORD', () => {
  test('a short or common ADMIN_PASSWORD stops start-up with a message naming the variable', { timeout: 180_000 }, async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    for (const weak of ['qwertyuiop', 'Password123', 'nine-char']) {
      const r = await cli(['migrate'], { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'switchboard-pw-')), ADMIN_PASSWORD: weak });
      assert.equal(r.code, 1, `${weak}: ${r.out}`);
      assert.match(r.out, /ADMIN_PASSWORD: (must be at least 10 characters|is one of the most common passwords)/, weak);
    }
  });
});
