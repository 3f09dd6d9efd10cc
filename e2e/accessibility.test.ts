/**
 * Accessibility in Chromium: axe-core on every main screen (login, inbox with a conversation open,
 * contacts, a contact, tickets, each settings page, the chat widget open) fails on any serious or
 * critical violation; and the keyboard: the skip link, a dialog's focus trap, a menu's arrow keys,
 * Escape giving focus back.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { settingsTabs } from '../src/web/state/route.js';
import { seriousViolations } from './support/axe.js';
import { login, scenario, screenshot } from './support/browser.js';
import { startHostPage, type HostPage } from './support/chat-host.js';
import { browser, skip, world } from './support/suite.js';

let host: HostPage;
before(async () => {
  if (skip) return;
  host = await startHostPage();
});
after(() => host?.close());

/** What the focused element is: its role or tag, and its accessible text. */
/** The focused element once focus has settled: Radix hands focus back in the task after the menu or dialog unmounts. */
const focusSettlesOn = async (page: Page, name: RegExp) => {
  await page
    .waitForFunction(
      (src) => {
        const el = document.activeElement as HTMLElement | null;
        return new RegExp(src).test((el?.getAttribute('aria-label') || el?.textContent || '').trim());
      },
      name.source,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  return focused(page);
};

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      role: el?.getAttribute('role') ?? el?.tagName.toLowerCase() ?? '',
      text: (el?.getAttribute('aria-label') || el?.textContent || '').trim(),
      inDialog: !!el?.closest('[role="dialog"]'),
      convRow: el?.getAttribute('data-conv-id') ?? null,
    };
  });

test('no serious or critical axe violation on any main screen', { skip }, async () => {
  const api = world.server.adminClient;
  const conv = await world.incoming(
    world.defaultInbox.id,
    { email: 'ada@example.org', name: 'Ada Access' },
    'The checkout button does nothing when I press Enter.',
    'Checkout by keyboard',
  );
  assert.equal((await api.post(`/api/v1/conversations/${conv.id}/tickets`, {})).status, 201);
  assert.equal((await api.post('/api/v1/snippets', { name: 'thanks', body: 'Thank you!' })).status, 201);
  assert.equal((await api.post('/api/v1/teams', { name: 'Front desk', userIds: [] })).status, 201);
  const chat = await api.post(`/api/v1/inboxes/${world.defaultInbox.id}/channels`, {
    kind: 'chat',
    name: 'Acme help',
    settings: { welcome: 'Hi! How can we help?', allowedOrigins: [host.url] },
  });
  assert.equal(chat.status, 201, JSON.stringify(chat.body));
  host.snippet = chat.body.installSnippet;

  const found: string[] = [];
  const check = async (page: Page, screen: string, include?: string) => {
    for (const v of await seriousViolations(page, include)) found.push(`${screen}: ${v}`);
  };

  await scenario(browser, world.url, 'a11y-screens', async (open) => {
    const t = await open();
    const page = t.page;
    // A signed-out visit asks who is signed in and gets 200 `{user: null}`: no HTTP error, nothing in the console.
    await page.goto('/');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await check(page, 'login');

    await login(t, world.admin.email, world.admin.password);
    await page.goto(`/inbox/${world.defaultInbox.id}/all/${conv.id}`);
    await page.getByRole('heading', { name: 'Checkout by keyboard' }).waitFor();
    await page.locator('.thread').getByText('The checkout button does nothing').waitFor();
    await check(page, 'inbox with a conversation open');
    await screenshot(page, 'a11y-inbox');

    await page.getByRole('button', { name: /User menu/ }).click();
    await page.getByRole('menu', { name: /User menu/ }).waitFor();
    await check(page, 'user menu open');
    await screenshot(page, 'a11y-user-menu');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Compose' }).click();
    const compose = page.getByRole('dialog', { name: 'New email' });
    await compose.getByRole('textbox', { name: 'Message' }).waitFor();
    await check(page, 'new email dialog (rich editor)');
    await screenshot(page, 'a11y-compose');
    await page.keyboard.press('Escape');
    await compose.waitFor({ state: 'detached' });

    await page.goto('/contacts');
    await page
      .getByRole('link', { name: /Ada Access/ })
      .first()
      .waitFor();
    await check(page, 'contacts');

    await page.goto(`/contacts/${conv.contact!.id}`);
    await page.getByRole('heading', { name: 'Ada Access' }).waitFor();
    await check(page, 'contact page');

    await page.goto('/tickets');
    await page.locator('.ticket-card', { hasText: 'Checkout by keyboard' }).waitFor();
    await check(page, 'tickets');

    for (const tab of settingsTabs) {
      await page.goto(`/settings/${tab}`);
      await page.locator(`.settings-nav a[href="/settings/${tab}"][aria-current="page"]`).waitFor();
      await page.locator('.settings-main h2').first().waitFor();
      await check(page, `settings/${tab}`);
    }

    // An email channel's team signature: formatted, in the editor with its toolbar, the "Insert token" menu open.
    await page.goto('/settings/inboxes');
    await page.getByText('From name, From address and signature').first().click();
    const signature = page.locator('.signature-editor').first();
    await signature.getByRole('radio', { name: 'Formatted (HTML)' }).check();
    await signature.locator('.ProseMirror').waitFor();
    await signature.getByRole('button', { name: 'Insert token' }).click();
    await page.getByRole('menu', { name: 'Insert token' }).waitFor();
    await check(page, 'signature editor with the Insert token menu open');
    await screenshot(page, 'a11y-signature');
    await page.keyboard.press('Escape');

    const v = await open();
    await v.page.goto(`${host.url}/pricing`);
    const widget = v.page.locator('[data-switchboard]');
    await widget.getByRole('button', { name: 'Open chat' }).click();
    await widget.getByRole('dialog', { name: 'Chat' }).getByText('Hi! How can we help?').waitFor();
    await check(v.page, 'chat widget', '[data-switchboard]');
  });
  assert.deepEqual(found, [], `axe found serious or critical violations:\n${found.join('\n')}`);
});

test('the skip link is the first tab stop and brings the first conversation within three key presses', { skip }, async () => {
  await world.incoming(world.defaultInbox.id, { email: 'kai@example.org', name: 'Kai Keys' }, 'Tab, tab, tab.', 'Keyboard only');
  await scenario(browser, world.url, 'a11y-skip-link', async (open) => {
    const t = await open();
    const page = t.page;
    await login(t, world.admin.email, world.admin.password);
    await page.locator('.conv-row').first().waitFor();
    await page.reload();
    await page.locator('.conv-row').first().waitFor();
    await page.getByRole('main').waitFor();

    await page.keyboard.press('Tab');
    assert.deepEqual(await focused(page).then((f) => [f.role, f.text]), ['a', 'Skip to conversations']);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const first = await page.locator('.conv-row a').first().getAttribute('data-conv-id');
    assert.equal((await focused(page)).convRow, first, 'Tab, Enter, Tab reaches the first conversation');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/${first}$`));
  });
});

test('a dialog traps focus, Escape closes it and gives focus back to what opened it', { skip }, async () => {
  await scenario(browser, world.url, 'a11y-dialog', async (open) => {
    const t = await open();
    const page = t.page;
    await login(t, world.admin.email, world.admin.password);
    await page.goto('/settings/teams');
    const trigger = page.getByRole('button', { name: 'Create team' }).first();
    await trigger.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Create team' });
    await dialog.waitFor();
    assert.equal((await focused(page)).inDialog, true, 'focus moves into the dialog');
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      assert.equal((await focused(page)).inDialog, true, `Tab ${i + 1} stays in the dialog`);
    }
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Shift+Tab');
      assert.equal((await focused(page)).inDialog, true, `Shift+Tab ${i + 1} stays in the dialog`);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(
      await focusSettlesOn(page, /^Create team$/).then((f) => [f.role, f.text]),
      ['button', 'Create team'],
      'focus is back on the trigger',
    );
  });
});

test('menus take arrow keys, and Escape closes them and gives focus back to their button', { skip }, async () => {
  const conv = await world.incoming(world.defaultInbox.id, { email: 'mo@example.org', name: 'Mo Menu' }, 'Arrow keys?', 'Menus');
  await scenario(browser, world.url, 'a11y-menu', async (open) => {
    const t = await open();
    const page = t.page;
    await login(t, world.admin.email, world.admin.password);
    await page.goto(`/inbox/${world.defaultInbox.id}/all/${conv.id}`);
    await page.getByRole('heading', { name: 'Menus' }).waitFor();

    const more = page.getByRole('button', { name: /^More/ });
    await more.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'More' });
    await menu.waitFor();
    const items = await menu.getByRole('menuitem').allInnerTexts();
    assert.ok(items.length >= 3, `the More menu has its items: ${items.join(', ')}`);
    // The menu moves the focus after the key press is handled: wait for it to settle, then check where it is.
    const focusOn = (text: string | undefined) =>
      focusSettlesOn(page, new RegExp(`^${(text ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)).then((f) => [f.role, f.text]);
    assert.deepEqual(await focusOn(items[0]), ['menuitem', items[0]], 'the first item has focus');
    await page.keyboard.press('ArrowDown');
    assert.deepEqual(await focusOn(items[1]), ['menuitem', items[1]], 'ArrowDown moves to the next');
    await page.keyboard.press('End');
    assert.deepEqual(await focusOn(items.at(-1)), ['menuitem', items.at(-1)], 'End moves to the last');
    await page.keyboard.press('ArrowDown');
    assert.deepEqual(await focusOn(items[0]), ['menuitem', items[0]], 'ArrowDown wraps to the first');
    await page.keyboard.press('ArrowUp');
    assert.deepEqual(await focusOn(items.at(-1)), ['menuitem', items.at(-1)], 'ArrowUp wraps to the last');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    assert.match((await focusSettlesOn(page, /^More/)).text, /^More/, 'focus is back on the More button');

    // The user menu too: opened from the keyboard, its items are reached with the arrows.
    const userButton = page.getByRole('button', { name: /User menu/ });
    await userButton.focus();
    await page.keyboard.press('Enter');
    const userMenu = page.getByRole('menu', { name: /User menu/ });
    await userMenu.waitFor();
    // Each ArrowDown is read once the focus has moved (the menu moves it after the key is handled).
    let seen = (await focused(page)).text;
    for (let i = 0; i < 12 && seen !== 'Settings'; i++) {
      const before = seen;
      await page.keyboard.press('ArrowDown');
      await page
        .waitForFunction(
          (b) => {
            const el = document.activeElement as HTMLElement | null;
            return (el?.getAttribute('aria-label') || el?.textContent || '').trim() !== b;
          },
          before,
          { timeout: 5_000 },
        )
        .catch(() => undefined);
      seen = (await focused(page)).text;
    }
    assert.equal(seen, 'Settings', 'ArrowDown reaches Settings');
    await page.keyboard.press('Escape');
    await userMenu.waitFor({ state: 'detached' });
    assert.match((await focusSettlesOn(page, /User menu/)).text, /User menu/, 'focus is back on the user button');
  });
});

test('a toast shows and is announced while a dialog is open, and dismissing it leaves the dialog open', { skip }, async () => {
  await scenario(browser, world.url, 'a11y-toast-in-dialog', async (open) => {
    const t = await open();
    const page = t.page;
    await login(t, world.admin.email, world.admin.password);
    // The profile save is refused with a message that names no field: the app says it in a toast.
    t.allow('/api/v1/me', 409);
    await page.route('**/api/v1/me', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 409,
            contentType: 'application/json',
            body: JSON.stringify({ error: 'conflict', message: 'Someone else saved first' }),
          })
        : route.continue(),
    );
    await page.getByRole('button', { name: /User menu/ }).click();
    await page.getByRole('menuitem', { name: 'Profile' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your profile' });
    await dialog.getByRole('button', { name: 'Save' }).click();

    // Found by role: it is in the accessibility tree although the dialog hides the page behind it.
    const toast = page.getByRole('alert').filter({ hasText: 'Someone else saved first' });
    await toast.waitFor();
    const live = await toast.evaluate((el) => ({
      hidden: !!el.closest('[aria-hidden="true"]'),
      polite: el.closest('[aria-live]')?.getAttribute('aria-live') ?? null,
    }));
    assert.deepEqual(live, { hidden: false, polite: 'polite' }, 'the toast sits in a live region no dialog hides');
    assert.equal(await dialog.isVisible(), true, 'the refused save keeps the dialog open');
    await toast.getByRole('button', { name: 'Dismiss' }).click();
    await toast.waitFor({ state: 'detached' });
    assert.equal(await dialog.isVisible(), true, 'dismissing the toast does not close the dialog');
  });
});
