/**
 * Settings › Webhooks in Chromium: an admin adds an endpoint pointing at a local receiver, sees its
 * secret once (it verifies what the receiver got), sends a test and sees it delivered, reads the
 * delivery log (with "Load more" and "Send again"), turns the endpoint off and tests it while off
 * (it stays off, and the screen says so). axe finds nothing serious; the screen fits a 390 px phone.
 * Screenshots: test-output/webhooks-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { seriousViolations } from './support/axe.js';
import { browserMissing, launch, login, scenario, screenshot } from './support/browser.js';
import { ensureWebBuilt } from './support/fixtures.js';
import { startTestServer, type TestServer } from '../test/support/server.js';
import { waitFor } from '../test/email/support/mail.js';
import { startReceiver } from '../test/support/webhook-receiver.js';

const skip = browserMissing() ?? false;
const PHONE = { width: 390, height: 844 };
let server: TestServer;
let browser: Browser;
let rx: Awaited<ReturnType<typeof startReceiver>>;

before(async () => {
  if (skip) return;
  ensureWebBuilt();
  rx = await startReceiver();
  // The receiver listens on loopback, as an operator's own system on its network would.
  server = await startTestServer({ env: { ALLOW_PRIVATE_WEBHOOKS: '1' } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await rx?.close();
});

const noSerious = async (page: Page, screen: string) => assert.deepEqual(await seriousViolations(page), [], screen);

test('an admin adds an endpoint, sees its secret once, tests it, reads the log and turns it off', { skip }, async () => {
  await scenario(browser, server.url, 'webhooks-settings', async (open) => {
    const t = await open();
    const page = t.page;
    await login(t, server.admin.email, server.admin.password);
    await page.goto('/settings/webhooks');
    await page.getByRole('heading', { name: 'Outgoing webhooks' }).waitFor();
    await page.getByRole('heading', { name: 'No endpoints yet' }).waitFor();
    await noSerious(page, 'empty webhooks');

    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add endpoint' });
    await dialog.getByLabel('Name').fill('Order system');
    await dialog.getByLabel('URL').fill(rx.url('/orders'));
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await dialog.getByText('Choose at least one event.').waitFor();
    await dialog.getByRole('group', { name: 'Conversations' }).getByLabel('Conversation created').check();
    await dialog.getByLabel('Message added').check();
    await noSerious(page, 'add endpoint dialog');
    await screenshot(page, 'webhooks-add');
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();

    const shown = page.getByRole('dialog', { name: 'Signing secret of Order system' });
    await shown.getByText('Copy this secret now: it will not be shown again.').waitFor();
    const secret = await shown.getByLabel('Signing secret').inputValue();
    assert.match(secret, /^whsec_/);
    await shown.getByRole('button', { name: 'Copy' }).waitFor();
    await screenshot(page, 'webhooks-secret');
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });

    const row = page.locator('tr[data-webhook="Order system"]');
    await row.getByText('Conversation created, Message added').waitFor();
    await row.getByText('All inboxes').waitFor();
    await row.getByText('None yet').waitFor();
    assert.ok(!(await page.content()).includes(secret), 'the secret is not shown again');

    await row.getByRole('button', { name: 'Send test (Order system)' }).click();
    await page
      .getByRole('status')
      .getByText(/^Test delivered to Order system: HTTP 200 in \d+ ms\.$/)
      .waitFor();
    const ping = await waitFor('the test at the receiver', () => rx.got.find((r) => r.path === '/orders'));
    assert.equal(ping.json.type, 'webhook.ping');
    new Webhook(secret).verify(ping.body, {
      'webhook-id': ping.headers['webhook-id']!,
      'webhook-timestamp': ping.headers['webhook-timestamp']!,
      'webhook-signature': ping.headers['webhook-signature']!,
    });
    await row.getByText('Delivered').waitFor();

    // More tests than one page of the log holds.
    const hook = (await server.adminClient.get('/api/v1/webhooks')).body.items[0];
    for (let i = 0; i < 20; i++) assert.equal((await server.adminClient.post(`/api/v1/webhooks/${hook.id}/test`)).status, 201);
    await waitFor('every test delivered', () => rx.got.filter((r) => r.path === '/orders').length >= 21);

    await row.getByRole('button', { name: 'Delivery log (Order system)' }).click();
    const log = page.getByRole('region', { name: 'Deliveries to Order system' });
    await log.locator('tr[data-status="delivered"]').first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('tr[data-status="pending"]').length === 0);
    assert.equal(await log.locator('tbody tr').count(), 20);
    const first = log.locator('tbody tr').first();
    for (const text of ['Test', 'Delivered', '200', 'thanks']) await first.getByText(text, { exact: true }).waitFor();
    await log.getByRole('button', { name: 'Load more' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.webhook-log tbody tr').length === 21);
    await log.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });
    await noSerious(page, 'delivery log');
    await screenshot(page, 'webhooks-log');

    const sentBefore = rx.got.filter((r) => r.path === '/orders').length;
    const firstId = await first.getAttribute('data-delivery');
    await first.getByRole('button', { name: /^Send again/ }).click();
    await page.getByText('Sent again').first().waitFor();
    await log.locator(`tr[data-delivery="${firstId}"][data-status="delivered"]`).getByRole('cell', { name: '2', exact: true }).waitFor();
    assert.equal(rx.got.filter((r) => r.path === '/orders').length, sentBefore + 1);

    await row.getByRole('button', { name: 'More (Order system)' }).click();
    await page.getByRole('menuitem', { name: 'Turn off' }).click();
    await row.getByText('turned off by an admin').waitFor();
    assert.equal(await row.getAttribute('data-state'), 'disabled');

    // A test while off: sent, and the endpoint stays off.
    await row.getByRole('button', { name: 'Send test (Order system)' }).click();
    const result = page.locator('[data-test-result="delivered"]');
    await result.getByText('The endpoint stays off: turn it on once the test succeeds.').waitFor();
    await row.getByText('turned off by an admin').waitFor();
    assert.equal((await server.adminClient.get('/api/v1/webhooks')).body.items[0].status, 'disabled');
    await noSerious(page, 'webhooks with one endpoint off');
    await screenshot(page, 'webhooks-desktop');

    // On a phone: the table stacks into cards and nothing is wider than the screen.
    await page.setViewportSize(PHONE);
    await page.goto('/settings/webhooks');
    await row.getByText('turned off by an admin').waitFor();
    await screenshot(page, 'webhooks-phone');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= PHONE.width, `the page is ${wide}px wide on a ${PHONE.width}px screen`);
    const box = await row.getByRole('button', { name: 'Send test (Order system)' }).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, 'the row’s buttons are on the screen');
    await row.getByRole('button', { name: 'Delivery log (Order system)' }).click();
    await page.getByRole('heading', { name: 'Deliveries to Order system' }).waitFor();
    await page.locator('.webhook-log tbody tr').first().waitFor();
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width, 'the log fits too');
    await screenshot(page, 'webhooks-phone-log');
  });
});

test('an admin edits an endpoint, rotates its secret (the old one signs 24 hours more) and deletes it', { skip }, async () => {
  const created = await server.adminClient.post('/api/v1/webhooks', { name: 'CRM', url: rx.url('/crm'), eventTypes: ['contact.created'] });
  assert.equal(created.status, 201);
  const inbox = (await server.adminClient.get('/api/v1/inboxes')).body.items[0];
  await scenario(browser, server.url, 'webhooks-manage', async (open) => {
    const t = await open();
    const page = t.page;
    await login(t, server.admin.email, server.admin.password);
    await page.goto('/settings/webhooks');
    const row = page.locator('tr[data-webhook="CRM"]');
    const more = async (item: string) => {
      await row.getByRole('button', { name: 'More (CRM)' }).click();
      await page.getByRole('menuitem', { name: item }).click();
    };

    await more('Edit');
    const edit = page.getByRole('dialog', { name: 'Edit endpoint' });
    assert.equal(await edit.getByLabel('Name').inputValue(), 'CRM');
    assert.ok(await edit.getByLabel('Contact created').isChecked());
    await edit.getByLabel('Ticket created').check();
    await edit.getByLabel('Inbox').selectOption(inbox.id);
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await row.getByText('Contact created, Ticket created').waitFor();
    await row.getByRole('cell', { name: inbox.name, exact: true }).waitFor();

    await more('Rotate secret');
    const ask = page.getByRole('dialog', { name: 'Rotate the secret of CRM?' });
    await ask.getByText(/keeps signing deliveries for 24 hours/).waitFor();
    await ask.getByRole('button', { name: 'Rotate secret' }).click();
    const shown = page.getByRole('dialog', { name: 'Signing secret of CRM' });
    await shown.getByText('it will not be shown again').waitFor();
    await shown.getByText(/^The old secret keeps signing too, until /).waitFor();
    const secret = await shown.getByLabel('Signing secret').inputValue();
    assert.match(secret, /^whsec_/);
    assert.notEqual(secret, created.body.secret);
    await shown.getByRole('button', { name: 'Done' }).click();

    await more('Delete');
    const del = page.getByRole('dialog', { name: 'Delete CRM?' });
    await del.getByText('Its delivery log is deleted too.', { exact: false }).waitFor();
    await del.getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByText('Endpoint CRM deleted').waitFor();
    const left = (await server.adminClient.get('/api/v1/webhooks')).body.items.map((w: { name: string }) => w.name);
    assert.ok(!left.includes('CRM'));
  });
});
