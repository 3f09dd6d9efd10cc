/**
 * The first run: a fresh install's empty inbox shows the getting-started panel (the forwarding address,
 * Copy, the steps ticked off as they happen, Hide this), creating an inbox continues to "Connect a channel
 * now or later", and Settings is in the sidebar (and the phone's drawer).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seriousViolations } from './support/axe.js';
import { login, scenario, screenshot } from './support/browser.js';
import { browser, skip, world } from './support/suite.js';

test(
  'a fresh inbox shows how to get started; Copy copies the address; a step ticks off when done; Hide this stays hidden',
  { skip },
  async () => {
    await scenario(browser, world.url, 'first-run', async (open) => {
      const t = await open();
      await t.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.url });
      await login(t, world.admin.email, world.admin.password);
      const page = t.page;
      const address = world.defaultInbox.fallbackAddress;

      const panel = page.getByRole('region', { name: `Get started with ${world.defaultInbox.name}` });
      await panel.waitFor();
      assert.equal(await panel.getByLabel('Forwarding address').textContent(), address);
      assert.equal(await page.getByText('Nothing here').count(), 0);

      await panel.getByRole('button', { name: 'Copy forwarding address' }).click();
      await panel.getByRole('status').filter({ hasText: 'Forwarding address copied' }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), address);

      // The steps: nothing done on a fresh install, each a link to where it is done.
      const steps = panel.getByRole('list', { name: 'Getting started' });
      for (const name of ['Connect a mailbox', 'Install the chat widget', 'Invite your team'])
        await steps.getByRole('link', { name }).waitFor();
      await steps.getByRole('listitem').filter({ hasText: 'Invite your team' }).getByText('Not done yet').waitFor();
      await panel.getByText('0 of 3 done').waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, 'first-run-panel');

      // Someone else joins: the team step ticks off while the page is open.
      await world.createUser('Tia Teammate');
      await steps.locator('li.done').filter({ hasText: 'Invite your team' }).waitFor();
      // Said to screen readers too, not only by the tick.
      assert.match((await steps.getByRole('listitem').filter({ hasText: 'Invite your team' }).textContent()) ?? '', /, Done/);
      await panel.getByText('1 of 3 done').waitFor();

      // "Install the chat widget" opens the chat wizard on this inbox.
      await steps.getByRole('link', { name: 'Install the chat widget' }).click();
      const wizard = page.getByRole('dialog', { name: 'New chat channel' });
      await wizard.waitFor();
      assert.equal(await wizard.getByLabel('Inbox').inputValue(), world.defaultInbox.id);
      await wizard.getByRole('button', { name: 'Cancel' }).click();
      await wizard.waitFor({ state: 'detached' });
      await page.goBack();
      await panel.waitFor();

      // "Connect a mailbox" opens the mailbox form of Settings for this inbox.
      await steps.getByRole('link', { name: 'Connect a mailbox' }).click();
      const form = page.getByRole('dialog', { name: 'Connect a mailbox (IMAP)' });
      await form.waitFor();
      await form.getByRole('button', { name: 'Cancel' }).click();
      await form.waitFor({ state: 'detached' });
      await page.goBack();
      await panel.waitFor();

      // Hidden for this user, also after a reload; the plain empty state takes its place.
      await panel.getByRole('button', { name: 'Hide this' }).click();
      await page.getByText('Nothing here').waitFor();
      await page.reload();
      await page.getByText('Nothing here').waitFor();
      assert.equal(await panel.count(), 0);
    });
  },
);

test('creating an inbox continues to connecting a channel: email with its address, website chat, or later', { skip }, async () => {
  await scenario(browser, world.url, 'first-run-connect', async (open) => {
    const t = await open();
    await login(t, world.admin.email, world.admin.password);
    const page = t.page;

    // Settings from the sidebar (a link, with the keyboard too).
    const settings = page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Settings' });
    await settings.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Inboxes' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/settings/inboxes');

    await page.getByRole('button', { name: 'Create inbox' }).click();
    const create = page.getByRole('dialog', { name: 'Create inbox' });
    await create.getByLabel('Name').fill('Returns Desk');
    await create.getByRole('button', { name: 'Save' }).click();
    const connect = page.getByRole('dialog', { name: 'Connect a channel now or later' });
    await connect.waitFor();
    await connect.getByText('Returns Desk is ready.').waitFor();
    assert.match((await connect.getByLabel('Forwarding address').textContent()) ?? '', /^returns-desk@/);
    for (const name of ['Email', 'Website chat', 'Later']) await connect.getByRole('heading', { name, exact: true }).waitFor();
    await connect.getByRole('link', { name: 'Connect a mailbox' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'first-run-connect-step');

    // Website chat: the chat wizard, on the new inbox.
    await connect.getByRole('button', { name: 'Set up website chat' }).click();
    const wizard = page.getByRole('dialog', { name: 'New chat channel' });
    await wizard.waitFor();
    const inboxes = (await world.server.adminClient.get('/api/v1/inboxes')).body.items as { id: string; name: string }[];
    const created = inboxes.find((i) => i.name === 'Returns Desk')!;
    assert.equal(await wizard.getByLabel('Inbox').inputValue(), created.id);
    await wizard.getByRole('button', { name: 'Cancel' }).click();
    await wizard.waitFor({ state: 'detached' });

    // Its empty inbox has the panel; on a phone, Settings is in the views drawer.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/inbox/${created.id}/all`);
    await page.getByRole('region', { name: 'Get started with Returns Desk' }).waitFor();
    await screenshot(page, 'first-run-panel-phone');
    await page.getByRole('button', { name: 'Views and filters' }).click();
    const drawer = page.getByRole('dialog', { name: 'Views and filters' });
    await drawer.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Inboxes' }).waitFor();
  });
});

test('an agent sees the address to forward to, without the admin steps', { skip }, async () => {
  const agent = await world.createUser('Aldo Agent');
  const inbox = await world.createInbox('Agent Corner');
  await scenario(browser, world.url, 'first-run-agent', async (open) => {
    const t = await open();
    await login(t, agent.email, agent.password);
    const page = t.page;
    await page.goto(`/inbox/${inbox.id}/all`);
    const panel = page.getByRole('region', { name: 'Get started with Agent Corner' });
    await panel.waitFor();
    assert.equal(await panel.getByLabel('Forwarding address').textContent(), inbox.fallbackAddress);
    await panel.getByText('An admin can connect a mailbox or website chat to this inbox.').waitFor();
    assert.equal(await panel.getByRole('list', { name: 'Getting started' }).count(), 0);
    // Agents open Settings on the tabs they have.
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Snippets' }).first().waitFor();
  });
});
