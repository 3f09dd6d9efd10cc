/** Passwords: at least 10 characters and not a common one everywhere; a change or an admin-started reset link ends sessions, tokens and their streams (issue #13 §5), on both engines. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { testServerPerSuite } from '../support/factory.js';
import type { TestServer } from '../support/server.js';
import { dictionary } from '@zxcvbn-ts/language-common';
import { bearerClient, closedWithin, newAgent, openStream, pw, staysOpen, uniq } from './access-support.js';

/** Common passwords of every length the old rule (8+) let through, in the case the list has and others. */
function commonVariants(): string[] {
  const list = dictionary['passwords-common'];
  const long = list.filter((p) => p.length >= 10);
  const mid = list.filter((p) => p.length >= 8 && p.length < 10);
  const pick = (xs: string[], k: number) => Array.from({ length: k }, (_, i) => xs[Math.floor((i * xs.length) / k)]!);
  const upper = (p: string) => p.toUpperCase();
  const capital = (p: string) => p.charAt(0).toUpperCase() + p.slice(1);
  return [
    ...pick(long, 4),
    ...pick(long, 3).map(upper),
    ...pick(long, 2).map(capital),
    'password123',
    'Password123',
    'qwertyuiop',
    ...pick(mid, 2),
  ];
}
/** Too short: 9 characters and fewer, including multi-byte characters that are long in bytes. */
const shortOnes = ['Xk9#mQ2!z', 'a', 'éé€€😀😀😀😀😀', '         '];

for (const engine of engines) {
  describe(`passwords on ${engine}`, await engineSuite(engine), () => {
    const env = testServerPerSuite(engine);
    let s: TestServer;
    before(() => {
      s = env.s;
    });

    test('weak passwords are refused when creating a user, changing one and using a reset link', async () => {
      const weak = [...commonVariants(), ...shortOnes];
      for (const p of weak) {
        const email = `weak${uniq()}@example.com`;
        const r = await s.adminClient.post('/api/v1/users', { email, name: 'Weak', role: 'agent', password: p });
        assert.equal(r.status, 400, `create with ${JSON.stringify(p)}`);
        assert.ok(r.body.fields.password, JSON.stringify(r.body));
        assert.ok(!(await s.adminClient.get('/api/v1/users')).body.items.some((x: any) => x.email === email), 'no user was created');
      }
      const u = await newAgent(s);
      const link = (await s.adminClient.post(`/api/v1/users/${u.id}/password-reset`)).body.link as string;
      const token = new URL(link).hash.replace('#token=', '');
      // Every third one here: changing a password is limited to 10 tries a minute.
      for (const p of weak.filter((_, i) => i % 3 === 0)) {
        const r = await u.client.post('/api/v1/me/password', { currentPassword: pw(u.name), newPassword: p });
        assert.equal(r.status, 400, `change to ${JSON.stringify(p)}`);
        assert.ok(r.body.fields.newPassword);
        const reset = await s.anonymous().post('/api/v1/auth/password-reset', { token, password: p });
        assert.equal(reset.status, 400, `reset to ${JSON.stringify(p)}`);
        assert.ok(reset.body.fields.password);
      }
      assert.equal((await u.client.get('/api/v1/me')).status, 200, 'the session survived every refusal');
      await s.login(u.email, pw(u.name));
      assert.equal(
        (await s.anonymous().post('/api/v1/auth/password-reset', { token, password: 'a-fine-long-passphrase' })).status,
        204,
        'the link was not used up by refusals',
      );
    });
    test('changing your password ends your other sessions and every token, and keeps this one', async () => {
      const u = await newAgent(s);
      const other = await s.login(u.email, pw(u.name));
      const tokens = [
        (await u.client.post('/api/v1/tokens', { name: 'a' })).body.token,
        (await u.client.post('/api/v1/tokens', { name: 'b', scope: 'read' })).body.token,
      ];
      const otherSocket = await openStream(s.url, { cookie: other.cookie });
      const tokenSocket = await openStream(s.url, { bearer: tokens[0] });
      const mySocket = await openStream(s.url, { cookie: u.client.cookie });

      const wrong = await u.client.post('/api/v1/me/password', {
        currentPassword: 'not-my-password',
        newPassword: 'a-brand-new-passphrase',
      });
      assert.equal(wrong.status, 400);
      assert.ok(wrong.body.fields.currentPassword);
      assert.equal((await other.get('/api/v1/me')).status, 200, 'a refused change ends nothing');

      assert.equal(
        (await u.client.post('/api/v1/me/password', { currentPassword: pw(u.name), newPassword: 'a-brand-new-passphrase' })).status,
        204,
      );
      assert.equal((await u.client.get('/api/v1/me')).status, 200, 'this session goes on');
      assert.equal((await other.get('/api/v1/me')).status, 401, 'the other session ended');
      for (const t of tokens) assert.equal((await bearerClient(s, t).get('/api/v1/me')).status, 401, 'tokens ended');
      assert.deepEqual((await u.client.get('/api/v1/tokens')).body.items, []);
      assert.equal(await closedWithin(otherSocket, 5000), 4001);
      assert.equal(await closedWithin(tokenSocket, 5000), 4001);
      assert.ok(await staysOpen(mySocket, 500), 'this session’s socket stays');
      mySocket.close();
      assert.equal(
        (await s.anonymous().post('/api/v1/auth/login', { email: u.email, password: pw(u.name) })).status,
        401,
        'the old password is gone',
      );
      await s.login(u.email, 'a-brand-new-passphrase');
    });
    test('an admin-started reset link (no mail relay: shown to the admin) works once, then never again', async () => {
      const u = await newAgent(s);
      const tok = (await u.client.post('/api/v1/tokens', { name: 'old' })).body.token;
      const sock = await openStream(s.url, { cookie: u.client.cookie });
      const r = await s.adminClient.post(`/api/v1/users/${u.id}/password-reset`);
      assert.equal(r.status, 201);
      assert.equal(r.body.emailed, false);
      assert.match(r.body.link, new RegExp(`^${s.url}/reset-password#token=`));
      assert.ok(Date.parse(r.body.expiresAt) > Date.now() + 23 * 3600_000);
      const token = new URL(r.body.link).hash.replace('#token=', '');
      assert.equal((await u.client.get('/api/v1/me')).status, 200, 'starting a reset ends nothing yet');

      assert.equal((await s.anonymous().post('/api/v1/auth/password-reset', { token, password: 'reset-to-this-one' })).status, 204);
      assert.equal((await u.client.get('/api/v1/me')).status, 401, 'sessions ended');
      assert.equal((await bearerClient(s, tok).get('/api/v1/me')).status, 401, 'tokens ended');
      assert.equal(await closedWithin(sock, 5000), 4001);
      await s.login(u.email, 'reset-to-this-one');
      const again = await s.anonymous().post('/api/v1/auth/password-reset', { token, password: 'and-again-another' });
      assert.equal(again.status, 400, 'used once only');
      assert.ok(again.body.fields.token);
      for (const bad of ['', 'forged', token.slice(0, -1)])
        assert.equal((await s.anonymous().post('/api/v1/auth/password-reset', { token: bad, password: 'and-again-another' })).status, 400);
      assert.equal((await s.anonymous().post('/api/v1/auth/login', { email: u.email, password: 'and-again-another' })).status, 401);

      // A newer link replaces an unused older one; an expired link is refused.
      const first = new URL((await s.adminClient.post(`/api/v1/users/${u.id}/password-reset`)).body.link).hash.slice(7);
      const second = new URL((await s.adminClient.post(`/api/v1/users/${u.id}/password-reset`)).body.link).hash.slice(7);
      assert.equal(
        (await s.anonymous().post('/api/v1/auth/password-reset', { token: first, password: 'first-link-password' })).status,
        400,
      );
      await s.running.ctx.db.kysely
        .updateTable('password_resets')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('user_id', '=', u.id)
        .execute();
      assert.equal(
        (await s.anonymous().post('/api/v1/auth/password-reset', { token: second, password: 'second-link-password' })).status,
        400,
        'expired',
      );
      await s.login(u.email, 'reset-to-this-one');
    });
    test('resets and deactivation are for admins; only a super admin for a super admin; never on yourself', async () => {
      const u = await newAgent(s);
      const v = await newAgent(s);
      assert.equal((await u.client.post(`/api/v1/users/${v.id}/password-reset`)).status, 403);
      assert.equal((await u.client.post(`/api/v1/users/${v.id}/deactivate`)).status, 403);
      const adm = (
        await s.adminClient.post('/api/v1/users', {
          email: `adm${uniq()}@example.com`,
          name: 'Adm',
          role: 'admin',
          password: 'admin-two-password',
        })
      ).body;
      const admClient = await s.login(adm.email, 'admin-two-password');
      const superId = (await s.adminClient.get('/api/v1/me')).body.id;
      assert.equal((await admClient.post(`/api/v1/users/${superId}/deactivate`)).status, 403);
      assert.equal((await admClient.post(`/api/v1/users/${superId}/password-reset`)).status, 403);
      assert.equal((await admClient.post(`/api/v1/users/${adm.id}/deactivate`)).status, 403);
      assert.equal((await admClient.post('/api/v1/users/nobody/deactivate')).status, 404);
      assert.equal((await s.adminClient.get('/api/v1/me')).status, 200);
      assert.equal((await v.client.get('/api/v1/me')).status, 200);
    });
  });
}
