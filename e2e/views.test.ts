/** Finding conversations: infinite scroll, filters and search in the URL, the back button, past conversations, panels. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { login, scenario, waitForText } from './support/browser.js';
import { browser, skip, world } from './support/suite.js';

test(
  'scrolling loads more; filters and search live in the URL; back works; past conversations link; panels collapse',
  { skip },
  async () => {
    const inbox = world.defaultInbox.id;
    for (let i = 0; i < 36; i++)
      await world.incoming(inbox, { email: `bulk${i}@example.org`, name: `Bulk Person ${i}` }, `Routine message ${i}`, `Routine ${i}`);
    const first = await world.incoming(inbox, { email: 'pat@example.org', name: 'Pat Repeat' }, 'My first visit', 'Pat first');
    await world.incoming(inbox, { email: 'pat@example.org', name: 'Pat Repeat' }, 'Back again', 'Pat second');
    assert.equal((await world.server.adminClient.patch(`/api/v1/conversations/${first.id}`, { status: 'closed' })).status, 200);

    await scenario(browser, world.url, 'views-filters', async (open) => {
      const t = await open();
      await login(t, world.admin.email, world.admin.password);
      const page = t.page;
      const rows = page.locator('.conv-list .conv-row');
      await rows.first().waitFor();
      assert.equal(await rows.count(), 30, 'one page first');
      await page.locator('.list-more').scrollIntoViewIfNeeded();
      // Inbox views list open conversations, like their counts: 36 + Pat's second; Pat's first is closed.
      await page.waitForFunction(() => document.querySelectorAll('.conv-list .conv-row').length === 37);
      assert.equal(await page.locator('[data-view="all"] .count').getAttribute('data-count'), '37');

      // Status filter → URL; back removes it.
      await page.getByRole('combobox', { name: 'Status' }).selectOption('closed');
      await page.waitForURL(/status=closed/);
      await page.waitForFunction(() => document.querySelectorAll('.conv-list .conv-row').length === 1);
      await waitForText(page, '.conv-row', 'Pat first');
      await page.getByRole('combobox', { name: 'Status' }).selectOption('any');
      await page.waitForURL(/status=any/);
      await page.locator('.list-more').scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelectorAll('.conv-list .conv-row').length === 38);
      await page.goBack();
      await page.waitForURL(/status=closed/);
      await page.goBack();
      await page.waitForFunction(() => !location.search.includes('status'));
      await page.waitForFunction(() => document.querySelectorAll('.conv-list .conv-row').length >= 30);

      // Search.
      await page.keyboard.press('/');
      await page.keyboard.type('again');
      await page.keyboard.press('Enter');
      await page.waitForURL(/q=again/);
      await waitForText(page, '.search-note', 'again');
      await page.waitForFunction(() => document.querySelectorAll('.conv-list .conv-row').length === 1);

      // The other conversation with this contact is linked from the right panel.
      await page.locator('.conv-row', { hasText: 'Pat second' }).click();
      await page
        .getByRole('complementary', { name: 'Contact' })
        .getByRole('link', { name: /Pat first/ })
        .click();
      await waitForText(page, '.conv-head h2', 'Pat first');
      await waitForText(page, '.thread', 'My first visit');

      // Panels collapse and expand.
      await page.getByRole('button', { name: 'Collapse the views panel' }).click();
      await page.getByRole('button', { name: 'Collapse the contact panel' }).click();
      assert.equal(await page.getByRole('link', { name: /Assigned to me/ }).count(), 0);
      await page.getByRole('button', { name: 'Expand the contact panel' }).waitFor();
      await page.getByRole('button', { name: 'Expand the views panel' }).click();
      await page.getByRole('link', { name: /Assigned to me/ }).waitFor();
    });
  },
);
