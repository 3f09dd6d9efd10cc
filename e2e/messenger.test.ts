/** Settings › Inboxes › Facebook Messenger: an admin connects a Page, sees the webhook URL and "Connected", and the form passes axe. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { seriousViolations } from './support/axe.js';
import { browserMissing, launch, login, scenario, screenshot } from './support/browser.js';
import { ensureWebBuilt } from './support/fixtures.js';
import { startFakeGraph } from '../test/support/fake-graph.js';
import { startTestServer, type TestServer } from '../test/support/server.js';

const skip = browserMissing() ?? false;
let server: TestServer;
let browser: Browser;
let graph: Awaited<ReturnType<typeof startFakeGraph>>;

before(async () => {
  if (skip) return;
  ensureWebBuilt();
  graph = await startFakeGraph({ token: 'EAAG-e2e-token' });
  server = await startTestServer({ env: { MESSENGER_GRAPH_URL: graph.url } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await graph?.close();
});

test('an admin connects a Facebook Page and is shown the webhook URL and the state', { skip }, async () => {
  await scenario(browser, server.url, 'messenger', async (open) => {
    const tr = await open();
    await login(tr, server.admin.email, server.admin.password);
    const page = tr.page;
    await page.goto('/settings/inboxes');
    await page.getByRole('button', { name: 'Connect Messenger' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect a Facebook Page' });
    await dialog.getByLabel('Page ID', { exact: true }).fill('1000000001');
    await dialog.getByLabel('Page access token', { exact: true }).fill('EAAG-e2e-token');
    await dialog.getByLabel('App secret', { exact: true }).fill('e2e-app-secret');
    await dialog.getByLabel('Verify token', { exact: true }).fill('e2e-verify');
    await screenshot(page, 'messenger-connect-form');
    assert.deepEqual(await seriousViolations(page, '.modal'), []);
    await dialog.getByRole('button', { name: 'Connect Messenger' }).click();
    const row = page.locator('[data-messenger-channel]');
    await row.locator('[data-messenger-state="connected"]', { hasText: 'Connected' }).waitFor();
    assert.match((await row.locator('code').textContent()) ?? '', /\/api\/v1\/channels\/[^/]+\/messenger\/webhook$/);
    assert.ok(!(await page.content()).includes('e2e-app-secret'), 'the secret is not shown');
    await screenshot(page, 'messenger-connected');
  });
});
