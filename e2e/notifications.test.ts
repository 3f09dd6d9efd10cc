/**
 * The bell (F-NOTIFY.1, F-CONV.3): agent A assigns a conversation to agent B and @mentions B in a
 * comment; B's bell counts both live, the panel shows them as one conversation with who did it, and
 * opening it reads them. The open panel passes axe.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seriousViolations } from './support/axe.js';
import { login, scenario, screenshot, waitForText } from './support/browser.js';
import { browser, skip, world } from './support/suite.js';

test('A assigns and @mentions B: B’s bell counts both live, lists them, and opening the conversation reads them', { skip }, async () => {
  const alice = await world.createUser('Alice Assigner');
  const bob = await world.createUser('Bob Bellringer');
  await world.incoming(
    world.defaultInbox.id,
    { email: 'carla@example.org', name: 'Carla Customer' },
    'The invoice is wrong.',
    'Invoice 2291',
  );

  await scenario(browser, world.url, 'notifications-bell', async (open) => {
    const a = await open();
    const b = await open();
    await login(a, alice.email, alice.password);
    await login(b, bob.email, bob.password);
    const bell = b.page.locator('button.bell');
    assert.equal(await bell.getAttribute('aria-label'), 'Notifications');

    // B opens the empty panel: a calm empty state.
    await b.page.locator('.conv-row').first().waitFor();
    await b.page.keyboard.press('n');
    await b.page.getByRole('dialog', { name: 'Notifications' }).getByText('You’re all caught up').waitFor();
    await b.page.keyboard.press('Escape');

    // A assigns the conversation to B, then mentions B in a comment.
    await a.page.locator('.conv-row', { hasText: 'Carla Customer' }).click();
    await waitForText(a.page, '.conv-head h2', 'Invoice 2291');
    await a.page.getByRole('button', { name: /Assignee/ }).click();
    await a.page.getByRole('menuitem', { name: /Bob Bellringer/ }).click();
    await waitForText(a.page, '.assign-btn', 'Bob Bellringer');
    await a.page.getByRole('tab', { name: 'Comment' }).click();
    await a.page.getByLabel('Internal comment').click();
    await a.page.keyboard.type('Please check the VAT, @Bob');
    await a.page
      .getByRole('listbox', { name: 'Teammates' })
      .getByRole('option', { name: /Bob Bellringer/ })
      .waitFor();
    await a.page.keyboard.press('Tab');
    await a.page.getByRole('button', { name: 'Add comment' }).click();
    await a.page.locator('.thread .msg-comment', { hasText: 'Please check the VAT' }).waitFor();

    // B's bell counts both without a reload.
    await b.page.locator('button.bell[aria-label="Notifications, 2 unread"]').waitFor();
    assert.equal(await b.page.locator('.bell-badge').textContent(), '2');
    await bell.click();
    const panel = b.page.getByRole('dialog', { name: 'Notifications' });
    const item = panel.getByRole('link', { name: /Alice Assigner mentioned you/ });
    await item.waitFor();
    const text = await item.textContent();
    assert.match(text ?? '', /Invoice 2291 — Please check the VAT/);
    assert.match(text ?? '', /and 1 more about this conversation/, 'the assignment is grouped with it');
    assert.deepEqual(await seriousViolations(b.page, '.notify-panel'), []);
    await screenshot(b.page, 'notifications-panel');

    // Opening it shows the conversation and reads both.
    await item.click();
    await waitForText(b.page, '.conv-head h2', 'Invoice 2291');
    await b.page.locator('button.bell[aria-label="Notifications"]').waitFor();
    assert.equal(await b.page.locator('.bell-badge').count(), 0);

    // Settings › Notifications (where notification mail links): the same choices, saved in place.
    await b.page.goto(`${world.url}/settings/notifications`);
    const mentionByEmail = b.page.getByRole('checkbox', { name: 'Someone @mentions me: Email' });
    await mentionByEmail.waitFor();
    await mentionByEmail.uncheck();
    await b.page.getByRole('button', { name: 'Save' }).click();
    await b.page.getByText('Notification settings saved').waitFor();
    const saved = (await bob.client.get('/api/v1/me/notification-preferences')).body;
    assert.equal(saved.kinds.mention.email, false);
    assert.equal(saved.kinds.mention.inApp, true);
    assert.deepEqual(await seriousViolations(b.page, '.settings-main'), []);
    await screenshot(b.page, 'notifications-settings');
  });
});

test('on a phone the panel fits the screen', { skip }, async () => {
  const dana = await world.createUser('Dana Phone');
  const c = await world.incoming(world.defaultInbox.id, { email: 'pete@example.org', name: 'Pete Phone' }, 'Hello', 'Small screens');
  await world.server.adminClient.patch(`/api/v1/conversations/${c.id}`, { assigneeId: dana.user.id });
  await scenario(browser, world.url, 'notifications-phone', async (open) => {
    const t = await open();
    await login(t, dana.email, dana.password);
    await t.page.setViewportSize({ width: 390, height: 844 });
    await t.page.locator('button.bell[aria-label="Notifications, 1 unread"]').click();
    const panel = t.page.getByRole('dialog', { name: 'Notifications' });
    await panel.getByRole('link', { name: /assigned a conversation to you/ }).waitFor();
    const box = await panel.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `the panel fits: ${JSON.stringify(box)}`);
    await screenshot(t.page, 'notifications-panel-phone');
  });
});
