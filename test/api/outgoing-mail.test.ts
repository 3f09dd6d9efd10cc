/**
 * The outgoing mail server in Settings: admins save it (the password is kept encrypted and never
 * answered), a test email reaches a real SMTP server, a reply held for lack of one says so and
 * leaves once the server is saved; SMTP_RELAY_URL is the default when nothing is saved.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { Factory } from '../support/factory.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { mail, sendRaw, startCapture, waitFor } from '../email/support/mail.js';

const login = { user: 'relay-user', pass: 'relay-secret-pass-9' };
const URL_ = '/api/v1/settings/outgoing-mail';

for (const engine of engines) {
  describe(`outgoing mail server on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let f: Factory;
    let capture: Awaited<ReturnType<typeof startCapture>>;
    const settings = () => ({ host: '127.0.0.1', port: capture.port, security: 'none', user: login.user, password: login.pass });

    before(async () => {
      capture = await startCapture({ login });
      // The capture server listens on loopback: allowed here as an operator would allow a local relay.
      s = await startTestServer({ engine, env: { ALLOW_PRIVATE_MAIL_HOSTS: '1' } });
      f = new Factory(s);
    });
    after(async () => {
      await s?.close();
      await capture?.close();
    });

    test('a reply without an outgoing server is held and says so; saving the server sends it', async () => {
      const a = s.adminClient;
      const first = (await a.get(URL_)).body;
      assert.deepEqual(
        { ...first, addresses: undefined },
        { source: 'none', settings: null, env: null, heldJobs: 0, addresses: undefined },
      );

      const inbox = (await a.get('/api/v1/inboxes')).body.items[0];
      assert.ok((await sendRaw(s.running.smtpPort!, inbox.fallbackAddress, mail({ to: inbox.fallbackAddress, subject: 'Held lamp' }))).ok);
      const conv = await waitFor('the conversation', async () =>
        ((await a.get(`/api/v1/conversations?inboxId=${inbox.id}`)).body.items as any[]).find((c) => c.subject === 'Held lamp'),
      );
      const reply = await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'A new lamp is on its way.' });
      assert.equal(reply.status, 201);
      // The author learns at once that it waits, and why.
      assert.equal(reply.body.deliveryState, 'queued');
      assert.equal(reply.body.deliveryHeld, 'no_outgoing_server');
      // The worker tried it and put it aside.
      await waitFor('the held job', async () => (await a.get(URL_)).body.heldJobs >= 1);

      const saved = await a.put(URL_, settings());
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal(saved.body.source, 'settings');
      assert.deepEqual(saved.body.settings, {
        host: '127.0.0.1',
        port: capture.port,
        security: 'none',
        user: login.user,
        hasPassword: true,
        fromAddress: null,
      });

      const got = await waitFor('the held reply at the outgoing server', () =>
        capture.messages.find((m) => m.parsed.subject === 'Re: Held lamp'),
      );
      assert.match(got.parsed.text!, /A new lamp is on its way\./);
      const sent = await waitFor('the reply marked sent', async () =>
        ((await a.get(`/api/v1/conversations/${conv.id}/messages`)).body.items as any[]).find(
          (m) => m.id === reply.body.id && m.deliveryState === 'sent',
        ),
      );
      assert.equal(sent.deliveryHeld, null);
      // A new reply is not held.
      const next = await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'Tracking number follows.' });
      assert.equal(next.body.deliveryHeld, null);
      const channel = ((await a.get(`/api/v1/inboxes/${inbox.id}/channels`)).body.items as any[]).find((c) => c.kind === 'email');
      assert.equal((await a.get(`/api/v1/channels/${channel.id}`)).body.email.sending, 'relay');
    });

    test('the password is stored encrypted and never answered; absent keeps it, empty removes it', async () => {
      const a = s.adminClient;
      await a.put(URL_, { ...settings(), fromAddress: 'Help@Example.com' });
      const got = await a.get(URL_);
      assert.equal(got.body.settings.hasPassword, true);
      assert.equal(got.body.settings.fromAddress, 'help@example.com');
      assert.ok(!JSON.stringify(got.body).includes(login.pass));
      const row = await s.running.ctx.db.kysely
        .selectFrom('account_settings')
        .select('value')
        .where('key', '=', 'outgoing-mail')
        .executeTakeFirstOrThrow();
      assert.ok(!row.value.includes(login.pass), 'not in plain text at rest');

      const { password: _, ...withoutPassword } = settings();
      assert.equal((await a.put(URL_, withoutPassword)).body.settings.hasPassword, true);
      assert.equal((await a.post(`${URL_}/test`, { to: 'kept@example.org' })).body.ok, true, 'the kept password still logs in');
      assert.equal((await a.put(URL_, { ...withoutPassword, password: '' })).body.settings.hasPassword, false);
      await a.put(URL_, settings());
    });

    test('a test email arrives from the saved address; a wrong server answers its class, not its words', async () => {
      const a = s.adminClient;
      await a.put(URL_, { ...settings(), fromAddress: 'help@example.com' });
      const ok = await a.post(`${URL_}/test`, { to: 'Admin-Inbox@example.org' });
      assert.deepEqual(ok.body, { ok: true, error: null, errorKind: null });
      const got = await waitFor('the test email', () => capture.messages.find((m) => m.envelope.to.includes('admin-inbox@example.org')));
      assert.equal(got.parsed.subject, 'Switchboard test email');
      assert.equal(got.parsed.from?.value[0]?.address, 'help@example.com');

      // Unsaved settings are tried as given: a wrong password, then nothing listening.
      const wrong = await a.post(`${URL_}/test`, { to: 'x@example.org', settings: { ...settings(), password: 'not-it' } });
      assert.deepEqual(wrong.body, { ok: false, error: 'Login refused', errorKind: 'login' });
      const closed = await startCapture();
      await closed.close();
      const refused = await a.post(`${URL_}/test`, { to: 'x@example.org', settings: { ...settings(), port: closed.port } });
      assert.equal(refused.body.errorKind, 'refused');
      // Nothing of it was saved.
      assert.equal((await a.get(URL_)).body.settings.port, capture.port);
    });

    test('bad input is refused naming the field, and nothing changes', async () => {
      const a = s.adminClient;
      const before = (await a.get(URL_)).body;
      const bad = await a.put(URL_, { ...settings(), security: 'ssl', port: 0 });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.fields.security && bad.body.fields.port, JSON.stringify(bad.body));
      assert.equal((await a.put(URL_, { ...settings(), host: 'no-such-host.invalid' })).status, 400);
      assert.deepEqual((await a.get(URL_)).body, before);
    });

    test('"use this address for sending" off holds the address\'s replies; on sends them', async () => {
      const a = s.adminClient;
      await a.put(URL_, settings());
      const inbox = (await a.get('/api/v1/inboxes')).body.items[0];
      const address = ((await a.get(URL_)).body.addresses as any[]).find((x) => x.inboxId === inbox.id);
      assert.deepEqual(
        { address: address.address, useForSending: address.useForSending },
        { address: inbox.fallbackAddress, useForSending: true },
      );
      assert.equal((await a.patch(`/api/v1/channels/${address.channelId}`, { useForSending: false })).body.email.sending, 'off');
      assert.ok((await sendRaw(s.running.smtpPort!, inbox.fallbackAddress, mail({ to: inbox.fallbackAddress, subject: 'Switch off' }))).ok);
      const conv = await waitFor('the conversation', async () =>
        ((await a.get(`/api/v1/conversations?inboxId=${inbox.id}`)).body.items as any[]).find((c) => c.subject === 'Switch off'),
      );
      const reply = await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'Held by the switch.' });
      assert.equal(reply.body.deliveryHeld, 'sending_off');
      assert.equal(((await a.get(URL_)).body.addresses as any[]).find((x) => x.channelId === address.channelId).useForSending, false);
      await waitFor('the held job', async () => (await a.get(URL_)).body.heldJobs >= 1);
      assert.equal(capture.messages.filter((m) => m.parsed.subject === 'Re: Switch off').length, 0);

      assert.equal((await a.patch(`/api/v1/channels/${address.channelId}`, { useForSending: true })).body.email.sending, 'relay');
      await waitFor('the reply sent once the address is used again', () =>
        capture.messages.find((m) => m.parsed.subject === 'Re: Switch off'),
      );
    });

    test('for agents the setting does not exist', async () => {
      const agent = await f.user();
      assert.equal((await agent.client.get(URL_)).status, 404);
      assert.equal((await agent.client.put(URL_, settings())).status, 404);
      assert.equal((await agent.client.delete(URL_)).status, 404);
      assert.equal((await agent.client.post(`${URL_}/test`, { to: 'x@example.org' })).status, 404);
      const admin = await f.user({ role: 'admin' });
      assert.equal((await admin.client.get(URL_)).status, 200);
    });

    test('deleting goes back to none; SMTP_RELAY_URL is the default when set', async () => {
      const a = s.adminClient;
      assert.equal((await a.delete(URL_)).body.source, 'none');
      const open = await startCapture();
      const withEnv = await startTestServer({ engine, env: { SMTP_RELAY_URL: open.url } });
      try {
        const b = withEnv.adminClient;
        const got = (await b.get(URL_)).body;
        assert.equal(got.source, 'env');
        assert.equal(got.settings, null);
        assert.deepEqual(got.env, { host: '127.0.0.1', port: open.port });
        assert.deepEqual((await b.post(`${URL_}/test`, { to: 'env@example.org' })).body, { ok: true, error: null, errorKind: null });
        const sent = await waitFor('the test email through SMTP_RELAY_URL', () => open.messages[0]);
        assert.deepEqual(sent.envelope.to, ['env@example.org']);
        assert.equal(sent.parsed.from?.value[0]?.address, 'no-reply@switchboard.localhost');
      } finally {
        await withEnv.close();
        await open.close();
      }
    });
  });
}
