/** Live arrival from the API channel, Trash (restore, delete forever), and blocking a sender. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { login, scenario, waitForText } from './support/browser.js';
import { browser, skip, world } from './support/suite.js';

const count = (page: Page, view: string) => page.locator(`[data-view="${view}"] .count`).getAttribute('data-count');
const waitCount = (page: Page, view: string, n: number) => page.locator(`[data-view="${view}"] .count[data-count="${n}"]`).waitFor();

test('a conversation created through the API channel appears live in All and Unassigned', { skip }, async () => {
  const agent = await world.createUser('Dana Live');
  await scenario(browser, world.url, 'live-arrival', async (open) => {
    const all = await open();
    await login(all, agent.email, agent.password);
    const unassignedPage = await all.context.newPage();
    await unassignedPage.goto(`/inbox/${world.defaultInbox.id}/unassigned`);
    await unassignedPage.getByRole('heading', { name: 'Unassigned' }).waitFor();
    const before = Number(await count(all.page, 'all'));
    const beforeUnassigned = Number(await count(all.page, 'unassigned'));

    await world.incoming(world.defaultInbox.id, { email: 'erin@example.org', name: 'Erin Arrives' }, 'Is anyone there?', 'Live arrival');

    await waitForText(all.page, '.conv-row', 'Erin Arrives');
    await waitForText(unassignedPage, '.conv-row', 'Erin Arrives');
    await waitCount(all.page, 'all', before + 1);
    await waitCount(all.page, 'unassigned', beforeUnassigned + 1);
    assert.equal(await all.page.locator('.conv-row.unread', { hasText: 'Erin Arrives' }).count(), 1, 'the new row is marked unread');
    await unassignedPage.close();
  });
});

test('trash, restore, and delete forever with confirmation', { skip }, async () => {
  const conv = await world.incoming(
    world.defaultInbox.id,
    { email: 'frank@example.org', name: 'Frank Trash' },
    'Please ignore.',
    'Trash me',
  );
  await scenario(browser, world.url, 'trash-restore-delete', async (open) => {
    const t = await open();
    await login(t, world.admin.email, world.admin.password);
    const page = t.page;
    await page.locator('.conv-row', { hasText: 'Frank Trash' }).click();
    await page.getByRole('button', { name: /^More/ }).click();
    await page.getByRole('menuitem', { name: 'Move to Trash' }).click();
    await waitForText(page, '.conv-head', 'Trash');
    await page.locator('.conv-list .conv-row', { hasText: 'Frank Trash' }).waitFor({ state: 'detached' });

    await page.getByRole('link', { name: /^Trash/ }).click();
    await page.locator('.conv-row', { hasText: 'Frank Trash' }).click();
    await page.getByRole('button', { name: 'Restore' }).click();
    await waitForText(page, '.toast', 'Conversation restored.');
    await page.locator('.conv-list .conv-row', { hasText: 'Frank Trash' }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: /^All/ }).click();
    await page.locator('.conv-row', { hasText: 'Frank Trash' }).click();

    // Trash again, then delete forever: a dialog asks first.
    await page.getByRole('button', { name: /^More/ }).click();
    await page.getByRole('menuitem', { name: 'Move to Trash' }).click();
    await page.getByRole('link', { name: /^Trash/ }).click();
    await page.locator('.conv-row', { hasText: 'Frank Trash' }).click();
    await page.getByRole('button', { name: 'Delete forever' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this conversation forever?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Delete forever' }).click();
    await dialog.getByRole('button', { name: 'Delete forever' }).click();
    await waitForText(page, '.toast', 'Conversation deleted forever.');
    await page.locator('.conv-row', { hasText: 'Frank Trash' }).waitFor({ state: 'detached' });
    await page.getByText('Nothing here').waitFor();
    assert.equal((await world.server.adminClient.get(`/api/v1/conversations/${conv.id}`)).status, 404);
  });
});

test('blocking the sender moves the conversation and their next message to Filtered; unblocking brings it back', { skip }, async () => {
  await world.incoming(world.defaultInbox.id, { email: 'gina@spammy.example', name: 'Gina Blocked' }, 'Buy now!', 'First offer');
  await scenario(browser, world.url, 'block-sender', async (open) => {
    const t = await open();
    await login(t, world.admin.email, world.admin.password);
    const page = t.page;
    const filteredBefore = Number(await count(page, 'filtered'));
    await page.locator('.conv-row', { hasText: 'First offer' }).click();
    await page.getByRole('button', { name: /^More/ }).click();
    await page.getByRole('menuitem', { name: 'Block sender' }).click();
    await waitForText(page, '.toast', 'Sender blocked');
    await waitForText(page, '.contact-col', 'Blocked');
    // The conversation itself went to Filtered (the help articles), not only later mail.
    await waitForText(page, '.conv-head', 'Filtered');
    await waitCount(page, 'filtered', filteredBefore + 1);

    await world.incoming(world.defaultInbox.id, { email: 'gina@spammy.example', name: 'Gina Blocked' }, 'Last chance!', 'Second offer');
    await waitCount(page, 'filtered', filteredBefore + 2);
    await page.waitForTimeout(300);
    assert.equal(await page.locator('.conv-list .conv-row', { hasText: 'Second offer' }).count(), 0, 'not in the open inbox');

    // From Filtered, one action unblocks the sender and brings the conversation back.
    await page.getByRole('link', { name: /^Filtered/ }).click();
    await page.locator('.conv-row', { hasText: 'Second offer' }).click();
    await waitForText(page, '.conv-head', 'Filtered');
    await page.locator('.conv-actions').getByRole('button', { name: 'Unblock sender' }).click();
    await waitForText(page, '.toast', 'Sender unblocked');
    await page.locator('.conv-list .conv-row', { hasText: 'Second offer' }).waitFor({ state: 'detached' });
    await waitCount(page, 'filtered', filteredBefore + 1);
  });
});

test('a search can cover every inbox the user may read, each result naming its inbox', { skip }, async () => {
  const other = (await world.server.adminClient.post('/api/v1/inboxes', { name: 'Billing desk' })).body;
  await world.incoming(other.id, { email: 'ivo@example.org', name: 'Ivo Invoice' }, 'Invoice 7781 is wrong', 'Zebrafish invoice');
  await world.incoming(world.defaultInbox.id, { email: 'jo@example.org', name: 'Jo Here' }, 'Zebrafish question', 'Zebrafish here');
  await scenario(browser, world.url, 'search-scope', async (open) => {
    const t = await open();
    await login(t, world.admin.email, world.admin.password);
    const page = t.page;
    await page.goto(`/inbox/${world.defaultInbox.id}/all?q=zebrafish`);
    await page.locator('.conv-row', { hasText: 'Zebrafish here' }).waitFor();
    assert.equal(await page.locator('.conv-row', { hasText: 'Zebrafish invoice' }).count(), 0, 'this inbox only, at first');
    await page.getByRole('link', { name: 'Search all inboxes' }).click();
    await waitForText(page, '.search-note', 'in every inbox');
    const there = page.locator('.conv-row', { hasText: 'Zebrafish invoice' });
    await there.waitFor();
    await waitForText(page, '.conv-row:has-text("Zebrafish invoice") .chip-inbox', 'Billing desk');
    await page.locator('.conv-row', { hasText: 'Zebrafish here' }).waitFor();
    await there.click();
    await waitForText(page, '.conv-head', 'Zebrafish invoice');
    await page.getByRole('link', { name: 'Only this inbox' }).click();
    await there.waitFor({ state: 'detached' });
  });
});
