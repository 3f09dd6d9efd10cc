/** API tokens (list, name, revoke, expiry, read-only scope, shown once); logout, revocation and expiry close open streams within seconds (issue #13 §5), on both engines. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { testServerPerSuite } from '../support/factory.js';
import type { TestServer } from '../support/server.js';
import { bearerClient, closedWithin, inFuture, newAgent, openStream, pw, staysOpen, uniq } from './access-support.js';

for (const engine of engines) {
  describe(`API tokens on ${engine}`, await engineSuite(engine), () => {
    const env = testServerPerSuite(engine);
    let s: TestServer;
    let inboxId: string;
    before(async () => {
      s = env.s;
      inboxId = await env.f.defaultInbox();
    });

    test('tokens: created with a name, scope and expiry, shown once, listed without the secret, revoked', async () => {
      const u = await newAgent(s);
      const expiresAt = inFuture(7 * 86_400_000);
      const made = await u.client.post('/api/v1/tokens', { name: 'Zapier', scope: 'read', expiresAt });
      assert.equal(made.status, 201);
      assert.match(made.body.token, /^sb_/);
      assert.equal(made.body.name, 'Zapier');
      assert.equal(made.body.scope, 'read');
      assert.equal(made.body.expiresAt, expiresAt);
      const other = (await u.client.post('/api/v1/tokens', { name: 'CI' })).body;
      assert.equal(other.scope, 'write', 'write is the default');
      assert.equal(other.expiresAt, null, 'no expiry unless asked');

      const list = await u.client.get('/api/v1/tokens');
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.items.map((t: any) => t.name).sort(), ['CI', 'Zapier']);
      const text = JSON.stringify(list.body);
      assert.ok(!text.includes(made.body.token) && !text.includes(other.token), 'the list never holds a secret');
      for (const t of list.body.items) assert.equal(t.token, undefined);
      assert.equal((await bearerClient(s, made.body.token).get('/api/v1/me')).body.email, u.email);
      assert.ok((await u.client.get('/api/v1/tokens')).body.items.find((t: any) => t.id === made.body.id).lastUsedAt, 'last use is shown');

      // Another user sees none of them and cannot revoke them (404, as for an unknown id).
      const v = await newAgent(s);
      assert.deepEqual((await v.client.get('/api/v1/tokens')).body.items, []);
      assert.equal((await v.client.delete(`/api/v1/tokens/${made.body.id}`)).status, 404);
      assert.equal((await bearerClient(s, made.body.token).get('/api/v1/me')).status, 200);

      assert.equal((await u.client.delete(`/api/v1/tokens/${made.body.id}`)).status, 204);
      assert.equal((await bearerClient(s, made.body.token).get('/api/v1/me')).status, 401, 'a revoked token is refused');
      assert.equal((await u.client.delete(`/api/v1/tokens/${made.body.id}`)).status, 404);
      assert.deepEqual(
        (await u.client.get('/api/v1/tokens')).body.items.map((t: any) => t.name),
        ['CI'],
      );
      assert.equal((await bearerClient(s, other.token).get('/api/v1/me')).status, 200, 'the other token still works');
    });
    test('tokens: bad input is a 400 naming the field; a token cannot mint or revoke tokens', async () => {
      const u = await newAgent(s);
      for (const body of [
        { name: '' },
        { name: 'x', scope: 'admin' },
        { name: 'x', expiresAt: 'tomorrow' },
        { name: 'x', expiresAt: new Date(Date.now() - 60_000).toISOString() },
        { name: 'x'.repeat(101) },
      ]) {
        const r = await u.client.post('/api/v1/tokens', body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.ok(r.body.fields && Object.keys(r.body.fields).length, JSON.stringify(r.body));
      }
      assert.deepEqual((await u.client.get('/api/v1/tokens')).body.items, [], 'nothing was created');
      const t = (await u.client.post('/api/v1/tokens', { name: 'write' })).body;
      const api = bearerClient(s, t.token);
      assert.equal((await api.post('/api/v1/tokens', { name: 'more' })).status, 403);
      assert.equal((await api.delete(`/api/v1/tokens/${t.id}`)).status, 403);
      assert.equal(
        (await api.post('/api/v1/me/password', { currentPassword: pw(u.name), newPassword: 'another-long-pass-1' })).status,
        403,
      );
      assert.equal((await u.client.get('/api/v1/tokens')).body.items.length, 1);
    });
    test('an expired token is refused', async () => {
      const u = await newAgent(s);
      const t = (await u.client.post('/api/v1/tokens', { name: 'short-lived', expiresAt: inFuture(1500) })).body;
      assert.equal((await bearerClient(s, t.token).get('/api/v1/me')).status, 200);
      await new Promise((r) => setTimeout(r, 1800));
      const r = await bearerClient(s, t.token).get('/api/v1/me');
      assert.equal(r.status, 401);
      assert.equal((await bearerClient(s, t.token).get('/api/v1/conversations')).status, 401);
    });
    test('a read-only token may GET and open the stream; every write route answers 403 and changes nothing', async () => {
      const u = await newAgent(s);
      const conv = (
        await u.client.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: `ro${uniq()}@example.com` }, body: 'hello' })
      ).body;
      const t = (await u.client.post('/api/v1/tokens', { name: 'reporting', scope: 'read' })).body;
      const ro = bearerClient(s, t.token);
      for (const path of [
        '/api/v1/me',
        '/api/v1/conversations',
        `/api/v1/conversations/${conv.id}`,
        `/api/v1/conversations/${conv.id}/messages`,
        '/api/v1/users',
        '/api/v1/tokens',
      ]) {
        assert.equal((await ro.get(path)).status, 200, path);
      }
      const writes: [string, string, unknown][] = [
        ['POST', `/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: 'x@example.com' }, body: 'via read token' }],
        ['POST', `/api/v1/conversations/${conv.id}/messages`, { kind: 'comment', body: 'via read token' }],
        ['PATCH', `/api/v1/conversations/${conv.id}`, { status: 'closed' }],
        ['POST', `/api/v1/conversations/${conv.id}/trash`, {}],
        ['DELETE', `/api/v1/conversations/${conv.id}`, undefined],
        ['PATCH', '/api/v1/me', { name: 'Renamed by token' }],
        ['POST', '/api/v1/contacts', { name: 'By token' }],
        ['POST', '/api/v1/tokens', { name: 'escalate' }],
        ['DELETE', `/api/v1/tokens/${t.id}`, undefined],
        ['POST', '/api/v1/auth/logout', {}],
      ];
      for (const [method, path, body] of writes) {
        const r = await ro.request(method, path, body, { origin: '' });
        assert.equal(r.status, 403, `${method} ${path}: ${JSON.stringify(r.body)}`);
      }
      const after = (await u.client.get(`/api/v1/conversations/${conv.id}`)).body;
      assert.equal(after.status, 'open');
      assert.equal(after.folder, 'inbox');
      assert.equal((await u.client.get(`/api/v1/conversations/${conv.id}/messages`)).body.items.length, 1);
      assert.equal((await u.client.get('/api/v1/me')).body.name, u.name);
      assert.equal((await u.client.get('/api/v1/tokens')).body.items.length, 1);
      const sock = await openStream(s.url, { bearer: t.token });
      await u.client.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'comment', body: 'seen live' });
      await sock.next((m) => m.event === 'message.created' && m.conversationId === conv.id);
      sock.close();
    });
    test('logout, revoking a token and expiry close the stream within seconds', async () => {
      const u = await newAgent(s);
      const second = await s.login(u.email, pw(u.name));
      const a = await openStream(s.url, { cookie: u.client.cookie });
      const b = await openStream(s.url, { cookie: second.cookie });
      assert.equal((await u.client.post('/api/v1/auth/logout')).status, 204);
      assert.equal(await closedWithin(a, 5000), 4001);
      assert.ok(await staysOpen(b, 300), 'the other session’s socket stays');
      b.close();

      const t = (await second.post('/api/v1/tokens', { name: 'revoke me' })).body;
      const keep = (await second.post('/api/v1/tokens', { name: 'keep me' })).body;
      const byToken = await openStream(s.url, { bearer: t.token });
      const byKeep = await openStream(s.url, { bearer: keep.token });
      assert.equal((await second.delete(`/api/v1/tokens/${t.id}`)).status, 204);
      assert.equal(await closedWithin(byToken, 5000), 4001);
      assert.ok(await staysOpen(byKeep, 300));
      byKeep.close();

      const brief = (await second.post('/api/v1/tokens', { name: 'brief', expiresAt: inFuture(2000) })).body;
      const expiring = await openStream(s.url, { bearer: brief.token });
      assert.equal(await closedWithin(expiring, 5000), 4001);

      // A session past its expiry: its socket closes by the timer, with no event at all.
      const third = await s.login(u.email, pw(u.name));
      const sock = await openStream(s.url, { cookie: third.cookie });
      sock.close();
      await s.running.ctx.db.kysely
        .updateTable('sessions')
        .set({ expires_at: inFuture(1500) })
        .where('user_id', '=', u.id)
        .execute();
      const late = await openStream(s.url, { cookie: third.cookie });
      assert.equal(await closedWithin(late, 5000), 4001);
      assert.equal((await third.get('/api/v1/me')).status, 401);
    });
  });
}
