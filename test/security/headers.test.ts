/**
 * Issue 13 §6: security headers on the agent app and API: a strict CSP (no inline script),
 * frame-ancestors 'none', Referrer-Policy, HSTS and Secure cookies when PUBLIC_URL is https;
 * the embeddable /widget.js and attachment downloads keep what they need.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/server/config.js';
import { rootDir, startServer, type Running } from '../../src/server/main.js';
import { engines, engineSuite, isolatedStorage } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { upload, PNG } from '../support/upload.js';

/** The CSP's directives by name. */
function csp(h: Headers): Map<string, string[]> {
  const value = h.get('content-security-policy');
  assert.ok(value, 'a Content-Security-Policy header');
  return new Map(
    value
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((p) => p[0])
      .map(([name, ...v]) => [name!, v]),
  );
}

function assertStrict(h: Headers, what: string) {
  const d = csp(h);
  const script = d.get('script-src') ?? d.get('default-src')!;
  assert.deepEqual(script, ["'self'"], `${what}: scripts only from our own files`);
  assert.deepEqual(d.get('default-src'), ["'self'"], what);
  assert.deepEqual(d.get('object-src'), ["'none'"], what);
  assert.deepEqual(d.get('frame-ancestors'), ["'none'"], `${what}: no site may frame it`);
  assert.equal(h.get('x-frame-options'), 'DENY', what);
  assert.equal(h.get('referrer-policy'), 'no-referrer', what);
  assert.equal(h.get('x-content-type-options'), 'nosniff', what);
}

for (const engine of engines) {
  describe(`security headers on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    before(async () => {
      if (!fs.existsSync(`${rootDir}/dist/widget/widget.js`)) {
        assert.equal(spawnSync(process.execPath, ['scripts/build-widget.mjs', '--quiet'], { cwd: rootDir, stdio: 'inherit' }).status, 0);
      }
      s = await startTestServer({ engine });
    });
    after(() => s?.close());

    test('the agent app, the API and their errors carry a strict CSP, no framing, no referrer; no HSTS over http', async () => {
      const anon = s.anonymous();
      const responses = {
        'the app': await fetch(`${s.url}/`),
        'an app route': await fetch(`${s.url}/conversations/123`),
        'the API, logged in': (await s.adminClient.get('/api/v1/conversations')).headers,
        'the API, 401': (await anon.get('/api/v1/me')).headers,
        'the API, 404': (await anon.get('/api/v1/nothing-here')).headers,
        'the API, 400': (await s.adminClient.patch('/api/v1/me', { locale: 'xx' })).headers,
        OpenAPI: (await anon.get('/api/v1/openapi.json')).headers,
        health: (await anon.get('/healthz')).headers,
      };
      for (const [what, r] of Object.entries(responses)) {
        const h = r instanceof Response ? r.headers : r;
        assertStrict(h, what);
        assert.equal(h.get('strict-transport-security'), null, `${what}: no HSTS over plain http`);
      }
      const cookie = (await anon.post('/api/v1/auth/login', { email: s.admin.email, password: s.admin.password })).headers.get(
        'set-cookie',
      )!;
      assert.doesNotMatch(cookie, /;\s*Secure/i, 'over plain http the cookie cannot be Secure');
    });

    test('the API docs page runs only its own script files, never inline script or eval', async () => {
      const r = await fetch(`${s.url}/api/docs`);
      const d = csp(r.headers);
      assert.deepEqual(d.get('script-src'), ["'self'"]);
      assert.deepEqual(d.get('connect-src'), ["'self'"]);
      assert.deepEqual(d.get('frame-ancestors'), ["'none'"]);
      assert.doesNotMatch(r.headers.get('content-security-policy')!, /unsafe-eval/);
      for (const src of (await r.text()).matchAll(/<script src="([^"]+)"/g)) {
        const asset = await fetch(s.url + src[1]);
        assert.equal(asset.status, 200, src[1]);
        assert.match(asset.headers.get('content-type')!, /javascript/);
      }
    });

    test('/widget.js stays embeddable by other sites; downloads keep their sandbox CSP', async () => {
      const w = await fetch(`${s.url}/widget.js`, { headers: { origin: 'https://shop.example' } });
      assert.equal(w.status, 200);
      assert.equal(w.headers.get('cross-origin-resource-policy'), 'cross-origin');
      assert.equal(w.headers.get('access-control-allow-origin'), '*');
      const up = await upload(s.adminClient, 'dot.png', PNG);
      for (const path of [`/api/v1/uploads/${up.body.id}`]) {
        const r = await fetch(s.url + path, { headers: { cookie: s.adminClient.cookie } });
        assert.equal(r.status, 200);
        assert.equal(r.headers.get('content-security-policy'), "default-src 'none'; sandbox");
        assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      }
    });
  });

  describe(`security headers with an https PUBLIC_URL on ${engine}`, await engineSuite(engine), () => {
    let running: Running;
    let base: string;
    let drop: () => Promise<void>;
    before(async () => {
      const storage = await isolatedStorage(engine);
      drop = storage.drop;
      const config = loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        PUBLIC_URL: 'https://inbox.example.com',
        DATA_DIR: storage.dataDir,
        DATABASE_URL: storage.databaseUrl,
        ADMIN_EMAIL: 'admin@example.com',
        ADMIN_PASSWORD: 'admin-password-1',
        LOG_LEVEL: 'silent',
        SMTP_PORT: 'off',
      });
      running = await startServer(config, { schema: storage.schema });
      const addr = running.app.server.address();
      base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    });
    after(async () => {
      await running?.close();
      await drop?.();
    });

    test('HSTS on every answer and a Secure session cookie', async () => {
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://inbox.example.com' },
        body: JSON.stringify({ email: 'admin@example.com', password: 'admin-password-1' }),
      });
      assert.equal(login.status, 200);
      assert.match(login.headers.get('set-cookie')!, /;\s*Secure/i);
      for (const path of ['/', '/api/v1/me', '/api/v1/openapi.json', '/healthz']) {
        const r = await fetch(base + path);
        assert.match(r.headers.get('strict-transport-security') ?? '', /max-age=31536000/, path);
        assertStrict(r.headers, path);
        assert.ok(csp(r.headers).has('upgrade-insecure-requests'), path);
      }
    });
  });
}
