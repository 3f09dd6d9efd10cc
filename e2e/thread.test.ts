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

/**
 * Scrolls the thread to the top, again each time older messages added above move it, until the message with
 * this text is in view there (the reader scrolling up through the pages).
 */
const toTop = (page: Page, text: string) =>
  page.waitForFunction((text) => {
    const thread = document.querySelector('.thread')!;
    if (thread.getAttribute('aria-busy') === 'true') return false;
    if (thread.scrollTop > 0) {
      thread.scrollTop = 0;
      return false;
    }
    const el = [...document.querySelectorAll('.thread .msg-text')].find((x) => x.textContent === text);
    return !!el && el.getBoundingClientRect().top >= thread.getBoundingClientRect().top - 1;
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

    // Scrolled up to the start (older pages come as the reader reaches the top of what was read): the first
    // message shows; a new message keeps the place and offers a button.
    await toTop(page, 'note 1');
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

test('a thread of 1,000 opens reading only its newest page, and scrolling up reads older pages in place', { skip }, async () => {
  const api = world.server.adminClient;
  const conv = await world.incoming(world.defaultInbox.id, { email: 'tom@example.org', name: 'Tom Thousand' }, 'item 1', 'A longer story');
  for (let i = 2; i <= 1000; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, 1001 - i) }, (_, k) =>
        api.post(`/api/v1/conversations/${conv.id}/incoming`, { body: `item ${i + k}` }),
      ),
    );
  }

  await scenario(browser, world.url, 'thousand-thread', async (open) => {
    const t = await open();
    const page = t.page;
    await login(t, world.admin.email, world.admin.password);
    const reads: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === `/api/v1/conversations/${conv.id}/messages`) reads.push(r.url());
    });
    const drawn = (text: string) =>
      page.waitForFunction((text) => [...document.querySelectorAll('.thread .msg-text')].some((x) => x.textContent === text), text);
    await page.goto(`/inbox/${world.defaultInbox.id}/all/${conv.id}`);
    await drawn('item 1000');
    await page.waitForLoadState('networkidle');
    assert.equal(await inView(page, 'item 1000'), true, 'the newest message shows when the thread opens');
    assert.equal(reads.length, 1, `one page is read to open the thread, not all ten (${reads.join(', ')})`);
    assert.match(reads[0]!, /order=desc/);

    // At the top of what was read: the next older page comes, and the message that was at the top stays in view.
    await page.locator('.thread').evaluate((el) => (el.scrollTop = 0));
    await drawn('item 900');
    await page.waitForFunction(() => document.querySelector('.thread')!.getAttribute('aria-busy') === 'false');
    assert.equal(reads.length, 2, 'scrolling up reads one older page');
    assert.equal(await inView(page, 'item 901'), true, 'the reader keeps their place when older messages are added above');

    // On up to the first message, a page at a time.
    await toTop(page, 'item 1');
    assert.equal(await inView(page, 'item 1'), true, 'scrolling to the top brings the first message');
    assert.equal(reads.length, 10, 'each page is read once');
  });
});

test('find in a conversation shows matches the thread has not read yet, loading their pages', { skip }, async () => {
  const api = world.server.adminClient;
  const conv = await world.incoming(world.defaultInbox.id, { email: 'fay@example.org', name: 'Fay Finder' }, 'line 1', 'Whale watching');
  const text = (i: number) => (i === 20 || i === 240 ? `line ${i}: a Blue Whale sighting` : `line ${i}`);
  for (let i = 2; i <= 250; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, 251 - i) }, (_, k) => api.post(`/api/v1/conversations/${conv.id}/incoming`, { body: text(i + k) })),
    );
  }

  await scenario(browser, world.url, 'find-in-thread', async (open) => {
    const t = await open();
    const page = t.page;
    await login(t, world.admin.email, world.admin.password);
    let reads = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === `/api/v1/conversations/${conv.id}/messages`) reads++;
    });
    await page.goto(`/inbox/${world.defaultInbox.id}/all/${conv.id}`);
    await page.waitForFunction(() => [...document.querySelectorAll('.thread .msg-text')].some((x) => x.textContent === 'line 250'));
    assert.equal(reads, 1);

    await page.getByRole('button', { name: 'Find in this conversation' }).click();
    const box = page.getByRole('searchbox', { name: 'Find in this conversation' });
    await box.fill('blue WHALE');
    await box.press('Enter');
    const status = page.locator('.find-count');
    await status.filter({ hasText: '1 of 2' }).waitFor();
    const found = page.locator('.thread-row.found .msg-text');
    await found.filter({ hasText: 'line 240: a Blue Whale sighting' }).waitFor();
    assert.equal(await inView(page, 'line 240: a Blue Whale sighting'), true, 'the newest match is shown');

    // The next (older) match lies two pages back: they are read and it is shown.
    await box.press('Enter');
    await status.filter({ hasText: '2 of 2' }).waitFor();
    await found.filter({ hasText: 'line 20: a Blue Whale sighting' }).waitFor();
    await page.waitForFunction(() => {
      const thread = document.querySelector('.thread')!.getBoundingClientRect();
      const el = document.querySelector('.thread-row.found .msg-text');
      const box = el?.getBoundingClientRect();
      return !!box && box.top >= thread.top - 1 && box.bottom <= thread.bottom + 1;
    });
    assert.equal(await inView(page, 'line 20: a Blue Whale sighting'), true, 'the older match is shown');
    assert.equal(reads, 3, 'the pages down to the match are read, each once');

    await box.fill('orca');
    await box.press('Enter');
    await status.filter({ hasText: 'No messages match' }).waitFor();
    await box.press('Escape');

    await page.getByRole('search', { name: 'Find in this conversation' }).waitFor({ state: 'detached' });
  });
});
