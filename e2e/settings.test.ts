/** Admin settings: inboxes (create, access, rename, delete by typing the name), users, teams, snippets. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InboxOut } from '../src/common/api.js';
import { login, scenario, screenshot, waitForText } from './support/browser.js';
import { browser, skip, world } from './support/suite.js';

test('an admin manages users (with inline field errors), teams, inboxes and snippets', { skip }, async () => {
  await scenario(browser, world.url, 'settings', async (open) => {
    const t = await open();
    await login(t, world.admin.email, world.admin.password);
    const page = t.page;
    await page.getByRole('button', { name: /User menu/ }).click();
    await page.getByRole('menuitem', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Inboxes' }).waitFor();

    // Users: a too-short password comes back from the API as an inline field error (and a toast).
    t.allow('/api/v1/users', 400);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Add user' }).click();
    const userDialog = page.getByRole('dialog', { name: 'Add user' });
    await userDialog.getByLabel('Name').fill('Sam Settings');
    await userDialog.getByLabel('Email').fill('sam@example.com');
    await userDialog.getByLabel('Password').fill('short');
    await userDialog.getByRole('button', { name: 'Add user' }).click();
    await userDialog.locator('.field-error').first().waitFor();
    await waitForText(page, '.toast-error', 'Please check the form');
    await screenshot(page, 'settings-field-error');
    await userDialog.getByLabel('Password').fill('long-enough-password');
    await userDialog.getByRole('button', { name: 'Add user' }).click();
    await userDialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'sam@example.com', exact: true }).waitFor();
    await page.getByLabel('Paid seat for Sam Settings').uncheck();
    await waitForText(page, '.toast', 'Sam Settings updated.');

    // Teams.
    await page.getByRole('link', { name: 'Teams' }).click();
    await page.getByText('No teams yet').first().waitFor();
    await page.getByRole('button', { name: 'Create team' }).click();
    const teamDialog = page.getByRole('dialog', { name: 'Create team' });
    await teamDialog.getByLabel('Name').fill('Billing');
    await teamDialog.getByLabel('Sam Settings').check();
    await teamDialog.getByRole('button', { name: 'Save' }).click();
    await waitForText(page, '.card', 'Billing');

    // Inboxes: create with specific access, rename, then delete by typing the name.
    await page.getByRole('link', { name: 'Inboxes' }).click();
    await page.getByRole('button', { name: 'Create inbox' }).click();
    const inboxDialog = page.getByRole('dialog', { name: 'Create inbox' });
    await inboxDialog.getByLabel('Name').fill('Billing questions');
    await inboxDialog.getByLabel('Specific users and teams').check();
    await inboxDialog.getByRole('checkbox', { name: 'Billing' }).check();
    await inboxDialog.getByRole('button', { name: 'Save' }).click();
    // Then the step that connects a channel: left for later here (e2e/first-run tests the choices).
    const connect = page.getByRole('dialog', { name: 'Connect a channel now or later' });
    await connect.getByRole('button', { name: 'Later' }).click();
    await connect.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'Billing questions', exact: true }).waitFor();
    await page.getByRole('cell', { name: '0 users, 1 team', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Edit Billing questions' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit inbox' });
    await edit.getByLabel('Name').fill('Invoices');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Invoices', exact: true }).waitFor();
    const inboxes = (await world.server.adminClient.get<{ items: InboxOut[] }>('/api/v1/inboxes')).body.items;
    assert.ok(inboxes.some((i) => i.name === 'Invoices' && i.access.mode === 'specific'));

    await page.getByRole('button', { name: 'Delete Invoices' }).click();
    const del = page.getByRole('dialog', { name: 'Delete Invoices?' });
    const confirm = del.getByRole('button', { name: 'Delete inbox' });
    assert.equal(await confirm.isDisabled(), true, 'disabled until the name is typed');
    await del.getByLabel('Type “Invoices” to confirm').fill('Invoices');
    await confirm.click();
    await waitForText(page, '.toast', 'Inbox Invoices deleted.');
    await page.getByRole('cell', { name: 'Invoices', exact: true }).waitFor({ state: 'detached' });

    // Snippets.
    await page.getByRole('link', { name: 'Snippets' }).click();
    await page.getByText('No snippets yet').waitFor();
    await page.getByRole('button', { name: 'Create snippet' }).click();
    const sn = page.getByRole('dialog', { name: 'Create snippet' });
    await sn.getByLabel('Name').fill('refund');
    await sn.getByLabel('Text').fill('Your refund is on its way.');
    await sn.getByRole('button', { name: 'Save' }).click();
    await waitForText(page, '.card', '#refund');
    await page.getByRole('link', { name: 'Inboxes' }).click();
  });
});

test('with no outgoing mail server, a From address code is shown as waiting, not as sent', { skip }, async () => {
  await scenario(browser, world.url, 'settings-code-held', async (open) => {
    const t = await open();
    await login(t, world.admin.email, world.admin.password);
    const page = t.page;
    await page.goto('/settings/inboxes');
    await page.getByText('From name, From address and signature').first().click();
    await page.getByLabel('Another address').first().fill('hello@acme.example');
    await page.getByRole('button', { name: 'Send code' }).first().click();
    await waitForText(page, '.field-error', 'The code for hello@acme.example is waiting: no outgoing mail server is set up');
    assert.equal(await page.getByText('A code was sent to').count(), 0);
    await screenshot(page, 'settings-code-held');
  });
});
