/** Privacy in the browser: an admin erases a contact from its page after typing the confirmation (the conversation stays as "Erased contact"), and sets an inbox's retention. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { login, scenario, screenshot, waitForText } from './support/browser.js';
import { browser, skip, world } from './support/suite.js';

test('erase a contact with a typed confirmation', { skip }, async () => {
  const api = world.server.adminClient;
  const conv = await world.incoming(
    world.defaultInbox.id,
    { email: 'eve.erasable@example.org', name: 'Eve Erasable' },
    'Please forget everything about me: zanzibarquux.',
    'Forget me',
  );
  const contactId = conv.contact!.id;
  await scenario(browser, world.url, 'privacy-erase', async (open) => {
    const t = await open();
    t.allow(`/api/v1/contacts/${contactId}`, 404);
    await login(t, world.admin.email, world.admin.password);
    const page = t.page;
    await page.goto(`/contacts/${contactId}`);
    await page.getByRole('heading', { name: 'Eve Erasable' }).waitFor();
    await page.getByRole('link', { name: 'Download their data (readable page)' }).waitFor();
    await page.getByRole('button', { name: 'Erase contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase Eve Erasable?' });
    const confirm = dialog.getByRole('button', { name: 'Erase for good' });
    assert.equal(await confirm.isDisabled(), true, 'disabled until the confirmation is typed');
    const input = dialog.getByLabel('Type ERASE to confirm');
    await input.fill('erase');
    assert.equal(await confirm.isDisabled(), true, 'the word must be exact');
    await input.fill('ERASE');
    assert.equal(await confirm.isDisabled(), false);
    await screenshot(page, 'privacy-erase-dialog');
    await confirm.click();
    await waitForText(page, '.toast', 'The contact was erased.');
    await page.waitForURL(/\/contacts$/);
    assert.equal((await api.get(`/api/v1/contacts/${contactId}`)).status, 404);
    // The conversation stays, as an erased contact, with nothing of what they wrote.
    await page.goto(`/inbox/${world.defaultInbox.id}/all/${conv.id}`);
    await waitForText(page, '.conv-title', 'Erased contact');
    await waitForText(page, '.msg-system', 'erased the contact of this conversation');
    await waitForText(page, '.msg-erased', 'Message erased');
    assert.doesNotMatch(await page.locator('main').innerText(), /zanzibarquux|Eve Erasable/);
    await screenshot(page, 'privacy-erased-conversation');
  });
});

test('an admin sets an inbox to delete conversations closed for 90 days, and back to keeping them', { skip }, async () => {
  const api = world.server.adminClient;
  const inbox = world.defaultInbox;
  await scenario(browser, world.url, 'privacy-retention', async (open) => {
    const t = await open();
    await login(t, world.admin.email, world.admin.password);
    const page = t.page;
    await page.goto('/settings/inboxes');
    await page.getByRole('button', { name: `Retention: ${inbox.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Retention for ${inbox.name}` });
    const keep = dialog.getByLabel('Keep conversations forever');
    await keep.waitFor();
    assert.equal(await keep.isChecked(), true, 'off by default');
    await dialog.getByLabel('Delete closed conversations after').check();
    await dialog.getByLabel('Days').fill('90');
    await screenshot(page, 'privacy-retention-dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await waitForText(page, '.toast', 'Retention saved.');
    assert.deepEqual((await api.get(`/api/v1/inboxes/${inbox.id}/retention`)).body, { days: 90 });
    await page.getByRole('button', { name: `Retention: ${inbox.name}` }).click();
    await dialog.getByLabel('Days').waitFor();
    assert.equal(await dialog.getByLabel('Days').inputValue(), '90');
    await dialog.getByLabel('Keep conversations forever').check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    // The first save's toast may still show: the dialog closes once this save is done.
    await dialog.waitFor({ state: 'hidden' });
    await waitForText(page, '.toast', 'Retention saved.');
    assert.deepEqual((await api.get(`/api/v1/inboxes/${inbox.id}/retention`)).body, { days: null });
  });
});
