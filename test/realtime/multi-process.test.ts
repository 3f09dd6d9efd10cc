/**
 * Several processes serve one team: two real server processes on the same PostgreSQL schema
 * and Redis. An event committed in one reaches a socket held by the other, and so does presence.
 * The processes' safety-net poll is set to an hour, so only Redis can carry it in time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isolatedStorage, missing, PG_URL, REDIS_URL } from '../support/engines.js';
import { startServerProcess, type ServerProcess } from '../support/process.js';
import { Client } from '../support/server.js';
import { StreamClient } from '../support/stream.js';

const skip = (await missing('postgres')) ?? (await missing('redis'));

describe('two processes on PostgreSQL and Redis', skip ? { skip } : {}, () => {
  const procs: ServerProcess[] = [];
  let storage: Awaited<ReturnType<typeof isolatedStorage>>;
  let urlA = '';
  let urlB = '';

  before(async () => {
    storage = await isolatedStorage('postgres');
    const env = {
      DATABASE_URL: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${storage.schema}`)}`,
      REDIS_URL,
      // Its own channels on the shared Redis, so other tests' servers are not heard.
      REDIS_PREFIX: storage.schema!,
      DATA_DIR: storage.dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ADMIN_EMAIL: 'admin@example.com',
      ADMIN_PASSWORD: 'admin-password-1',
      EVENT_POLL_MS: '3600000',
    };
    // One after the other: the first migrates and creates the admin.
    const a = await startServerProcess(env);
    procs.push(a);
    const b = await startServerProcess(env);
    procs.push(b);
    urlA = a.url;
    urlB = b.url;
  });
  after(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await storage?.drop();
  });

  test('an event committed in process A reaches a socket held by process B', { timeout: 30_000 }, async () => {
    assert.notEqual(urlA, urlB);
    const onA = new Client(urlA);
    assert.equal((await onA.post('/api/v1/auth/login', { email: 'admin@example.com', password: 'admin-password-1' })).status, 200);
    const socketOnB = await StreamClient.connect(urlB, { cookie: onA.cookie });
    const inboxId = (await onA.get('/api/v1/inboxes')).body.items[0].id;
    const c = await onA.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: 'x@example.com' }, body: 'from A' });
    assert.equal(c.status, 201);
    const e = await socketOnB.next((m) => m.event === 'conversation.created' && m.conversationId === c.body.id);
    assert.equal(e.payload.message.text, 'from A');

    // Presence set through A's socket shows on B's.
    const socketOnA = await StreamClient.connect(urlA, { cookie: onA.cookie });
    socketOnA.send({ type: 'presence', conversationId: c.body.id, state: 'typing' });
    const p = await socketOnB.next((m) => m.type === 'presence' && m.conversationId === c.body.id && m.users.length > 0);
    assert.equal(p.users[0].state, 'typing');
    socketOnA.close();
    socketOnB.close();
  });
});
