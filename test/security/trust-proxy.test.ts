/**
 * Issue 13 §5: X-Forwarded-For counts only with TRUST_PROXY (off by default), so a made-up header
 * bypasses no per-address limit (login, widget); failed logins lock per (account, address) and per
 * address, so a stranger cannot lock the real user out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../../src/server/config.js';
import { login } from '../../src/server/domain/auth.js';
import { engines, engineSuite } from '../support/engines.js';
import { Client, startTestServer, type TestServer } from '../support/server.js';

const forged = ['203.0.113.9', '2001:db8::77', '127.0.0.1', '10.1.2.3, 198.51.100.4', 'not-an-address', '::ffff:192.0.2.1'];
const forgedAt = (i: number) => `${forged[i % forged.length]!.replace(/\d+$/, (d) => String((Number(d) + i) % 250))}`;

const loginAs = (s: TestServer, email: string, password: string, xff?: string) =>
  new Client(s.url).request('POST', '/api/v1/auth/login', { email, password }, xff ? { 'x-forwarded-for': xff } : {});

/** A widget visitor that says hello and starts a conversation; resolves with the answer to its first message. */
async function visitorStarts(s: TestServer, channelId: string, xff: string | undefined, n: number): Promise<any> {
  const ws = new WebSocket(`${s.url.replace(/^http/, 'ws')}/api/v1/widget/socket?channel=${channelId}`, {
    headers: { origin: 'http://shop.example', ...(xff ? { 'x-forwarded-for': xff } : {}) },
  });
  const inbox: any[] = [];
  const waiters: ((m: any) => void)[] = [];
  ws.on('message', (raw) => {
    const m = JSON.parse(String(raw));
    inbox.push(m);
    waiters.splice(0).forEach((w) => w(m));
  });
  const next = (pred: (m: any) => boolean) =>
    new Promise<any>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out: ${JSON.stringify(inbox)}`)), 10_000);
      const check = () => {
        const m = inbox.find(pred);
        if (m) return (clearTimeout(t), resolve(m));
        waiters.push(check);
      };
      check();
    });
  await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
  try {
    ws.send(JSON.stringify({ type: 'hello' }));
    await next((m) => m.type === 'welcome');
    const clientId = `tp${n.toString(36).padStart(8, '0')}`;
    ws.send(JSON.stringify({ type: 'message', clientId, text: `hello ${n}` }));
    return await next((m) => (m.type === 'ack' || m.type === 'error') && m.clientId === clientId);
  } finally {
    ws.close();
  }
}

async function chatChannel(s: TestServer): Promise<string> {
  const inboxId = (await s.adminClient.get('/api/v1/inboxes')).body.items[0].id;
  const r = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/channels`, {
    kind: 'chat',
    name: 'Website',
    settings: { allowedOrigins: ['http://shop.example'] },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}

describe('TRUST_PROXY configuration', () => {
  test('off, a hop count, or proxy addresses and ranges; anything else stops start-up naming the variable', () => {
    assert.equal(loadConfig({}).trustProxy, false, 'off by default');
    assert.equal(loadConfig({ TRUST_PROXY: 'off' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.equal(loadConfig({ TRUST_PROXY: '10.0.0.1' }).trustProxy, '10.0.0.1');
    assert.equal(loadConfig({ TRUST_PROXY: '10.0.0.0/8, ::1,fd00::/8' }).trustProxy, '10.0.0.0/8,::1,fd00::/8');
    for (const bad of ['true', 'yes', '0', '11', '-1', '10.0.0.0/33', '10.0.0.1,proxy.example', '300.1.1.1', '*']) {
      assert.throws(
        () => loadConfig({ TRUST_PROXY: bad }),
        (e: Error) => e instanceof ConfigError && /TRUST_PROXY/.test(e.message),
        bad,
      );
    }
    for (const [name, bad] of [
      ['HTTP_REQUEST_TIMEOUT_S', '0'],
      ['HTTP_HEADERS_TIMEOUT_S', 'soon'],
      ['HTTP_MAX_CONNECTIONS', '-5'],
      ['SMTP_MAX_CONNECTIONS_PER_ADDRESS', '0'],
    ] as const) {
      assert.throws(
        () => loadConfig({ [name]: bad }),
        (e: Error) => e instanceof ConfigError && e.message.includes(name),
        name,
      );
    }
  });
});

for (const engine of engines) {
  describe(`without TRUST_PROXY, X-Forwarded-For is ignored, on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let channelId: string;
    before(async () => {
      s = await startTestServer({ engine });
      channelId = await chatChannel(s);
    });
    after(() => s?.close());

    test('made-up X-Forwarded-For values do not escape the login limit per address', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 26; i++) statuses.push((await loginAs(s, `nobody${i}@example.com`, 'whatever-1', forgedAt(i))).status);
      // The test server's own admin login was the first of the minute.
      assert.deepEqual(statuses.slice(0, 19), Array(19).fill(401));
      assert.deepEqual(statuses.slice(20), Array(6).fill(429), 'the 21st attempt in a minute is refused, whatever the header says');
    });

    test('made-up X-Forwarded-For values do not escape the widget limit on new conversations per address', async () => {
      const answers = [];
      for (let i = 0; i < 13; i++) answers.push(await visitorStarts(s, channelId, forgedAt(i), i));
      assert.equal(answers.filter((a) => a.type === 'ack').length, 10, JSON.stringify(answers.map((a) => a.code ?? a.type)));
      assert.ok(answers.slice(10).every((a) => a.code === 'rate_limited'));
    });
  });

  describe(`behind a known proxy (TRUST_PROXY=127.0.0.1) on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let channelId: string;
    before(async () => {
      s = await startTestServer({ engine, env: { TRUST_PROXY: '127.0.0.1' } });
      channelId = await chatChannel(s);
      assert.equal(
        (
          await s.adminClient.post('/api/v1/users', {
            email: 'owner@example.com',
            name: 'Owner',
            role: 'agent',
            password: 'owner-password-1',
          })
        ).status,
        201,
      );
    });
    after(() => s?.close());

    test('strangers locking an account lock only themselves: the owner still logs in from their own address', async () => {
      const strangers = ['203.0.113.7', '198.51.100.66', '2001:db8:bad::1'];
      for (const stranger of strangers) {
        const statuses = [];
        // The proxy appends the real address; whatever the stranger put before it is not believed.
        for (let i = 0; i < 12; i++)
          statuses.push((await loginAs(s, 'owner@example.com', `guess-${i}`, `${forgedAt(i)}, ${stranger}`)).status);
        assert.deepEqual(statuses, [...Array(10).fill(401), 429, 429], stranger);
        assert.equal(
          (await loginAs(s, 'owner@example.com', 'owner-password-1', stranger)).status,
          429,
          `${stranger} stays locked, even with the right password`,
        );
      }
      for (const owner of ['192.0.2.10', '2001:db8:1::20', '192.0.2.11']) {
        const r = await loginAs(s, 'owner@example.com', 'owner-password-1', owner);
        assert.equal(r.status, 200, `the owner from ${owner}`);
      }
      // The super admin too.
      for (let i = 0; i < 10; i++) await loginAs(s, s.admin.email, `wrong-${i}`, '203.0.113.200');
      assert.equal((await loginAs(s, s.admin.email, s.admin.password, '203.0.113.200')).status, 429);
      assert.equal((await loginAs(s, s.admin.email, s.admin.password, '192.0.2.99')).status, 200);
    });

    test('one address trying many accounts is locked for every account; other addresses are not', async () => {
      const ctx = s.running.ctx;
      const from = '203.0.113.150';
      let refused = 0;
      for (let i = 0; i < 55; i++) {
        await login(ctx, `account${i}@example.com`, 'wrong-password', 30, from).catch((e) => {
          if (e.code === 'rate_limited') refused++;
          else assert.equal(e.code, 'unauthenticated');
        });
      }
      assert.equal(refused, 5, 'after 50 failures from one address the rest are refused');
      await assert.rejects(login(ctx, 'owner@example.com', 'owner-password-1', 30, from), (e: any) => e.code === 'rate_limited');
      const ok = await login(ctx, 'owner@example.com', 'owner-password-1', 30, '192.0.2.55');
      assert.equal(ok.user.email, 'owner@example.com');
    });

    test('the widget limits each real address on its own', async () => {
      const answers = [];
      for (let i = 0; i < 12; i++) answers.push(await visitorStarts(s, channelId, `198.51.100.${i + 1}`, 100 + i));
      assert.ok(
        answers.every((a) => a.type === 'ack'),
        'twelve addresses, one conversation each',
      );
      const same = [];
      for (let i = 0; i < 12; i++) same.push(await visitorStarts(s, channelId, `${forgedAt(i)}, 192.0.2.200`, 200 + i));
      assert.equal(same.filter((a) => a.type === 'ack').length, 10);
      assert.ok(same.slice(10).every((a) => a.code === 'rate_limited'));
    });
  });
}
