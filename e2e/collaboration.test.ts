/** Two agents in two browsers: assignment, live counts, replies, messages arriving and presence, without reloads. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { engineSuite, engines, missing, type Engine } from '../test/support/engines.js';
import { browserMissing, launch, login, scenario, waitForText } from './support/browser.js';
import { startWorld, type World } from './support/fixtures.js';

const skipBrowser = browserMissing();

// The realtime path end to end on both storage engines (PostgreSQL with Redis fan-out when reachable).
for (const engine of engines) {
  const suite = skipBrowser ? { skip: skipBrowser } : await engineSuite(engine);
  describe(`two agents on ${engine}`, suite, () => {
    let world: World;
    let browser: Browser;
    before(async () => {
      world = await startWorld({ engine, redis: engine === 'postgres' && !(await missing('redis')) });
      browser = await launch();
    });
    after(async () => {
      await browser?.close();
      await world?.close();
    });
    test('A assigns to B, B sees it live in Assigned to me, replies, A sees the reply; the customer writes again and both see it; both see presence', () =>
      twoAgents(world, browser, engine));
  });
}

async function twoAgents(world: World, browser: Browser, engine: Engine) {
  const alice = await world.createUser('Alice Agent');
  const bob = await world.createUser('Bob Agent');
  const carol = await world.incoming(
    world.defaultInbox.id,
    { email: 'carol@example.org', name: 'Carol Customer' },
    'My order has not arrived.',
    'Where is my order?',
  );

  await scenario(browser, world.url, `collaboration-${engine}`, async (open) => {
    const a = await open();
    const b = await open();
    await login(a, alice.email, alice.password);
    await login(b, bob.email, bob.password);

    // Bob watches Assigned to me: empty, count 0.
    await b.page.getByRole('link', { name: /Assigned to me/ }).click();
    await b.page.locator('[data-view="mine"] .count[data-count="0"]').waitFor();
    await b.page.getByText('Nothing here').waitFor();

    // Alice opens the conversation and assigns it to Bob.
    await a.page.locator('.conv-row', { hasText: 'Carol Customer' }).click();
    await waitForText(a.page, '.conv-head h2', 'Where is my order?');
    await a.page.getByRole('button', { name: /Assignee/ }).click();
    await a.page.getByRole('menuitem', { name: /Bob Agent/ }).click();
    await waitForText(a.page, '.assign-btn', 'Bob Agent');

    // Bob: the count changes and the row appears, live.
    await b.page.locator('[data-view="mine"] .count[data-count="1"]').waitFor();
    const row = b.page.locator('.conv-row', { hasText: 'Carol Customer' });
    await row.waitFor();

    // Bob opens it; each sees the other there.
    await row.click();
    await waitForText(b.page, '.presence-viewing', 'Alice Agent');
    await waitForText(a.page, '.presence-viewing', 'Bob Agent');

    // Bob types: Alice sees him typing; then he sends.
    await b.page.getByLabel('Reply to the customer').pressSequentially('Hi Carol, your parcel ships today.', { delay: 5 });
    await waitForText(a.page, '.presence-typing', 'Bob Agent is typing');
    await b.page.getByRole('button', { name: 'Send reply' }).click();
    await waitForText(b.page, '.thread .msg-out', 'your parcel ships today');

    // Alice sees the reply without a reload.
    await waitForText(a.page, '.thread .msg-out', 'Hi Carol, your parcel ships today.');
    await waitForText(a.page, '.thread .msg-out header', 'Bob Agent');

    // With the conversation open, another customer writes in, then Carol writes again: Carol's message shows in
    // both threads and her row comes back to the top with the new preview, without reloading the page or re-reading the thread.
    for (const t of [a, b]) await t.page.evaluate(() => Object.assign(window, { samePage: true }));
    const threadReads: string[] = [];
    for (const t of [a, b])
      t.page.on('request', (r) => r.method() === 'GET' && /\/conversations\/[^/]+\/messages/.test(r.url()) && threadReads.push(r.url()));
    await world.incoming(world.defaultInbox.id, { email: 'dan@example.org', name: 'Dan Other' }, 'A different question.', 'Another thing');
    const first = a.page.locator('.conv-list .conv-row').first();
    await waitForText(a.page, '.conv-list .conv-row:first-child', 'Dan Other');
    const sent = await world.server.adminClient.post(`/api/v1/conversations/${carol.id}/incoming`, {
      body: 'Thanks! Any tracking number?',
    });
    assert.equal(sent.status, 201);
    for (const t of [a, b]) await waitForText(t.page, '.thread .msg-in', 'Any tracking number?');
    await waitForText(a.page, '.conv-list .conv-row:first-child', 'Thanks! Any tracking number?');
    assert.match((await first.textContent()) ?? '', /Carol Customer/);
    await waitForText(b.page, '.conv-list .conv-row', 'Thanks! Any tracking number?');
    for (const t of [a, b]) assert.equal(await t.page.evaluate(() => (window as { samePage?: boolean }).samePage), true, 'no reload');
    assert.deepEqual(threadReads, [], 'the thread is not read again');
  });
}
