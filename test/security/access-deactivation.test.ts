/** Deactivated users: history kept, no login, no API, no routing, sockets closed (issue #13 §5), on both engines. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { testServerPerSuite } from '../support/factory.js';
import type { TestServer } from '../support/server.js';
import { StreamClient } from '../support/stream.js';
import { jobsDone } from '../support/jobs.js';
import { bearerClient, closedWithin, newAgent, openStream, pw, staysOpen, uniq } from './access-support.js';

for (const engine of engines) {
  describe(`deactivated users on ${engine}`, await engineSuite(engine), () => {
    const env = testServerPerSuite(engine);
    let s: TestServer;
    let inboxId: string;
    before(async () => {
      s = env.s;
      inboxId = await env.f.defaultInbox();
    });

    test('a deactivated user keeps their history but cannot log in, use the API or be routed to; their sockets close', async () => {
      const u = await newAgent(s);
      const other = await newAgent(s);
      const conv = await env.f.conversation({ body: 'hi' });
      assert.equal((await s.adminClient.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: u.id })).status, 200);
      const tok = (await u.client.post('/api/v1/tokens', { name: 'bot' })).body.token;
      const cookieSock = await openStream(s.url, { cookie: u.client.cookie });
      const tokenSock = await openStream(s.url, { bearer: tok });
      const bystander = await openStream(s.url, { cookie: other.client.cookie });

      const r = await s.adminClient.post(`/api/v1/users/${u.id}/deactivate`);
      assert.equal(r.status, 200);
      assert.equal(r.body.active, false);
      assert.equal(await closedWithin(cookieSock, 5000), 4001);
      assert.equal(await closedWithin(tokenSock, 5000), 4001);
      assert.ok(await staysOpen(bystander, 300), 'other users’ sockets stay');
      bystander.close();

      assert.equal((await u.client.get('/api/v1/me')).status, 401);
      assert.equal((await bearerClient(s, tok).get('/api/v1/me')).status, 401);
      const login = await s.anonymous().post('/api/v1/auth/login', { email: u.email, password: pw(u.name) });
      assert.equal(login.status, 401);
      assert.match(login.body.message, /deactivated/);
      await assert.rejects(StreamClient.connect(s.url, { cookie: u.client.cookie }), /401/);
      const listed = (await s.adminClient.get('/api/v1/users')).body.items.find((x: any) => x.id === u.id);
      assert.equal(listed.active, false, 'still listed, marked inactive');
      assert.equal((await s.adminClient.get(`/api/v1/conversations/${conv.id}`)).body.assignee?.id, u.id, 'history kept');
      assert.equal((await s.adminClient.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: other.id })).status, 200);
      const back = await s.adminClient.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: u.id });
      assert.equal(back.status, 400, 'nobody assigns to a deactivated user');
      assert.ok(back.body.fields.assigneeId);
      const reset = await s.adminClient.post(`/api/v1/users/${u.id}/password-reset`);
      assert.equal(reset.status, 400, 'no reset link for a deactivated user');

      const again = await s.adminClient.post(`/api/v1/users/${u.id}/reactivate`);
      assert.equal(again.body.active, true);
      await s.login(u.email, pw(u.name));
      assert.equal((await bearerClient(s, tok).get('/api/v1/me')).status, 401, 'old tokens stay ended');
    });
    test('round robin never gives a conversation to a deactivated user, and says why', async () => {
      const a = await newAgent(s, 'rr' + uniq());
      const b = await newAgent(s, 'rr' + uniq());
      const channelId = (await s.adminClient.get(`/api/v1/inboxes/${inboxId}/channels`)).body.items.find((c: any) => c.kind === 'api').id;
      assert.equal(
        (
          await s.adminClient.patch(`/api/v1/channels/${channelId}`, {
            routing: { mode: 'specific', userIds: [a.id, b.id], availableOnly: false },
          })
        ).status,
        200,
      );
      await s.adminClient.post(`/api/v1/users/${b.id}/deactivate`);
      const got: string[] = [];
      for (let i = 0; i < 4; i++) {
        const c = await env.f.conversation({ body: 'route me' });
        await jobsDone(s);
        const seen = (await s.adminClient.get(`/api/v1/conversations/${c.id}`)).body;
        got.push(seen.assignee?.id);
        assert.match(seen.routingReason, new RegExp(`skipped ${b.name} \\(deactivated\\)`));
      }
      assert.deepEqual(got, [a.id, a.id, a.id, a.id]);
      await s.adminClient.post(`/api/v1/users/${a.id}/deactivate`);
      const c = await env.f.conversation({ body: 'route me' });
      await jobsDone(s);
      assert.equal((await s.adminClient.get(`/api/v1/conversations/${c.id}`)).body.assignee, null, 'nobody active: left unassigned');
      await s.adminClient.patch(`/api/v1/channels/${channelId}`, { routing: { mode: 'unassigned' } });
    });
  });
}
