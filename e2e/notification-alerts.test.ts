/**
 * Notifications outside the bell (F-NOTIFY.1–2), in a real browser: with the Notifications permission
 * granted and the tab in the background, an assignment by another agent shows a browser notification
 * whose click opens the conversation; the Notifications dialog in the user menu saves the matrix and
 * the sound options, explains desktop notifications before asking, and is usable and axe-clean on a
 * desktop and at 390 px.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './support/axe.js';
import { browserMissing, launch, login, scenario, screenshot } from './support/browser.js';
import { startWorld, type World } from './support/fixtures.js';

const skip = browserMissing();

/** Replaces `window.Notification` with a recorder and lets the test say whether the tab is hidden (a string: the test runner's transform must not touch it). */
const recorder = `
  window.__shown = [];
  window.__hidden = false;
  function RecordedNotification(title, opts) {
    this.onclick = null;
    window.__shown.push({ title, body: opts && opts.body, tag: opts && opts.tag, n: this });
  }
  RecordedNotification.prototype.close = function () {};
  RecordedNotification.permission = 'granted';
  RecordedNotification.requestPermission = async () => 'granted';
  Object.defineProperty(window, 'Notification', { value: RecordedNotification, configurable: true, writable: true });
  Object.defineProperty(document, 'visibilityState', { get: () => (window.__hidden ? 'hidden' : 'visible'), configurable: true });
`;

const shown = (page: Page) => page.evaluate(() => (window as any).__shown.map((s: any) => ({ title: s.title, body: s.body, tag: s.tag })));

describe('notification alerts', { skip: skip ?? undefined }, () => {
  let world: World;
  let browser: Browser;
  before(async () => {
    world = await startWorld();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  test('an assignment by another agent shows a browser notification while the tab is in the background; its click opens the conversation', async () => {
    const alice = await world.createUser('Alice Agent');
    const bob = await world.createUser('Bob Agent');
    const conv = await world.incoming(
      world.defaultInbox.id,
      { email: 'carol@example.org', name: 'Carol Customer' },
      'Where is it?',
      'Lost parcel',
    );
    await scenario(browser, world.url, 'notification-alerts', async (open) => {
      const b = await open();
      await b.context.grantPermissions(['notifications']);
      await b.page.addInitScript({ content: recorder });
      await login(b, bob.email, bob.password);
      await b.page.evaluate(() => ((window as any).__hidden = true));
      const r = await alice.client.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: bob.user.id });
      assert.equal(r.status, 200);
      await b.page.waitForFunction(() => (window as any).__shown.length > 0);
      const [n] = await shown(b.page);
      assert.equal(n.title, 'Alice Agent assigned a conversation to you');
      assert.match(n.body, /Lost parcel/);
      // Back in the tab, the click takes Bob to the conversation.
      await b.page.evaluate(() => ((window as any).__hidden = false));
      await b.page.evaluate(() => (window as any).__shown[0].n.onclick());
      await b.page.waitForURL(new RegExp(`/${conv.id}$`));
      await b.page.locator('.conv-head h2', { hasText: 'Lost parcel' }).waitFor();
    });
  });

  test('the Notifications dialog saves the matrix and the sound options; desktop notifications are explained before asking; desktop and phone', async () => {
    const dana = await world.createUser('Dana Agent');
    await scenario(browser, world.url, 'notification-preferences', async (open) => {
      const d = await open();
      await d.context.grantPermissions(['notifications']);
      await d.page.addInitScript({ content: recorder });
      await login(d, dana.email, dana.password);
      const page = d.page;
      await page.getByRole('button', { name: /User menu/ }).click();
      await page.getByRole('menuitem', { name: 'Notifications…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Notifications' });
      await dialog.waitFor();
      await dialog.getByText(/Your browser will ask you to allow it/).waitFor();
      await dialog.getByRole('button', { name: 'Turn on desktop notifications' }).waitFor();
      assert.equal(await dialog.getByRole('checkbox', { name: 'A conversation is assigned to me: Sound' }).isChecked(), true);
      await dialog.getByRole('checkbox', { name: 'A conversation is assigned to me: Sound' }).uncheck();
      await dialog.getByRole('checkbox', { name: 'New email conversation: In app' }).check();
      await dialog.getByRole('checkbox', { name: 'Repeat every 30 seconds until I read it' }).check();
      await dialog.getByLabel('Send email after (minutes)').fill('15');
      await screenshot(page, 'notification-preferences-desktop');
      assert.deepEqual(await seriousViolations(page, '[role="dialog"]'), []);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Notification settings saved').waitFor();
      const saved = (await dana.client.get('/api/v1/me/notification-preferences')).body;
      assert.equal(saved.kinds.assigned.sound, false);
      assert.equal(saved.kinds.assigned.inApp, true);
      assert.equal(saved.kinds.new_conversation_email.inApp, true);
      assert.equal(saved.sound.repeat, true);
      assert.equal(saved.emailDelayMinutes, 15);
      assert.equal((await dialog.count()) === 0 || !(await dialog.isVisible()), true, 'the dialog closed');

      // On a phone: each kind a card of four labelled ticks, nothing wider than the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('button', { name: /User menu/ }).click();
      await page.getByRole('menuitem', { name: 'Notifications…' }).click();
      await dialog.waitFor();
      assert.equal(await dialog.getByRole('checkbox', { name: 'A conversation is assigned to me: Sound' }).isChecked(), false, 'as saved');
      // The button asks, then registers the service worker and tries to subscribe to push (this
      // headless browser has no push service: notifications then show only while a tab is open).
      await dialog.getByRole('button', { name: 'Turn on desktop notifications' }).click();
      await dialog.getByText(/Notifications show while a Switchboard tab is open|Desktop notifications are on/).waitFor();
      assert.equal(
        await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration('/'))?.active),
        true,
        '/sw.js is running',
      );
      const overflow = await page.evaluate(() => {
        const el = document.querySelector('[role="dialog"]')!;
        return el.scrollWidth - el.clientWidth;
      });
      assert.ok(overflow <= 1, `the dialog scrolls sideways by ${overflow}px`);
      await screenshot(page, 'notification-preferences-phone');
      assert.deepEqual(await seriousViolations(page, '[role="dialog"]'), []);
      // Chromium says so on the console itself (a test browser context is "incognito"); not the app's error.
      for (let i = d.problems.length - 1; i >= 0; i--) if (/Push API in incognito mode/.test(d.problems[i]!)) d.problems.splice(i, 1);
    });
  });
});
