/**
 * An admin connects a team mailbox through Settings against a real Dovecot: the form opens from its address
 * (`/settings/inboxes#imap`), "Test connection" shows each side's result, Save, the row shows it connected, and mail
 * delivered to the mailbox appears in the inbox. The form passes axe and fits a phone; editing keeps the saved password.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './support/axe.js';
import { browserMissing, launch, login, scenario, screenshot, waitForText } from './support/browser.js';
import { ensureWebBuilt } from './support/fixtures.js';
import { fillServers, imapSide, mailboxDialog, smtpSide } from './support/mailbox.js';
import { startTestServer, type TestServer } from '../test/support/server.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../test/email/support/dovecot.js';
import { mail, startCapture, waitFor } from '../test/email/support/mail.js';

const skip = browserMissing() ?? dovecotMissing() ?? false;
let server: TestServer;
let browser: Browser;
let dove: Dovecot;
let capture: Awaited<ReturnType<typeof startCapture>>;

before(async () => {
  if (skip) return;
  ensureWebBuilt();
  dove = await startDovecot({ team: 'team-pass' });
  capture = await startCapture();
  server = await startTestServer({ env: { ALLOW_PRIVATE_MAIL_HOSTS: '1', IMAP_POLL_SECONDS: '2' } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await capture?.close();
  await dove?.stop();
});

const dialog = mailboxDialog;

async function noAxeProblems(page: Page, where: string) {
  assert.deepEqual(await seriousViolations(page, '[role="dialog"]'), [], `axe: ${where}`);
}

test('connecting a mailbox in Settings: test, save, connected, its mail in the inbox', { skip, timeout: 240_000 }, async () => {
  await scenario(browser, server.url, 'mailbox-connect', async (open) => {
    const t = await open();
    await login(t, server.admin.email, server.admin.password);
    const page = t.page;
    await page.goto('/settings/inboxes#imap');
    await dialog(page).getByRole('heading', { name: 'Connect a mailbox (IMAP)' }).waitFor();

    // A preset fills the servers and says how to sign in; Other keeps what is typed.
    await dialog(page).getByLabel('Provider').selectOption({ label: 'Gmail / Google Workspace' });
    assert.equal(await imapSide(page).getByLabel('Server').inputValue(), 'imap.gmail.com');
    assert.equal(await smtpSide(page).getByLabel('Port').inputValue(), '465');
    await waitForText(page, '[data-provider-hint]', 'app password');
    await dialog(page).getByLabel('Provider').selectOption({ label: 'Other' });

    await dialog(page).getByLabel('Email address').fill('team@example.com');
    assert.equal(await imapSide(page).getByLabel('User name').inputValue(), 'team@example.com', 'the address is the user name at first');
    await fillServers(page, { imapPort: dove.port, smtpPort: capture.port, user: 'team', password: 'team-pass' });
    assert.equal(await imapSide(page).getByLabel('Folder').inputValue(), 'INBOX');

    await dialog(page).getByRole('button', { name: 'Test connection' }).click();
    await waitForText(page, '[data-probe="imap"][data-ok="true"]', 'IMAP: signed in, folder found', 20_000);
    await waitForText(page, '[data-probe="smtp"][data-ok="true"]', 'SMTP: ready to send');
    await noAxeProblems(page, 'connect form with test results');
    await screenshot(page, 'mailbox-connect-tested');

    await dialog(page).getByRole('button', { name: 'Save' }).click();
    await waitForText(page, '.toast', 'Mailbox connected');
    const channel = (
      await server.adminClient.get(`/api/v1/inboxes/${(await server.adminClient.get('/api/v1/inboxes')).body.items[0].id}/channels`)
    ).body.items.find((c: any) => c.address === 'team@example.com');
    assert.ok(channel, 'the channel was saved');
    // The poller connects on its own schedule (and backs off after a refused connection, 1 s doubling): the server is
    // asked first, with its state and last error in the message if it never connects; the row then shows it.
    const imapOf = async () => (await server.adminClient.get(`/api/v1/channels/${channel.id}`)).body.email?.imap;
    await waitFor(
      'the mailbox to connect',
      async () => ['idle', 'connected'].includes((await imapOf())?.state),
      90_000,
      async () => `mailbox state ${JSON.stringify(await imapOf())}`,
    );
    const row = page.locator(`tr[data-channel="${channel.id}"]`);
    await row.locator('[data-imap-state="idle"], [data-imap-state="connected"]').waitFor({ timeout: 30_000 });
    assert.match((await row.locator('[data-imap-state]').textContent()) ?? '', /^Connected/);
    assert.equal(await page.evaluate(() => location.hash), '', 'the address no longer opens the form');
    await screenshot(page, 'mailbox-connected');

    // Mail delivered to the mailbox shows up in the inbox.
    const box = await dove.connect('team');
    await box.append(
      'INBOX',
      mail({ to: 'team@example.com', from: 'rosa@example.org', fromName: 'Rosa', subject: 'Order 5521 arrived broken' }),
    );
    await box.logout();
    const inbox = (await server.adminClient.get('/api/v1/inboxes')).body.items[0].id;
    await waitFor(
      'the mail to become a conversation',
      async () =>
        (await server.adminClient.get(`/api/v1/conversations?inboxId=${inbox}`)).body.items?.some((c: any) =>
          /Order 5521/.test(c.subject ?? ''),
        ),
      90_000,
      async () => `mailbox state ${JSON.stringify(await imapOf())}`,
    );
    await page.goto('/');
    await page.locator('.conv-row', { hasText: 'Order 5521 arrived broken' }).waitFor({ timeout: 30_000 });
  });
});

test(
  'on a phone: the mailbox form fits, passes axe, and a wrong password shows as a login refusal',
  { skip, timeout: 120_000 },
  async () => {
    const inboxId = (await server.adminClient.get('/api/v1/inboxes')).body.items[0].id;
    const channel = await waitFor('the mailbox from the first test', async () =>
      (await server.adminClient.get(`/api/v1/inboxes/${inboxId}/channels`)).body.items.find((c: any) => c.address === 'team@example.com'),
    );
    await scenario(browser, server.url, 'mailbox-phone', async (open) => {
      const t = await open();
      await login(t, server.admin.email, server.admin.password);
      await t.page.setViewportSize({ width: 390, height: 844 });
      const page = t.page;
      // The link other screens give (the inbox named): the form opens, for that inbox.
      await page.goto(`/settings/inboxes#imap-${inboxId}`);
      await dialog(page).getByRole('heading', { name: 'Connect a mailbox (IMAP)' }).waitFor();
      await dialog(page).getByRole('button', { name: 'Cancel' }).click();
      await dialog(page).waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Mailbox settings of team@example.com' }).click();
      await dialog(page).getByRole('heading', { name: 'Mailbox settings: team@example.com' }).waitFor();
      assert.equal(await imapSide(page).getByLabel('Password').inputValue(), '', 'the password is never shown');
      await waitForText(page, '[role="dialog"] .field small', 'Leave empty to keep the saved password.');
      const box = await dialog(page).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390.5, `the form lies within the screen (${JSON.stringify(box)})`);
      const wide = await page.evaluate(() =>
        Math.max(...[...document.querySelectorAll('[role="dialog"] *')].map((e) => e.getBoundingClientRect().right)),
      );
      assert.ok(wide <= 390.5, `nothing in the form reaches past the screen (${wide}px)`);
      await noAxeProblems(page, 'mailbox settings on a phone');

      // The saved password tests fine; a wrong one typed is a login refusal, and nothing is saved by testing.
      await dialog(page).getByRole('button', { name: 'Test connection' }).click();
      await waitForText(page, '[data-probe="imap"][data-ok="true"]', 'IMAP: signed in, folder found', 20_000);
      await imapSide(page).getByLabel('Password').fill('wrong');
      await dialog(page).getByRole('button', { name: 'Test connection' }).click();
      await waitForText(page, '[data-probe="imap"][data-ok="false"]', 'IMAP: Login refused', 20_000);
      await screenshot(page, 'mailbox-phone-login-refused');
      await dialog(page).getByRole('button', { name: 'Cancel' }).click();
      const probe = (await server.adminClient.post(`/api/v1/channels/${channel.id}/test-connection`)).body;
      assert.equal(probe.imap.ok, true, 'the stored password is unchanged');
    });
  },
);
