/**
 * A long thread (virtualised): it opens at the newest message, stays there as messages arrive while the reader
 * is at the bottom, and keeps a reader who scrolled up where they are, with a "New messages" button.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { login, scenario } from './support/browser.js';
import { browser, skip, world } from './support/suite.js';

/** Whether the message with this text is drawn and lies within the thread's visible box. */
const inView = (page: Page, text: string) =>
  page.evaluate((text) => {
    const thread = document.querySelector('.thread')!.getBoundingClientRect();
    const el = [...document.querySelectorAll('.thread .msg-text')].find((x) => x.textContent === text);
    if (!el) return false;
    const box = el.getBoundingClientRect();
    return box.top >= thread.top - 1 && box.bottom <= thread.bottom + 1;
  }, text);

test('a thread of 300 opens at the newest, follows new messages at the bottom, and offers them when scrolled up', { skip }, async () => {
  const api = world.server.adminClient;
  const conv = await world.incoming(world.defaultInbox.id, { email: 'lena@example.org', name: 'Lena Long' }, 'note 1', 'A long story');
  for (let i = 2; i <= 300; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, 301 - i) }, (_, k) =>
        api.post(`/api/v1/conversations/${conv.id}/incoming`, { body: `note ${i + k}` }),
      ),
    );
  }

  await scenario(browser, world.url, 'long-thread', async (open) => {
    const t = await open();
    const page = t.page;
    await login(t, world.admin.email, world.admin.password);
    await page.goto(`/inbox/${world.defaultInbox.id}/all/${conv.id}`);
    await page.waitForFunction(() => [...document.querySelectorAll('.thread .msg-text')].some((x) => x.textContent === 'note 300'));
    await page.waitForFunction(() => {
      const el = document.querySelector('.thread')!;
      return el.scrollHeight - el.scrollTop - el.clientHeight < 2;
    });
    assert.equal(await inView(page, 'note 300'), true, 'the newest message shows when the thread opens');
    const drawn = await page.locator('.thread .msg').count();
    assert.ok(drawn < 100, `only the messages near the view are drawn (${drawn} of 300)`);

    // At the bottom, a new message comes into view by itself.
    await api.post(`/api/v1/conversations/${conv.id}/incoming`, { body: 'note 301' });
    await page.waitForFunction(() => [...document.querySelectorAll('.thread .msg-text')].some((x) => x.textContent === 'note 301'));
    await page.waitForFunction(() => {
      const el = document.querySelector('.thread')!;
      return el.scrollHeight - el.scrollTop - el.clientHeight < 2;
    });
    assert.equal(await inView(page, 'note 301'), true, 'the new message shows at the bottom');
    assert.equal(await page.getByRole('button', { name: 'New messages' }).count(), 0);

    // Scrolled up to the start: the first message shows; a new message keeps the place and offers a button.
    await page.locator('.thread').evaluate((el) => (el.scrollTop = 0));
    await page.waitForFunction(() => [...document.querySelectorAll('.thread .msg-text')].some((x) => x.textContent === 'note 1'));
    assert.equal(await inView(page, 'note 1'), true, 'scrolling up brings the first message');
    await api.post(`/api/v1/conversations/${conv.id}/incoming`, { body: 'note 302' });
    const newer = page.getByRole('button', { name: 'New messages' });
    await newer.waitFor();
    assert.equal(await inView(page, 'note 1'), true, 'the reader keeps their place');
    await newer.click();
    await page.waitForFunction(() => [...document.querySelectorAll('.thread .msg-text')].some((x) => x.textContent === 'note 302'));
    await page.waitForFunction(() => {
      const el = document.querySelector('.thread')!;
      return el.scrollHeight - el.scrollTop - el.clientHeight < 2;
    });
    assert.equal(await inView(page, 'note 302'), true, 'the button brings the newest message');
    await newer.waitFor({ state: 'detached' });
  });
});
