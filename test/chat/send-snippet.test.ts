/**
 * "Send the code to a developer": an admin mails a chat channel's tracking code with instructions
 * and a note; without an outgoing mail server the mail waits (and the admin is told), and it leaves
 * through the outbox once the server is saved. A bad address is a field error; agents may not send.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startCapture, waitFor } from '../email/support/mail.js';
import { engines, engineSuite } from '../support/engines.js';
import { Factory } from '../support/factory.js';
import { startTestServer, type TestServer } from '../support/server.js';

for (const engine of engines) {
  describe(`send the chat code to a developer on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let capture: Awaited<ReturnType<typeof startCapture>>;
    before(async () => {
      capture = await startCapture();
      // The capture server listens on loopback: allowed here as an operator would allow a local relay.
      s = await startTestServer({ engine, env: { ALLOW_PRIVATE_MAIL_HOSTS: '1' } });
    });
    after(async () => {
      await s?.close();
      await capture?.close();
    });

    test('held without an outgoing server, then mailed with the snippet, instructions and note; in the channel language', async () => {
      const a = s.adminClient;
      const inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      const ch = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Shop chat' })).body;
      const send = (body: unknown) => a.post(`/api/v1/channels/${ch.id}/send-snippet`, body);

      const held = await send({ email: ' Dev@Example.org ', note: 'For the shop pages, please.' });
      assert.equal(held.status, 201, JSON.stringify(held.body));
      assert.deepEqual(held.body, { to: 'dev@example.org', held: true });
      await waitFor('the held job', async () => (await a.get('/api/v1/settings/outgoing-mail')).body.heldJobs >= 1);
      assert.equal(capture.messages.length, 0);

      const saved = await a.put('/api/v1/settings/outgoing-mail', { host: '127.0.0.1', port: capture.port, security: 'none', user: '' });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const mail = await waitFor('the code mail', () => capture.messages.find((m) => m.envelope.to.includes('dev@example.org')));
      assert.equal(mail.parsed.subject, 'Admin asks you to add a chat to the website');
      const text = mail.parsed.text ?? '';
      assert.ok(text.includes(ch.installSnippet), text);
      assert.match(text, /just before the closing <\/body> tag/);
      assert.match(text, /"Shop chat"/);
      assert.match(text, /For the shop pages, please\./);

      // Now a server is set: sent at once, and said so. A Dutch channel mails in Dutch.
      assert.equal((await a.patch(`/api/v1/channels/${ch.id}`, { settings: { language: 'nl' } })).status, 200);
      const now = await send({ email: 'web@example.org' });
      assert.deepEqual(now.body, { to: 'web@example.org', held: false });
      const nl = await waitFor('the Dutch mail', () => capture.messages.find((m) => m.envelope.to.includes('web@example.org')));
      assert.equal(nl.parsed.subject, 'Admin vraagt je een chat aan de website toe te voegen');
      assert.ok((nl.parsed.text ?? '').includes(ch.installSnippet));
    });

    test('a bad address is a field error; an agent may not send the code', async () => {
      const a = s.adminClient;
      const inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      const ch = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Other chat' })).body;
      const bad = await a.post(`/api/v1/channels/${ch.id}/send-snippet`, { email: 'not an address' });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.fields.email, JSON.stringify(bad.body));
      const agent = await new Factory(s).user();
      assert.equal((await agent.client.post(`/api/v1/channels/${ch.id}/send-snippet`, { email: 'dev@example.org' })).status, 403);
    });
  });
}
