/** Without an outgoing mail server a reply shows it is held; the admin follows the link, saves the server, sends a test email, and the reply leaves. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserMissing, launch, login, scenario, screenshot } from './support/browser.js';
import { ensureWebBuilt } from './support/fixtures.js';
import { startTestServer, type TestServer } from '../test/support/server.js';
import { mail, sendRaw, startCapture, waitFor } from '../test/email/support/mail.js';

const skip = browserMissing() ?? false;
const relayLogin = { user: 'relay-user', pass: 'relay-pass-4411' };
let server: TestServer;
let browser: Browser;
let capture: Awaited<ReturnType<typeof startCapture>>;

before(async () => {
  if (skip) return;
  ensureWebBuilt();
  capture = await startCapture({ login: relayLogin });
  // The capture server is on loopback, as a relay on the operator's own machine would be.
  server = await startTestServer({ env: { ALLOW_PRIVATE_MAIL_HOSTS: '1' } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await capture?.close();
});

test('a held reply says so; the admin sets the outgoing server, the test email arrives, the reply leaves', { skip }, async () => {
  const a = server.adminClient;
  const inbox = (await a.get('/api/v1/inboxes')).body.items[0];
  assert.ok(
    (await sendRaw(server.running.smtpPort!, inbox.fallbackAddress, mail({ to: inbox.fallbackAddress, subject: 'Where is my parcel' }))).ok,
  );
  const conv = await waitFor('the conversation', async () =>
    ((await a.get(`/api/v1/conversations?inboxId=${inbox.id}`)).body.items as any[]).find((c) => c.subject === 'Where is my parcel'),
  );
  const reply = await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'It left our warehouse today.' });
  assert.equal(reply.status, 201);

  await scenario(browser, server.url, 'outgoing-mail', async (open) => {
    const tr = await open();
    await login(tr, server.admin.email, server.admin.password);
    const page = tr.page;
    await page.goto(`/inbox/${inbox.id}/all/${conv.id}`);
    const held = page.locator('.delivery-held');
    await held.getByText('Held: no outgoing mail server').waitFor();
    assert.equal(await page.getByText('Sending…').count(), 0, 'a held reply does not pretend to be sending');
    await screenshot(page, 'outgoing-mail-held');

    await held.getByRole('link', { name: 'Set up outgoing email' }).click();
    await page.getByRole('heading', { name: 'Outgoing email server' }).waitFor();
    await page.getByText('Not set: replies are held.').waitFor();
    await page.getByLabel('Server', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('Security', { exact: true }).selectOption('none');
    await page.getByLabel('Port', { exact: true }).fill(String(capture.port));
    await page.getByLabel('User name', { exact: true }).fill(relayLogin.user);
    await page.getByLabel('Password', { exact: true }).fill(relayLogin.pass);
    await page.getByRole('button', { name: 'Save server' }).click();
    await page.getByText('Using the server saved here.').waitFor();
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '', 'the password is not shown again');
    await page.getByText('A password is saved. Leave this empty to keep it.').waitFor();

    await page.getByLabel('Send a test email to', { exact: true }).fill('me@example.org');
    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.locator('[data-test-result="ok"]', { hasText: 'Test email sent to me@example.org.' }).waitFor();
    const test = await waitFor('the test email', () => capture.messages.find((m) => m.envelope.to.includes('me@example.org')));
    assert.equal(test.parsed.subject, 'Switchboard test email');
    await screenshot(page, 'outgoing-mail-saved');

    // The held reply left once the server was saved, and the thread no longer says it is held.
    await waitFor('the reply at the outgoing server', () => capture.messages.find((m) => m.parsed.subject === 'Re: Where is my parcel'));
    await page.goto(`/inbox/${inbox.id}/all/${conv.id}`);
    await page.locator('.msg-text', { hasText: 'It left our warehouse today.' }).waitFor();
    await page.locator('.delivery-held').waitFor({ state: 'detached' });
  });
});
