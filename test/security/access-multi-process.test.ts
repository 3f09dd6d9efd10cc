/**
 * Two server processes on one PostgreSQL schema and Redis: a logout, a deactivation or a token
 * revoked in process A closes the sockets held by process B within seconds. The processes'
 * safety-net poll is an hour, so only the event relayed through Redis can do it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { missing } from '../support/engines.js';
import { MULTI_ADMIN, startTwoProcesses } from '../support/process.js';
import { Client } from '../support/server.js';
import { closedWithin, openStream, staysOpen, uniq } from './access-support.js';

const skip = (await missing('postgres')) ?? (await missing('redis'));

describe('access taken back across two processes (PostgreSQL and Redis)', skip ? { skip } : {}, () => {
  let two: Awaited<ReturnType<typeof startTwoProcesses>> | undefined;
  let urlA = '';
  let urlB = '';
  let admin: Client;

  before(async () => {
    two = await startTwoProcesses();
    ({ urlA, urlB } = two);
    admin = new Client(urlA);
    assert.equal((await admin.post('/api/v1/auth/login', MULTI_ADMIN)).status, 200);
  });
  after(() => two?.stop());

  const agentOnA = async () => {
    const name = `m${uniq()}`;
    const id = (await admin.post('/api/v1/users', { email: `${name}@example.com`, name, role: 'agent', password: 'multi-process-pass' }))
      .body.id as string;
    const c = new Client(urlA);
    assert.equal((await c.post('/api/v1/auth/login', { email: `${name}@example.com`, password: 'multi-process-pass' })).status, 200);
    return { id, c };
  };

  test('logout in A closes that session’s socket in B, not the others', { timeout: 60_000 }, async () => {
    const u = await agentOnA();
    const other = await agentOnA();
    const onB = await openStream(urlB, { cookie: u.c.cookie });
    const otherOnB = await openStream(urlB, { cookie: other.c.cookie });
    assert.equal((await u.c.post('/api/v1/auth/logout')).status, 204);
    assert.equal(await closedWithin(onB, 5000), 4001);
    assert.ok(await staysOpen(otherOnB, 300));
    otherOnB.close();
  });

  test('deactivation and token revocation in A close the sockets in B', { timeout: 60_000 }, async () => {
    const u = await agentOnA();
    const t = (await u.c.post('/api/v1/tokens', { name: 'revoked in A' })).body;
    const byToken = await openStream(urlB, { bearer: t.token });
    assert.equal((await u.c.delete(`/api/v1/tokens/${t.id}`)).status, 204);
    assert.equal(await closedWithin(byToken, 5000), 4001);

    const v = await agentOnA();
    const t2 = (await v.c.post('/api/v1/tokens', { name: 'kept', scope: 'read' })).body;
    const cookieOnB = await openStream(urlB, { cookie: v.c.cookie });
    const tokenOnB = await openStream(urlB, { bearer: t2.token });
    assert.equal((await admin.post(`/api/v1/users/${v.id}/deactivate`)).status, 200);
    assert.equal(await closedWithin(cookieOnB, 5000), 4001);
    assert.equal(await closedWithin(tokenOnB, 5000), 4001);
  });
});
