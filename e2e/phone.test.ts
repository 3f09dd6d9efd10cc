/** The app on a phone (390 × 844): one pane at a time with the same URLs, nothing wider than the screen. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { seriousViolations } from './support/axe.js';
import { scenario, screenshot, type Tracked } from './support/browser.js';
import { browser, skip, world } from './support/suite.js';

const PHONE = { width: 390, height: 844 };

async function fits(page: Page, screen: string): Promise<void> {
  // Measured once the screen's data has come (no request for half a second), or after 10 s when the
  // live stream or a busy machine keeps the network from ever looking idle.
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= PHONE.width, `${screen}: the page is ${wide}px wide on a ${PHONE.width}px screen`);
}

/** Nothing on the screen scrolls sideways inside its own box either (a table wider than the phone, say). */
async function noSidewaysScroll(page: Page, screen: string): Promise<void> {
  const scrollers = await page.evaluate((w) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (!box.width) continue;
      const x = getComputedStyle(el).overflowX;
      if ((x === 'auto' || x === 'scroll') && el.scrollWidth > el.clientWidth + 1)
        out.push(`${el.tagName.toLowerCase()}.${String(el.className)} scrolls (${el.scrollWidth}px in ${el.clientWidth}px)`);
      else if (el.tagName === 'TABLE' && box.right > w + 0.5) out.push(`table.${String(el.className)} reaches ${box.right}px`);
    }
    return out.slice(0, 5);
  }, PHONE.width);
  assert.deepEqual(scrollers, [], `${screen}: sideways scrolling on a ${PHONE.width}px screen`);
}

async function onScreen(loc: Locator, what: string): Promise<void> {
  await loc.waitFor();
  const box = await loc.boundingBox();
  assert.ok(box, `${what} is laid out`);
  assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width + 0.5, `${what} lies within the screen (x ${box.x}, width ${box.width})`);
  assert.ok(box.y >= 0 && box.y + box.height <= PHONE.height + 0.5, `${what} lies within the screen (y ${box.y}, height ${box.height})`);
}

async function phoneLogin(t: Tracked): Promise<Page> {
  const { page } = t;
  await page.setViewportSize(PHONE);
  t.allow('/api/v1/me', 401);
  await page.goto('/');
  await page.getByLabel('Email').waitFor();
  await fits(page, 'login');
  await page.getByLabel('Email').fill(world.admin.email);
  await page.getByLabel('Password').fill(world.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.conv-list').waitFor();
  return page;
}

test('every main screen fits a 390 px wide phone', { skip }, async () => {
  const conv = await world.incoming(
    world.defaultInbox.id,
    { email: 'wilhelmina.longname@example.org', name: 'Wilhelmina Longname-Vandersteen' },
    'The invoice for our subscription lists the wrong company address, could you correct it and send it again?',
    'Invoice with the wrong company address on it',
  );
  const pipelines = (await world.server.adminClient.get('/api/v1/pipelines')).body.items;
  await world.server.adminClient.post('/api/v1/tickets', { title: 'Correct the invoice address', pipelineId: pipelines[0].id });

  await scenario(browser, world.url, 'phone-screens', async (open) => {
    const page = await phoneLogin(await open());
    await fits(page, 'inbox');
    await page.locator('.conv-row', { hasText: 'Wilhelmina' }).click();
    await page.locator('.thread .msg').first().waitFor();
    await fits(page, 'a conversation open');
    await page.getByRole('button', { name: 'Contact details' }).click();
    await page.getByRole('complementary', { name: 'Contact' }).getByText('wilhelmina.longname@example.org').waitFor();
    await fits(page, 'the contact pane');

    await page.goto('/contacts');
    await page.locator('.crm-page table').waitFor();
    await fits(page, 'contacts');
    await page.goto(`/contacts/${conv.contact!.id}`);
    await page.locator('.contact-layout').waitFor();
    await fits(page, 'contact');
    await page.goto('/tickets');
    await page.locator('.ticket-card').first().waitFor();
    await fits(page, 'tickets board');
    await page.goto('/tickets?view=list');
    await page.locator('.crm-page table').waitFor();
    await fits(page, 'tickets list');
    for (const tab of ['inboxes', 'users', 'teams', 'snippets', 'templates', 'security']) {
      await page.goto(`/settings/${tab}`);
      await page.locator('.settings-main').waitFor();
      await fits(page, `settings: ${tab}`);
    }
  });
});

test('every settings page fits 390 px without sideways scrolling: its tables stack into one card per row', { skip }, async () => {
  const api = world.server.adminClient;
  // A row in every settings table: users, inboxes with their email and chat channels, a team, a snippet, a template, a token.
  await world.createUser('Maximiliane Langenberg-Oosterhuis');
  const inbox = await world.createInbox('Returns and exchanges for the webshop');
  assert.equal(
    (await api.post(`/api/v1/inboxes/${inbox.id}/channels`, { kind: 'chat', name: 'Webshop chat on every product page' })).status,
    201,
  );
  assert.equal((await api.post('/api/v1/teams', { name: 'Phone team', userIds: [] })).status, 201);
  assert.equal((await api.post('/api/v1/snippets', { name: 'greeting', body: 'Hello there, thank you for writing to us.' })).status, 201);
  assert.equal((await api.post('/api/v1/tokens', { name: 'Nightly export to the data warehouse', scope: 'read' })).status, 201);

  await scenario(browser, world.url, 'phone-settings', async (open) => {
    const page = await phoneLogin(await open());
    const tables: Record<string, number> = { inboxes: 3, users: 1, security: 1 };
    for (const tab of ['inboxes', 'users', 'teams', 'snippets', 'templates', 'security']) {
      await page.goto(`/settings/${tab}`);
      await page.locator('.settings-main').waitFor();
      if (tables[tab])
        await page
          .locator('.settings-main table tbody tr')
          .nth(tables[tab] - 1)
          .waitFor();
      await fits(page, `settings: ${tab}`);
      await noSidewaysScroll(page, `settings: ${tab}`);
      await screenshot(page, `phone-settings-${tab}`);
    }
  });
});

test('list, then conversation, then contact, and back; the views drawer, search and the user menu', { skip }, async () => {
  const inbox = await world.createInbox('Phone desk');
  const first = await world.incoming(inbox.id, { email: 'olga@example.org', name: 'Olga Oak' }, 'My parcel never came.', 'Lost parcel');
  await world.incoming(inbox.id, { email: 'piet@example.org', name: 'Piet Pine' }, 'Can I pay by invoice?', 'Paying by invoice');

  await scenario(browser, world.url, 'phone-panes', async (open) => {
    const page = await phoneLogin(await open());
    await page.goto(`/inbox/${inbox.id}/all`);
    const list = page.getByRole('region', { name: 'Conversations' });
    const conversation = page.getByRole('region', { name: 'Conversation', exact: true });
    const contact = page.getByRole('complementary', { name: 'Contact' });

    // The list alone; opening a conversation shows only it, on screen, at the usual URL.
    await onScreen(page.locator('.conv-row', { hasText: 'Olga Oak' }), 'the first row');
    assert.equal(await conversation.count(), 0);
    await page.locator('.conv-row', { hasText: 'Olga Oak' }).click();
    await page.waitForURL(`**/inbox/${inbox.id}/all/${first.id}`);
    await onScreen(conversation.getByRole('heading', { name: 'Lost parcel' }), 'the conversation title');
    await onScreen(page.locator('.composer'), 'the reply box');
    assert.ok(!(await list.isVisible()), 'the list is hidden while a conversation is open');
    assert.ok(!(await contact.isVisible()), 'the contact is hidden while the conversation shows');

    // Back to the list.
    await page.getByRole('link', { name: 'Back to the list' }).click();
    await page.waitForURL(`**/inbox/${inbox.id}/all`);
    await onScreen(page.locator('.conv-row', { hasText: 'Piet Pine' }), 'a row of the list');
    assert.equal(await conversation.count(), 0);

    // The contact as its own pane, from the conversation header; the URL stays the conversation's.
    await page.locator('.conv-row', { hasText: 'Olga Oak' }).click();
    await page.getByRole('button', { name: 'Contact details' }).click();
    await onScreen(contact.getByText('olga@example.org'), "the contact's address");
    await page.waitForFunction(() => document.activeElement?.textContent?.includes('Back to the conversation'));
    assert.ok(!(await conversation.isVisible()), 'the conversation is hidden while its contact shows');
    assert.ok(page.url().endsWith(`/all/${first.id}`), page.url());
    await page.getByRole('button', { name: 'Back to the conversation' }).click();
    await onScreen(conversation.getByRole('heading', { name: 'Lost parcel' }), 'the conversation title again');
    await page.waitForFunction(() => document.activeElement?.textContent?.includes('Contact details'));
    assert.ok(!(await contact.isVisible()));

    // The views and filters open from the top bar's menu button as a drawer; choosing a view closes it.
    await page.getByRole('link', { name: 'Back to the list' }).click();
    await page.getByRole('button', { name: 'Views and filters' }).click();
    const drawer = page.getByRole('dialog', { name: 'Views and filters' });
    await onScreen(drawer.getByRole('link', { name: /Unassigned/ }), 'a view in the drawer');
    await drawer.getByRole('link', { name: /Unassigned/ }).click();
    await page.waitForURL(`**/inbox/${inbox.id}/unassigned`);
    await drawer.waitFor({ state: 'detached' });
    await fits(page, 'inbox after the drawer');

    // Search fits the top bar and works.
    const search = page.getByRole('searchbox', { name: 'Search conversations' });
    await onScreen(search, 'the search box');
    await search.fill('invoice');
    await search.press('Enter');
    await page.waitForURL(/q=invoice/);
    await page.locator('.conv-row', { hasText: 'Piet Pine' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.conv-list .conv-row').length === 1);

    // The user menu fits the top bar, opens on screen and leads to settings.
    const userButton = page.getByRole('button', { name: /^User menu/ });
    await onScreen(userButton, 'the user menu button');
    await userButton.click();
    const settings = page.getByRole('menuitem', { name: 'Settings' });
    await onScreen(settings, 'the Settings item');
    await settings.click();
    await page.waitForURL(/\/settings\//);
    await fits(page, 'settings from the user menu');

    // On a wide screen the same URL shows the three panes side by side again.
    await page.goto(`/inbox/${inbox.id}/all/${first.id}`);
    await page.setViewportSize({ width: 1440, height: 900 });
    await conversation.getByRole('heading', { name: 'Lost parcel' }).waitFor();
    assert.ok(await list.isVisible(), 'the list shows beside the conversation');
    assert.ok(await contact.isVisible(), 'the contact shows beside the conversation');
    assert.equal(await page.getByRole('button', { name: 'Views and filters' }).count(), 0);
    await page.getByRole('navigation', { name: 'Views' }).waitFor();
  });
});

test('no serious or critical axe violation at phone size; the menu button tells whether the drawer is open', { skip }, async () => {
  const conv = await world.incoming(
    world.defaultInbox.id,
    { email: 'axel@example.org', name: 'Axel Phone' },
    'The app on my phone shows nothing.',
    'Phone trouble',
  );
  const found: string[] = [];
  await scenario(browser, world.url, 'phone-axe', async (open) => {
    const t = await open();
    const page = await phoneLogin(t);
    const check = async (screen: string) => {
      for (const v of await seriousViolations(page)) found.push(`${screen}: ${v}`);
    };
    await page.goto(`/inbox/${world.defaultInbox.id}/all`);
    await page.locator('.conv-row', { hasText: 'Axel Phone' }).waitFor();
    await check('inbox list');

    // The menu button says whether the drawer it controls is open (read by attribute: the dialog hides the rest from the tree).
    const menuButton = page.locator('.menu-btn');
    assert.equal(await menuButton.getAttribute('aria-expanded'), 'false');
    await page.getByRole('button', { name: 'Views and filters' }).click();
    const drawer = page.getByRole('dialog', { name: 'Views and filters' });
    await drawer.waitFor();
    assert.equal(await menuButton.getAttribute('aria-expanded'), 'true');
    assert.equal(await drawer.getAttribute('id'), await menuButton.getAttribute('aria-controls'), 'aria-controls names the drawer');
    await check('views drawer');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    assert.equal(await menuButton.getAttribute('aria-expanded'), 'false');

    await page.locator('.conv-row', { hasText: 'Axel Phone' }).click();
    await page.locator('.thread .msg').first().waitFor();
    await check('conversation');
    await page.getByRole('button', { name: 'Contact details' }).click();
    await page.getByRole('complementary', { name: 'Contact' }).getByText('axel@example.org').waitFor();
    await check('contact pane');

    await page.goto('/contacts');
    await page.locator('.crm-page table').waitFor();
    await check('contacts');
    await page.goto(`/contacts/${conv.contact!.id}`);
    await page.locator('.contact-layout').waitFor();
    await check('contact');
    await page.goto('/tickets');
    await page.locator('.crm-page').waitFor();
    await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
    await check('tickets');
    await page.goto('/settings/inboxes');
    await page.locator('.settings-main h2').first().waitFor();
    await check('settings');
  });
  assert.deepEqual(found, [], `axe found serious or critical violations at 390 × 844:\n${found.join('\n')}`);
});

test(
  'a tablet (900 × 800) shows the list and the conversation side by side, the views in the drawer and the contact on demand',
  { skip },
  async () => {
    const conv = await world.incoming(
      world.defaultInbox.id,
      { email: 'tove@example.org', name: 'Tove Tablet' },
      'Hello from a tablet.',
      'Tablet',
    );
    await scenario(browser, world.url, 'tablet-panes', async (open) => {
      const t = await open();
      const page = t.page;
      await page.setViewportSize({ width: 900, height: 800 });
      t.allow('/api/v1/me', 401);
      await page.goto('/');
      await page.getByLabel('Email').fill(world.admin.email);
      await page.getByLabel('Password').fill(world.admin.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Signed in (the session cookie set) before the conversation's address is opened.
      await page.locator('.conv-list').waitFor();
      await page.goto(`/inbox/${world.defaultInbox.id}/all/${conv.id}`);
      const heading = page.getByRole('region', { name: 'Conversation', exact: true }).getByRole('heading', { name: 'Tablet' });
      await heading.waitFor();
      const list = await page.getByRole('region', { name: 'Conversations' }).boundingBox();
      const thread = await page.locator('.thread').boundingBox();
      assert.ok(list && thread && list.x + list.width <= thread.x + 1, 'the list and the thread lie side by side');
      assert.ok(thread.width >= 400, `the thread has room (${thread.width}px)`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 900, `the page is ${wide}px wide`);

      // The contact is folded to the edge; opened, it lies over the conversation.
      const contact = page.getByRole('complementary', { name: 'Contact' });
      assert.equal(await contact.getByText('tove@example.org').count(), 0);
      await contact.getByRole('button', { name: /contact/i }).click();
      await contact.getByText('tove@example.org').waitFor();

      // The views and filters come from the menu button, as on a phone.
      await page.getByRole('button', { name: 'Views and filters' }).click();
      await page
        .getByRole('dialog', { name: 'Views and filters' })
        .getByRole('link', { name: /Unassigned/ })
        .waitFor();
    });
  },
);
