/**
 * A team's first day, walked in the browser on a fresh install: the getting-started panel and its address, a
 * test mail to that address arriving live, a reply held for want of an outgoing server, the admin setting one
 * (a real SMTP server here) and the reply arriving there, a team mailbox connected in Settings against Dovecot,
 * and a sender blocked from the conversation (to Filtered) and unblocked from Filtered (back in the inbox).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserMissing, launch, login, scenario, screenshot, waitForText } from './support/browser.js';
import { ensureWebBuilt } from './support/fixtures.js';
import { fillServers, mailboxDialog } from './support/mailbox.js';
import { startTestServer, type TestServer } from '../test/support/server.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../test/email/support/dovecot.js';
import { mail, sendRaw, startCapture, waitFor } from '../test/email/support/mail.js';

const skip = browserMissing() ?? dovecotMissing() ?? false;
const relay = { user: 'relay-user', pass: 'relay-pass-9921' };
let server: TestServer;
let browser: Browser;
let dove: Dovecot;
let capture: Awaited<ReturnType<typeof startCapture>>;

before(async () => {
  if (skip) return;
  ensureWebBuilt();
  dove = await startDovecot({ team: 'team-pass' });
  capture = await startCapture({ login: relay });
  // The relay and the mailbox live on loopback here, as on an operator's own machine.
  server = await startTestServer({ env: { ALLOW_PRIVATE_MAIL_HOSTS: '1', IMAP_POLL_SECONDS: '2' } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await capture?.close();
  await dove?.stop();
});

const row = (page: Page, subject: string) => page.locator('.conv-list .conv-row', { hasText: subject });

test('the first day: panel, test mail, outgoing server, IMAP mailbox, block and unblock', { skip, timeout: 240_000 }, async () => {
  const inbox = (await server.adminClient.get('/api/v1/inboxes')).body.items[0];
  await scenario(browser, server.url, 'first-day', async (open) => {
    const t = await open();
    await login(t, server.admin.email, server.admin.password);
    const page = t.page;

    // 1. The empty inbox shows where to send mail.
    const panel = page.getByRole('region', { name: `Get started with ${inbox.name}` });
    await panel.waitFor();
    const address = (await panel.getByLabel('Forwarding address').textContent()) ?? '';
    assert.equal(address, inbox.fallbackAddress);
    await screenshot(page, 'first-day-1-panel');

    // 2. A test mail to that address arrives while the page is open.
    const sent = await sendRaw(
      server.running.smtpPort!,
      address,
      mail({ to: address, from: 'nora@example.org', fromName: 'Nora', subject: 'Is this thing on?' }),
    );
    assert.ok(sent.ok);
    await row(page, 'Is this thing on?').click();
    await panel.waitFor({ state: 'detached' });

    // 3. Without an outgoing server the reply says it is held, never "Sending…".
    await page.getByLabel('Reply to the customer').pressSequentially('Loud and clear, Nora.', { delay: 2 });
    await page.getByRole('button', { name: 'Send reply' }).click();
    const held = page.locator('.delivery-held');
    await held.getByText('Held: no outgoing mail server').waitFor();
    assert.equal(await page.getByText('Sending…').count(), 0);
    await screenshot(page, 'first-day-2-held');

    // 4. The admin sets the outgoing server; the test email and the held reply arrive there.
    await held.getByRole('link', { name: 'Set up outgoing email' }).click();
    await page.getByRole('heading', { name: 'Outgoing email server' }).waitFor();
    await page.getByLabel('Server', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('Security', { exact: true }).selectOption('none');
    await page.getByLabel('Port', { exact: true }).fill(String(capture.port));
    await page.getByLabel('User name', { exact: true }).fill(relay.user);
    await page.getByLabel('Password', { exact: true }).fill(relay.pass);
    await page.getByRole('button', { name: 'Save server' }).click();
    await page.getByText('Using the server saved here.').waitFor();
    await page.getByLabel('Send a test email to', { exact: true }).fill('admin@example.org');
    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.locator('[data-test-result="ok"]').waitFor();
    await waitFor('the test email', () => capture.messages.find((m) => m.envelope.to.includes('admin@example.org')));
    const reply = await waitFor('the reply at the outgoing server', () =>
      capture.messages.find((m) => m.parsed.subject === 'Re: Is this thing on?'),
    );
    assert.deepEqual(reply.envelope.to, ['nora@example.org']);
    assert.match(reply.parsed.text ?? '', /Loud and clear, Nora\./);
    await screenshot(page, 'first-day-3-outgoing');

    // 5. Settings has its place in the navigation; the team mailbox is connected there against Dovecot.
    await page.goto(`/inbox/${inbox.id}/all`);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Connect a mailbox (IMAP)' }).click();
    const form = mailboxDialog(page);
    await form.getByLabel('Email address').fill('team@example.com');
    await fillServers(page, { imapPort: dove.port, smtpPort: capture.port, user: 'team', password: 'team-pass' });
    await form.getByRole('button', { name: 'Test connection' }).click();
    await waitForText(page, '[data-probe="imap"][data-ok="true"]', 'IMAP: signed in, folder found', 20_000);
    await form.getByRole('button', { name: 'Save' }).click();
    await waitForText(page, '.toast', 'Mailbox connected');
    await page.locator('[data-imap-state="idle"], [data-imap-state="connected"]').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'first-day-4-mailbox');
    const box = await dove.connect('team');
    await box.append('INBOX', mail({ to: 'team@example.com', from: 'gina@spammy.example', fromName: 'Gina', subject: 'Cheap watches' }));
    await box.logout();

    // 6. The mailbox's mail arrives; blocking its sender moves the conversation to Filtered.
    await page.goto(`/inbox/${inbox.id}/all`);
    await row(page, 'Cheap watches').click({ timeout: 30_000 });
    await page.getByRole('button', { name: /^More/ }).click();
    await page.getByRole('menuitem', { name: 'Block sender' }).click();
    await waitForText(page, '.toast', 'Sender blocked');
    await waitForText(page, '.conv-head', 'Filtered');
    await row(page, 'Cheap watches').waitFor({ state: 'detached' });
    await page.getByRole('link', { name: /^Filtered/ }).click();
    await row(page, 'Cheap watches').click();
    await screenshot(page, 'first-day-5-filtered');

    // 7. Unblocking from Filtered brings it back to the inbox in one action.
    await page.locator('.conv-actions').getByRole('button', { name: 'Unblock sender' }).click();
    await waitForText(page, '.toast', 'Sender unblocked');
    await row(page, 'Cheap watches').waitFor({ state: 'detached' });
    await page.getByRole('link', { name: /^All/ }).first().click();
    await row(page, 'Cheap watches').waitFor();
    await screenshot(page, 'first-day-6-back');
  });
});
