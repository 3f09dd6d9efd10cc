/** Contacts, tickets and routing in the browser: ticket from a conversation across the board, merge, routing explanation. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { login, scenario, screenshot, waitForText } from './support/browser.js';
import { browser, skip, world } from './support/suite.js';

test('create a ticket from a conversation and drag it across the board', { skip }, async () => {
  const agent = await world.createUser('Tara Tickets');
  const conv = await world.incoming(
    world.defaultInbox.id,
    { email: 'paul@example.org', name: 'Paul Printer' },
    'The printer is on fire.',
    'Printer on fire',
  );
  await agent.client.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: agent.user.id });
  await scenario(browser, world.url, 'crm-ticket-board', async (open) => {
    const t = await open();
    await login(t, agent.email, agent.password);
    const page = t.page;
    await page.locator('.conv-row', { hasText: 'Paul Printer' }).click();
    const about = page.getByRole('complementary', { name: /contact/i });
    await about.getByRole('button', { name: 'Create ticket' }).click();
    await waitForText(page, '.contact-extras .mini-list li', 'Printer on fire');
    await waitForText(page, '.msg-system', 'Ticket created: Printer on fire');
    await screenshot(page, 'crm-ticket-about');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Tickets' }).click();
    const newCol = page.locator('.board-col[data-stage="New"]');
    const card = newCol.locator('.ticket-card', { hasText: 'Printer on fire' });
    await card.waitFor();
    assert.match(await card.innerText(), /Tara Tickets/, 'the owner defaults to the assignee');
    await card.dragTo(page.locator('.board-col[data-stage="Waiting on us"]'));
    await page.locator('.board-col[data-stage="Waiting on us"] .ticket-card', { hasText: 'Printer on fire' }).waitFor();
    await waitForText(page, '.toast', 'Moved to Waiting on us');
    await page.locator('.board-col[data-stage="Waiting on contact"]').scrollIntoViewIfNeeded();
    // And again with the stage picker on the card (keyboard-friendly path).
    await page
      .locator('.board-col[data-stage="Waiting on us"] .ticket-card', { hasText: 'Printer on fire' })
      .getByLabel('Move to stage')
      .selectOption({ label: 'Closed' });
    await page.locator('.board-col[data-stage="Closed"] .ticket-card', { hasText: 'Printer on fire' }).waitFor();
    await screenshot(page, 'crm-ticket-board-moved');
    const tickets = (await agent.client.get(`/api/v1/tickets?conversationId=${conv.id}`)).body.items;
    assert.equal(tickets[0].stageName, 'Closed');
    // The list view shows it too, after a reload (the state is on the server).
    await page.getByRole('tab', { name: 'List' }).click();
    await page.reload();
    await waitForText(page, '.table tr', 'Printer on fire');
  });
});

test('merge two contacts from the contact page', { skip }, async () => {
  const api = world.server.adminClient;
  const conv = await world.incoming(
    world.defaultInbox.id,
    { email: 'mona.work@example.org', name: 'Mona (work)' },
    'Invoice question',
    'Invoice for March',
  );
  const keep = (await api.post('/api/v1/contacts', { name: 'Mona Lisa', company: 'Louvre' })).body;
  await api.post(`/api/v1/contacts/${conv.contact!.id}/notes`, { body: 'Prefers mornings' });
  await scenario(browser, world.url, 'crm-merge', async (open) => {
    const t = await open();
    await login(t, world.admin.email, world.admin.password);
    const page = t.page;
    await page.goto(`/contacts/${keep.id}`);
    await page.getByRole('heading', { name: 'Mona Lisa' }).waitFor();
    await page.getByRole('button', { name: 'Merge with…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('searchbox', { name: 'Find the duplicate' }).fill('mona.work');
    await dialog.getByRole('radio', { name: /Mona \(work\)/ }).check();
    await screenshot(page, 'crm-merge-dialog');
    await dialog.getByRole('button', { name: 'Merge into this contact' }).click();
    await waitForText(page, '.timeline li[data-type="merge"]', 'Merged Mona (work) <mona.work@example.org> into this contact');
    await waitForText(page, '.timeline li[data-type="conversation"]', 'Invoice for March');
    await waitForText(page, '.timeline li[data-type="note"]', 'Prefers mornings');
    await waitForText(page, '.props dd', 'mona.work@example.org');
    await screenshot(page, 'crm-merge-done');
    // Edit a custom property.
    await page.getByRole('button', { name: 'Edit contact' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Add property' }).click();
    await page.getByRole('dialog').getByLabel('Key').fill('plan');
    await page.getByRole('dialog').getByLabel('Value').fill('Gold');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await waitForText(page, '.props dt', 'plan');
    await waitForText(page, '.props dd', 'Gold');
    // Write to the contact first: an email conversation through the outbox, on the timeline.
    await page.getByRole('button', { name: 'Send email' }).click();
    await page.getByRole('dialog').getByLabel('Subject').fill('About your invoice');
    await page.getByRole('dialog').getByLabel('Message').fill('Hi Mona, here it is.');
    await page.getByRole('dialog').getByRole('button', { name: 'Send email' }).click();
    await waitForText(page, '.toast', 'Email queued for sending.');
    await waitForText(page, '.timeline li[data-type="conversation"]', 'About your invoice');
    t.allow(`/api/v1/contacts/${conv.contact!.id}`, 404);
    assert.equal((await api.get(`/api/v1/contacts/${conv.contact!.id}`)).status, 404);
    // The contact list finds the survivor by the merged email.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Contacts' }).click();
    await page.getByLabel('Search contacts').fill('mona.work');
    // The unfiltered list (which has Mona Lisa too) shows until the search answers: wait for one row.
    await page.waitForFunction(() => document.querySelectorAll('.contacts-table tbody tr').length === 1, null, { timeout: 10_000 });
    await waitForText(page, '.contacts-table tbody tr', 'Mona Lisa');
  });
});

test('routing explains itself in the conversation and is set per channel', { skip }, async () => {
  const api = world.server.adminClient;
  const ana = await world.createUser('Ana Route');
  const ben = await world.createUser('Ben Away');
  await api.patch(`/api/v1/users/${ben.user.id}`, { availability: 'away' });
  const team = (await api.post('/api/v1/teams', { name: 'Routing team', userIds: [ana.user.id, ben.user.id] })).body;
  const channel = (await api.get(`/api/v1/inboxes/${world.defaultInbox.id}/channels`)).body.items.find(
    (c: { kind: string }) => c.kind === 'api',
  );
  await scenario(browser, world.url, 'crm-routing', async (open) => {
    const t = await open();
    await login(t, world.admin.email, world.admin.password);
    const page = t.page;
    // Set the rule through the settings dialog.
    await page.goto('/settings/inboxes');
    await page.getByRole('button', { name: `Routing: ${world.defaultInbox.name}` }).click();
    const section = page.getByRole('region', { name: `Channel: ${channel.name}` });
    await section.getByLabel('Assign new conversations').selectOption('specific');
    await section.getByRole('checkbox', { name: 'Routing team' }).check();
    await screenshot(page, 'crm-routing-settings');
    await section.getByRole('button', { name: 'Save' }).click();
    await waitForText(page, '.toast', 'Routing saved.');
    const saved = (await api.get(`/api/v1/channels/${channel.id}`)).body.settings.routing;
    assert.deepEqual([saved.mode, saved.teamIds], ['specific', [team.id]]);
    await page.keyboard.press('Escape');

    const conv = await world.incoming(
      world.defaultInbox.id,
      { email: 'rita@example.org', name: 'Rita Routed' },
      'Who will help me?',
      'Routing please',
    );
    let reason: string | null = null;
    for (let i = 0; i < 100 && !reason; i++) {
      reason = (await api.get(`/api/v1/conversations/${conv.id}`)).body.routingReason;
      if (!reason) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(reason, 'Round robin among Routing team: given to Ana Route; skipped Ben Away (away)');
    await page.goto(`/inbox/${world.defaultInbox.id}/all/${conv.id}`);
    await waitForText(page, '[data-testid="routing-reason"]', reason!);
    await waitForText(page, '.msg-system', reason!);
    await screenshot(page, 'crm-routing-reason');
    await api.patch(`/api/v1/channels/${channel.id}`, { routing: { mode: 'unassigned' } });
    // Admins add pipelines with ordered stages; the board shows them.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Tickets' }).click();
    await page.getByRole('button', { name: 'New pipeline' }).click();
    await page.getByRole('dialog').getByLabel('Pipeline name').fill('Onboarding');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.locator('.board-col[data-stage="In progress"]').waitFor();
    assert.deepEqual(await page.locator('.board-col h2 > span:first-child').allInnerTexts(), ['New', 'In progress', 'Done']);
  });
});
