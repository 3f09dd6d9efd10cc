/** Permissions as the UI shows them: an admin who is not a member, and an agent without access. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { ConversationOut, InboxOut } from '../src/common/api.js';
import { browserMissing, launch, login, scenario, waitForText } from './support/browser.js';
import { startWorld, type Person, type World } from './support/fixtures.js';

const skip = browserMissing() ?? false;
let world: World;
let browser: Browser;
let member: Person;
let privateInbox: InboxOut;
let secret: ConversationOut;
before(async () => {
  if (skip) return;
  world = await startWorld();
  browser = await launch();
  member = await world.createUser('Mia Member');
  privateInbox = await world.createInbox('Private Legal', { mode: 'specific', userIds: [member.user.id] });
  secret = await world.incoming(
    privateInbox.id,
    { email: 'lawyer@example.org', name: 'Larry Lawyer' },
    'About the merger.',
    'Confidential merger',
    member.client,
  );
});
after(async () => {
  await browser?.close();
  await world?.close();
});

test('an admin who is not a member can open the private inbox but sees acting controls disabled, with the reason', { skip }, async () => {
  const admin2 = await world.createUser('Otto Admin', 'admin');
  await scenario(browser, world.url, 'admin-non-member', async (open) => {
    const t = await open();
    await login(t, admin2.email, admin2.password);
    const page = t.page;
    await page.getByLabel('Inbox', { exact: true }).selectOption({ label: 'Private Legal' });
    await page.locator('.conv-row', { hasText: 'Larry Lawyer' }).click();
    await waitForText(page, '.conv-head h2', 'Confidential merger');
    await waitForText(page, '.thread', 'About the merger.');

    await waitForText(page, '.notice', 'You can read this conversation but not act on it');
    for (const name of [/Assignee/, /Close/]) assert.equal(await page.getByRole('button', { name }).isDisabled(), true, `${name} disabled`);
    assert.equal(await page.getByLabel('Reply to the customer').isDisabled(), true, 'reply editor disabled');
    assert.equal(await page.getByRole('button', { name: 'Send reply' }).isDisabled(), true);
    await page.getByRole('tab', { name: 'Comment' }).click();
    assert.equal(await page.getByLabel('Internal comment').isDisabled(), true, 'comment editor disabled');
    await page.getByRole('button', { name: /^More/ }).click();
    assert.equal(await page.getByRole('menuitem', { name: 'Move to Trash' }).isDisabled(), true);
    assert.equal(await page.getByRole('menuitem', { name: 'Block sender' }).isDisabled(), true);
    const reason = await page.getByRole('button', { name: /Close/ }).getAttribute('title');
    assert.ok(reason && reason.length > 10, 'the disabled button says why');
    await page.keyboard.press('Escape');
  });
});

test('an agent without access gets no trace of the private inbox', { skip }, async () => {
  const outsider = await world.createUser('Olga Outsider');
  await scenario(browser, world.url, 'agent-no-access', async (open) => {
    const t = await open();
    await login(t, outsider.email, outsider.password);
    const page = t.page;
    const options = await page.getByLabel('Inbox', { exact: true }).locator('option').allTextContents();
    assert.deepEqual(options, [world.defaultInbox.name]);

    // Search everywhere the agent can look.
    await page.getByLabel('Search conversations').fill('merger');
    await page.getByLabel('Search conversations').press('Enter');
    await page.getByText('No results').waitFor();

    // A direct link to the inbox or the conversation shows "not found", nothing more.
    t.allow(`/api/v1/conversations/${secret.id}`, 404);
    await page.goto(`/inbox/${privateInbox.id}/all`);
    await page.getByText('This inbox does not exist, or you have no access to it.').waitFor();
    await page.goto(`/inbox/${world.defaultInbox.id}/all/${secret.id}`);
    await page.getByRole('heading', { name: 'Conversation not found' }).waitFor();
    const text = await page.locator('body').innerText();
    for (const leak of ['Private Legal', 'Confidential', 'Larry', 'merger']) assert.ok(!text.includes(leak), `page mentions ${leak}`);
  });
});
