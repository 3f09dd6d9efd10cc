/** `/api/docs`: Swagger UI on the live document; a logged-in user tries GET /api/v1/me and sees their own answer. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { login, scenario, screenshot } from './support/browser.js';
import { browser, skip, world } from './support/suite.js';

test('a logged-in user tries GET /api/v1/me on the API docs and sees their own email', { skip }, async () => {
  const dana = await world.createUser('Dana Docs');
  await scenario(browser, world.url, 'api-docs', async (open) => {
    const t = await open();
    await login(t, dana.email, dana.password);
    const page = t.page;
    // Swagger UI lays out the whole document on the page's one thread: on a busy machine that alone takes
    // seconds, and nothing on the page can be queried meanwhile.
    page.setDefaultTimeout(30_000);
    await page.goto('/api/docs');
    await page.getByRole('heading', { name: 'Switchboard API', level: 1 }).waitFor();
    const me = page.locator('#operations-auth-getMe');
    await me.locator('.opblock-summary').first().click();
    // "Try it out" is on from the start: Execute is there without a further click.
    await me.getByRole('button', { name: 'Execute' }).click();
    const answer = me.locator('.live-responses-table .response-col_description pre').first();
    await answer.waitFor();
    await assert.doesNotReject(answer.getByText(dana.email).first().waitFor());
    assert.match((await me.locator('.live-responses-table tbody .response-col_status').first().textContent()) ?? '', /200/);
    await me.scrollIntoViewIfNeeded();
    await screenshot(page, 'api-docs-try-me');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'api-docs-phone');
  });
});
