/**
 * Two server processes' worth of state (two servers in this process) on one PostgreSQL schema and
 * Redis: a visitor connected to A receives every agent reply, whichever server's worker delivers it
 * (the chat adapter relays pushes over Redis), and A's agents see B's visitors live.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { isolatedStorage, missing } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { VisitorClient } from './support/visitor.js';

const skip = (await missing('postgres')) ?? (await missing('redis'));

describe('website chat across two servers on PostgreSQL and Redis', skip ? { skip } : {}, () => {
  let storage: Awaited<ReturnType<typeof isolatedStorage>>;
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    storage = await isolatedStorage('postgres');
    const redisPrefix = `chat-${randomBytes(4).toString('hex')}`;
    a = await startTestServer({ engine: 'postgres', redis: true, storage, redisPrefix });
    b = await startTestServer({ engine: 'postgres', redis: true, storage, redisPrefix });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await storage?.drop();
  });

  test('replies reach a visitor on the other server, each once', async () => {
    const inboxId = (await b.adminClient.get('/api/v1/inboxes')).body.items[0].id;
    const ch = (await b.adminClient.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Site' })).body;
    const { v } = await VisitorClient.hello(a.url, ch.id);
    const ack = await v.say('multi00001', 'hello from A');
    for (let i = 0; i < 6; i++) {
      const r = await b.adminClient.post(`/api/v1/conversations/${ack.conversationId}/messages`, { kind: 'reply', body: `reply ${i}` });
      assert.equal(r.status, 201);
    }
    for (let i = 0; i < 6; i++) await v.next((m) => m.type === 'message' && m.message.text === `reply ${i}`, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    const got = v.received.filter((m) => m.type === 'message').map((m) => m.message.text);
    assert.deepEqual([...got].sort(), ['reply 0', 'reply 1', 'reply 2', 'reply 3', 'reply 4', 'reply 5']);
    v.close();
  });

  test('forgetting a visitor on B closes its widget on A; availability changed on B reaches a widget on A', async () => {
    const inboxId = (await b.adminClient.get('/api/v1/inboxes')).body.items[0].id;
    const ch = (await b.adminClient.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Site 2' })).body;
    const watcher = await VisitorClient.hello(a.url, ch.id);
    assert.equal(watcher.welcome.available, true);
    const users = (await b.adminClient.get('/api/v1/users')).body.items as any[];
    try {
      await Promise.all(users.map((u) => b.adminClient.patch(`/api/v1/users/${u.id}`, { availability: 'away' })));
      assert.equal((await watcher.v.next((m) => m.type === 'availability', 20_000)).available, false);
    } finally {
      await Promise.all(users.map((u) => b.adminClient.patch(`/api/v1/users/${u.id}`, { availability: 'available' })));
    }
    const { v } = await VisitorClient.hello(a.url, ch.id);
    const ack = await v.say('multi00002', 'forget me across servers');
    assert.equal((await b.adminClient.post(`/api/v1/conversations/${ack.conversationId}/forget-visitor`)).status, 200);
    assert.equal((await v.whenClosed(20_000)).code, 4003);
    watcher.v.close();
  });
});
