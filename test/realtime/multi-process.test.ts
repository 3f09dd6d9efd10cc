/**
 * Several processes serve one team: two real server processes on the same PostgreSQL schema
 * and Redis. An event committed in one reaches a socket held by the other, and so does presence.
 * The processes' safety-net poll is set to an hour, so only Redis can carry it in time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { missing } from '../support/engines.js';
import { MULTI_ADMIN, startTwoProcesses } from '../support/process.js';
import { Client } from '../support/server.js';
import { StreamClient } from '../support/stream.js';

const skip = (await missing('postgres')) ?? (await missing('redis'));

describe('two processes on PostgreSQL and Redis', skip ? { skip } : {}, () => {
  let two: Awaited<ReturnType<typeof startTwoProcesses>> | undefined;
  let urlA = '';
  let urlB = '';

  before(async () => {
    two = await startTwoProcesses();
    ({ urlA, urlB } = two);
  });
  after(() => two?.stop());

  test('an event committed in process A reaches a socket held by process B', { timeout: 30_000 }, async () => {
    assert.notEqual(urlA, urlB);
    const onA = new Client(urlA);
    assert.equal((await onA.post('/api/v1/auth/login', MULTI_ADMIN)).status, 200);
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
