/** Settings › Inboxes › Slack: the admin connects an inbox with a bot token and channel, saves, sends a test message (it arrives at a local Slack), and the dialog passes axe. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { seriousViolations } from './support/axe.js';
import { browserMissing, launch, login, scenario, screenshot } from './support/browser.js';
import { ensureWebBuilt } from './support/fixtures.js';
import { startFakeSlack } from '../test/support/fake-slack.js';
import { startTestServer, type TestServer } from '../test/support/server.js';
import { waitFor } from '../test/email/support/mail.js';

const skip = browserMissing() ?? false;
const TOKEN = 'xoxb-42-e2e-token';
let server: TestServer;
let browser: Browser;
let slack: Awaited<ReturnType<typeof startFakeSlack>>;

before(async () => {
  if (skip) return;
  ensureWebBuilt();
  slack = await startFakeSlack({ token: TOKEN, channels: ['C0SUPPORT1'] });
  server = await startTestServer({ env: { SLACK_API_URL: slack.apiUrl } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await slack?.close();
});

test('an admin connects an inbox to Slack, saves and sends a test message', { skip }, async () => {
  const inbox = (await server.adminClient.get('/api/v1/inboxes')).body.items[0];
  await scenario(browser, server.url, 'slack', async (open) => {
    const tr = await open();
    await login(tr, server.admin.email, server.admin.password);
    const page = tr.page;
    await page.goto('/settings/inboxes');
    await page.getByRole('button', { name: `Slack alerts: ${inbox.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Slack alerts for ${inbox.name}` });
    await dialog.getByText('Not connected to Slack.').waitFor();

    // A wrong token first: the test says why in words.
    await dialog.getByLabel('Bot token', { exact: true }).fill('xoxb-0-wrong');
    await dialog.getByLabel('Channel ID', { exact: true }).fill('C0SUPPORT1');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Saved; nothing sent yet. Send a test message to check it.').waitFor();
    await dialog.getByRole('button', { name: 'Send test message' }).click();
    await dialog.locator('[data-slack-test="failed"]', { hasText: 'the bot token is not valid' }).waitFor();
    await dialog.getByText('Not working: alerts are not reaching Slack.').waitFor();

    const tokenField = dialog.getByLabel('Bot token', { exact: true });
    await tokenField.fill(TOKEN);
    await dialog.getByRole('button', { name: 'Save' }).click();
    // The first save's "A token is saved." is already showing: the field emptied is what says this save is done.
    await waitFor('the token not shown again once saved', async () => (await tokenField.inputValue()) === '' || null);
    await dialog.getByText('A token is saved. Leave this empty to keep it.').waitFor();
    await dialog.getByRole('button', { name: 'Send test message' }).click();
    await dialog.locator('[data-slack-test="ok"]', { hasText: 'The test message was posted to Slack.' }).waitFor();
    await dialog.getByText('Connected: alerts are reaching Slack.').waitFor();
    const posted = await waitFor('the test message in Slack', () => slack.messages.find((m) => m.channel === 'C0SUPPORT1'));
    assert.match(posted.text, /Switchboard is connected/);
    await screenshot(page, 'slack-connected');

    await dialog.getByLabel('An incoming-webhook URL').check();
    await dialog.getByText('An incoming webhook cannot change a message it posted', { exact: false }).waitFor();
    await dialog.getByLabel('A bot token and a channel').check();
    assert.deepEqual(await seriousViolations(page, '.modal'), []);
  });
});
