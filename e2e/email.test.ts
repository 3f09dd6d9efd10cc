/** Email end to end in Chromium: mail to the fallback address appears live; the agent replies; the reply reaches the capture server with threading headers; the customer's answer threads back. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserMissing, launch, login, scenario, waitForText } from './support/browser.js';
import { ensureWebBuilt } from './support/fixtures.js';
import { startTestServer, type TestServer } from '../test/support/server.js';
import { mail, sendRaw, startCapture, waitFor } from '../test/email/support/mail.js';

const skip = browserMissing() ?? false;
let server: TestServer;
let browser: Browser;
let capture: Awaited<ReturnType<typeof startCapture>>;

before(async () => {
  if (skip) return;
  ensureWebBuilt();
  capture = await startCapture();
  server = await startTestServer({ env: { SMTP_RELAY_URL: capture.url } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await capture?.close();
});

test('mail to the fallback address appears live; the reply leaves with threading headers; the answer threads back', { skip }, async () => {
  const inbox = (await server.adminClient.get('/api/v1/inboxes')).body.items[0];
  const port = server.running.smtpPort!;
  await scenario(browser, server.url, 'email-round-trip', async (open) => {
    const t = await open();
    await login(t, server.admin.email, server.admin.password);
    const page = t.page;
    await page.locator('[data-view="all"]').waitFor();

    // A customer writes to the inbox's fallback address: the conversation appears without a reload.
    const first = mail({ to: inbox.fallbackAddress, from: 'nora@example.org', fromName: 'Nora Mail', subject: 'Wrong size shoes', text: 'I ordered 38 and got 40.', messageId: '<shoes-1@example.org>' });
    assert.ok((await sendRaw(port, inbox.fallbackAddress, first)).ok);
    const row = page.locator('.conv-row', { hasText: 'Nora Mail' });
    await row.waitFor();
    await row.click();
    await waitForText(page, '.conv-head h2', 'Wrong size shoes');
    await waitForText(page, '.thread .msg-in', 'I ordered 38 and got 40.');

    // The agent replies.
    await page.getByLabel('Reply to the customer').pressSequentially('Sorry Nora, a pair in 38 is on its way.', { delay: 2 });
    await page.getByRole('button', { name: 'Send reply' }).click();
    await waitForText(page, '.thread .msg-out', 'a pair in 38 is on its way');

    // It reaches the (capture) relay with the threading headers.
    const out = await waitFor('the reply at the capture server', () => capture.messages.find((m) => m.parsed.subject === 'Re: Wrong size shoes'));
    assert.deepEqual(out.envelope.to, ['nora@example.org']);
    assert.equal(out.parsed.inReplyTo, '<shoes-1@example.org>');
    assert.match(String(out.parsed.references), /<shoes-1@example\.org>/);
    assert.match(out.parsed.messageId!, /^<sb\.[0-9a-f-]{36}\.[0-9a-f-]{36}@switchboard\.localhost>$/);
    assert.match(out.parsed.text!, /a pair in 38 is on its way/);

    // The customer answers (quoting our Message-ID): it threads into the same conversation, live.
    const answer = mail({ to: inbox.fallbackAddress, from: 'nora@example.org', fromName: 'Nora Mail', subject: 'Re: Wrong size shoes', text: 'Thank you, they fit!', inReplyTo: out.parsed.messageId!, references: `<shoes-1@example.org> ${out.parsed.messageId}` });
    assert.ok((await sendRaw(port, inbox.fallbackAddress, answer)).ok);
    await waitForText(page, '.thread .msg-in', 'Thank you, they fit!');
    assert.equal(await page.locator('.conv-row', { hasText: 'Nora Mail' }).count(), 1, 'still one conversation');
    assert.equal(await page.locator('.thread .msg-in').count(), 2);

    // The settings page shows the email channel: its address and how replies leave.
    await page.goto('/settings/inboxes');
    await waitForText(page, '.email-settings td', inbox.fallbackAddress);
    await waitForText(page, '.email-settings td', 'Through the outgoing relay');
  });
});
