/**
 * Limits that hold across processes with Redis: two servers (two processes' worth of state in this
 * one) on one PostgreSQL schema and Redis. The login limit, the widget's limit on new conversations
 * per address and the stream's sockets per user count what both servers took. Each test comes from
 * an address of its own (TRUST_PROXY=127.0.0.1, X-Forwarded-For), so the servers' own logins do not count.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { MAX_SOCKETS_PER_USER } from '../../src/server/realtime/stream.js';
import { isolatedStorage, missing } from '../support/engines.js';
import { Client, startTestServer, type TestServer } from '../support/server.js';
import { StreamClient } from '../support/stream.js';
import { waitFor } from '../email/support/mail.js';

const skip = (await missing('postgres')) ?? (await missing('redis'));

/** A widget visitor from `ip` that says hello and starts a conversation; resolves with the answer to its first message. */
async function visitorStarts(url: string, channelId: string, ip: string, n: number): Promise<any> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/widget/socket?channel=${channelId}`, {
    headers: { origin: 'http://shop.example', 'x-forwarded-for': ip },
  });
  const received: any[] = [];
  let heard = () => undefined as void;
  ws.on('message', (raw) => (received.push(JSON.parse(String(raw))), heard()));
  const next = (pred: (m: any) => boolean) =>
    new Promise<any>((resolve) => {
      const check = () => {
        const m = received.find(pred);
        if (m) resolve(m);
        else heard = check;
      };
      check();
    });
  await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
  try {
    ws.send(JSON.stringify({ type: 'hello' }));
    await next((m) => m.type === 'welcome');
    const clientId = `sl${n.toString(36).padStart(8, '0')}`;
    ws.send(JSON.stringify({ type: 'message', clientId, text: `hello ${n}` }));
    return await next((m) => (m.type === 'ack' || m.type === 'error') && m.clientId === clientId);
  } finally {
    ws.close();
  }
}

/** A stream socket; resolves with its close code once closed, or `open` once it is ready. */
function streamAttempt(url: string, cookie: string): Promise<{ ws: WebSocket; outcome: 'ready' | number }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/stream`, { headers: { origin: url, cookie } });
  return new Promise((resolve, reject) => {
    ws.on('message', (raw) => JSON.parse(String(raw)).type === 'ready' && resolve({ ws, outcome: 'ready' }));
    ws.once('close', (code) => resolve({ ws, outcome: code }));
    ws.once('error', reject);
  });
}

describe('limits across two servers on PostgreSQL and Redis', skip ? { skip } : {}, () => {
  let storage: Awaited<ReturnType<typeof isolatedStorage>>;
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    storage = await isolatedStorage('postgres');
    const start = () => startTestServer({ engine: 'postgres', redis: true, storage, env: { TRUST_PROXY: '127.0.0.1' } });
    a = await start();
    b = await start();
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await storage?.drop();
  });

  test('the login limit counts on both: the 21st login in a minute is refused by either server', async () => {
    const from = { 'x-forwarded-for': '203.0.113.21' };
    const login = (s: TestServer) => new Client(s.url).request('POST', '/api/v1/auth/login', s.admin, from);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await login(i % 2 ? b : a)).status);
    assert.deepEqual(statuses, Array(20).fill(200));
    assert.equal((await login(b)).status, 429);
    assert.equal((await login(a)).status, 429);
    // Another address is not affected.
    assert.equal(
      (await new Client(a.url).request('POST', '/api/v1/auth/login', a.admin, { 'x-forwarded-for': '203.0.113.22' })).status,
      200,
    );
  });

  test('the widget limit on new conversations per address counts on both servers', async () => {
    const inboxId = (await a.adminClient.get('/api/v1/inboxes')).body.items[0].id;
    const channel = (
      await a.adminClient.post(`/api/v1/inboxes/${inboxId}/channels`, {
        kind: 'chat',
        name: 'Website',
        settings: { allowedOrigins: ['http://shop.example'] },
      })
    ).body;
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await visitorStarts(i % 2 ? b.url : a.url, channel.id, '198.51.100.40', i));
    const kinds = answers.map((x) => (x.type === 'ack' ? 'ack' : x.code));
    assert.deepEqual(kinds, [...Array(10).fill('ack'), 'rate_limited', 'rate_limited']);
  });

  test(`a user holds at most ${MAX_SOCKETS_PER_USER} stream sockets across both servers`, async () => {
    const cookie = a.adminClient.cookie;
    const open: StreamClient[] = [];
    for (let i = 0; i < MAX_SOCKETS_PER_USER; i++) open.push(await StreamClient.connect(i % 2 ? b.url : a.url, { cookie }));
    for (const s of [a, b]) {
      const extra = await streamAttempt(s.url, cookie);
      assert.equal(extra.outcome, 4029, `one more on ${s === a ? 'A' : 'B'} is refused`);
    }
    // One closed on A: room for one more, on B.
    open.shift()!.close();
    const again = await waitFor('a place freed on A taken on B', async () => {
      const r = await streamAttempt(b.url, cookie);
      return r.outcome === 'ready' ? r.ws : null;
    });
    assert.equal((await streamAttempt(a.url, cookie)).outcome, 4029, 'and full again');
    again.close();
    for (const s of open) s.close();
  });
});
