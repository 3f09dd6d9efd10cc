import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { Client, startTestServer, type TestServer } from '../support/server.js';

for (const engine of engines) {
  describe(`auth and sessions on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer({ engine });
      for (const name of ['alice', 'bruno', 'cleo']) {
        const r = await s.adminClient.post('/api/v1/users', {
          email: `${name}@example.com`,
          name,
          role: 'agent',
          password: `${name}-password`,
        });
        assert.equal(r.status, 201);
      }
    });
    after(() => s?.close());

    test('login sets an httpOnly SameSite cookie; passwords are stored as argon2id', async () => {
      const c = new Client(s.url);
      const r = await c.request('POST', '/api/v1/auth/login', { email: 'ALICE@example.com', password: 'alice-password' });
      assert.equal(r.status, 200);
      assert.equal(r.body.email, 'alice@example.com');
      assert.equal(r.body.password_hash, undefined);
      const cookie = r.headers.get('set-cookie')!;
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
      const row = await s.running.ctx.db.kysely
        .selectFrom('users')
        .select('password_hash')
        .where('email', '=', 'alice@example.com')
        .executeTakeFirstOrThrow();
      assert.match(row.password_hash!, /^\$argon2id\$/);
    });

    test('a wrong password or unknown account is the same 401', async () => {
      const wrong = await new Client(s.url).post('/api/v1/auth/login', { email: 'alice@example.com', password: 'nope-nope' });
      const unknown = await new Client(s.url).post('/api/v1/auth/login', { email: 'ghost@example.com', password: 'nope-nope' });
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      assert.equal(wrong.body.message, unknown.body.message);
    });

    test('logging in again rotates the session; logout ends it', async () => {
      const c = await s.login('bruno@example.com', 'bruno-password');
      const first = c.cookie;
      await c.post('/api/v1/auth/login', { email: 'bruno@example.com', password: 'bruno-password' });
      assert.notEqual(c.cookie, first);
      const old = new Client(s.url);
      old.cookie = first;
      assert.equal((await old.get('/api/v1/me')).status, 401, 'the old session no longer works');
      assert.equal((await c.get('/api/v1/me')).status, 200);
      assert.equal((await c.post('/api/v1/auth/logout')).status, 204);
      assert.equal((await c.get('/api/v1/me')).status, 401);
    });

    test('the session probe answers who is signed in, and a signed-out visit is not an error', async () => {
      const c = await s.login('cleo@example.com', 'cleo-password');
      const me = await c.get('/api/v1/auth/session');
      assert.equal(me.status, 200);
      assert.equal(me.body.user.email, 'cleo@example.com');
      assert.equal(me.body.user.password_hash, undefined);
      for (const probe of [
        s.anonymous(),
        Object.assign(new Client(s.url), { cookie: 'sb_session=forged' }),
        Object.assign(new Client(s.url), { bearer: 'nope' }),
      ]) {
        const r = await probe.get('/api/v1/auth/session');
        assert.deepEqual([r.status, r.body], [200, { user: null }]);
      }
      assert.equal((await c.post('/api/v1/auth/logout')).status, 204);
      assert.deepEqual((await c.get('/api/v1/auth/session')).body, { user: null });
    });

    test('no session is 401', async () => {
      const r = await s.anonymous().get('/api/v1/conversations');
      assert.equal(r.status, 401);
      assert.equal(r.body.error, 'unauthenticated');
    });

    test('cookie-authenticated changes must come from our own origin (CSRF)', async () => {
      const c = await s.login('alice@example.com', 'alice-password');
      const inboxId = (await c.get('/api/v1/inboxes')).body.items[0].id;
      const body = { contact: { email: 'csrf@example.com' }, body: 'forged' };
      const noOrigin = await c.request('POST', `/api/v1/inboxes/${inboxId}/conversations`, body, { origin: '' });
      assert.equal(noOrigin.status, 403);
      const evil = await c.request('POST', `/api/v1/inboxes/${inboxId}/conversations`, body, { origin: 'https://evil.example' });
      assert.equal(evil.status, 403);
      const sameSite = await c.request('POST', `/api/v1/inboxes/${inboxId}/conversations`, body, {
        origin: '',
        'sec-fetch-site': 'same-origin',
      });
      assert.equal(sameSite.status, 201);
      const list = (await c.get('/api/v1/conversations?q=forged')).body.items;
      assert.equal(list.length, 1, 'only the same-origin request wrote anything');
      assert.equal((await c.request('GET', '/api/v1/me', undefined, { origin: '' })).status, 200, 'reads need no origin');
    });

    test('API tokens authenticate without cookies or origin', async () => {
      const c = await s.login('cleo@example.com', 'cleo-password');
      const t = await c.post('/api/v1/tokens', { name: 'zapier' });
      assert.equal(t.status, 201);
      assert.match(t.body.token, /^sb_/);
      const api = new Client(s.url);
      api.bearer = t.body.token;
      const me = await api.request('GET', '/api/v1/me', undefined, { origin: '' });
      assert.equal(me.body.email, 'cleo@example.com');
      const inboxId = (await api.get('/api/v1/inboxes')).body.items[0].id;
      const created = await api.request(
        'POST',
        `/api/v1/inboxes/${inboxId}/conversations`,
        { contact: { name: 'Via token' }, body: 'hi' },
        { origin: '' },
      );
      assert.equal(created.status, 201);
      const bad = new Client(s.url);
      bad.bearer = 'sb_forged';
      assert.equal((await bad.get('/api/v1/me')).status, 401);
    });

    test('PATCH /me changes profile and away mode; bad values name the field', async () => {
      const c = await s.login('alice@example.com', 'alice-password');
      const r = await c.patch('/api/v1/me', {
        name: 'Alice A',
        availability: 'away',
        locale: 'nl',
        meetingLink: 'https://meet.example/alice',
      });
      assert.equal(r.status, 200);
      assert.equal(r.body.availability, 'away');
      assert.equal(r.body.locale, 'nl');
      const bad = await c.patch('/api/v1/me', { locale: 'xx', role: 'super_admin' });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.fields.locale);
      assert.equal((await c.get('/api/v1/me')).body.role, 'agent');
    });

    test('admins manage users and teams; only a super admin grants super admin', async () => {
      const admin = await s.adminClient.post('/api/v1/users', {
        email: 'adm@example.com',
        name: 'Adm',
        role: 'admin',
        password: 'adm-password',
      });
      assert.equal(admin.status, 201);
      const adm = await s.login('adm@example.com', 'adm-password');
      const made = await adm.post('/api/v1/users', { email: 'newbie@example.com', name: 'Newbie', role: 'agent', paidSeat: false });
      assert.equal(made.status, 201);
      assert.equal(made.body.paidSeat, false);
      assert.ok(made.body.initialPassword.length >= 12, 'a generated password is returned once');
      assert.equal((await adm.post('/api/v1/users', { email: 'boss@example.com', name: 'Boss', role: 'super_admin' })).status, 403);
      assert.equal((await adm.patch(`/api/v1/users/${made.body.id}`, { role: 'super_admin' })).status, 403);
      assert.equal((await adm.patch(`/api/v1/users/${made.body.id}`, { paidSeat: true })).body.paidSeat, true);
      const dup = await adm.post('/api/v1/users', { email: 'newbie@example.com', name: 'Again', role: 'agent' });
      assert.equal(dup.status, 409);
      assert.ok(dup.body.fields.email);
      const team = await adm.post('/api/v1/teams', { name: 'Night shift', userIds: [made.body.id] });
      assert.equal(team.status, 201);
      assert.deepEqual(team.body.userIds, [made.body.id]);
      assert.equal((await adm.post('/api/v1/teams', { name: 'Night shift' })).status, 409);
      assert.equal((await adm.patch(`/api/v1/teams/${team.body.id}`, { userIds: ['nobody'] })).status, 400);
      assert.deepEqual((await adm.get('/api/v1/teams')).body.items.find((t: any) => t.id === team.body.id).userIds, [made.body.id]);
    });

    test('inboxes: create with access, rename, delete only with the typed name', async () => {
      const a = s.adminClient;
      const created = await a.post('/api/v1/inboxes', { name: 'Sales Team', access: { mode: 'specific', userIds: [], teamIds: [] } });
      assert.equal(created.status, 201);
      assert.equal(created.body.fallbackAddress, 'sales-team@switchboard.localhost');
      const again = await a.post('/api/v1/inboxes', { name: 'Sales team' });
      assert.equal(again.body.slug, 'sales-team-2', 'slugs stay unique');
      const conv = await a.post(`/api/v1/inboxes/${created.body.id}/conversations`, { contact: { name: 'X' }, body: 'going away' });
      assert.equal(conv.status, 403, 'the super admin is not a member of this specific inbox');
      assert.equal((await a.patch(`/api/v1/inboxes/${created.body.id}`, { name: 'Sales' })).body.name, 'Sales');
      const wrong = await a.delete(`/api/v1/inboxes/${created.body.id}`, { confirmName: 'Sales Team' });
      assert.equal(wrong.status, 400);
      assert.ok(wrong.body.fields.confirmName);
      assert.equal((await a.delete(`/api/v1/inboxes/${created.body.id}`, { confirmName: 'Sales' })).status, 204);
      assert.equal((await a.get(`/api/v1/inboxes/${created.body.id}`)).status, 404);
    });

    test('too many failed logins lock the account for a while, even with the right password', async () => {
      for (let i = 0; i < 10; i++)
        await new Client(s.url).post('/api/v1/auth/login', { email: 'cleo@example.com', password: `wrong-${i}` });
      const r = await new Client(s.url).post('/api/v1/auth/login', { email: 'cleo@example.com', password: 'cleo-password' });
      assert.equal(r.status, 429);
    });

    test('logins are rate-limited per address', async () => {
      let limited = 0;
      for (let i = 0; i < 25; i++) {
        const r = await new Client(s.url).post('/api/v1/auth/login', { email: `nobody${i}@example.com`, password: 'whatever' });
        if (r.status === 429) limited++;
      }
      assert.ok(limited > 0, 'some attempts were refused');
    });
  });
}
