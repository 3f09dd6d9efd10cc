/**
 * A lost search index being rebuilt: an admin sees its progress in the top bar, a search says its results
 * may be incomplete (an agent sees that too, not the progress), and both go when the rebuild is done.
 * The rebuild is held after its first slice through the indexer's test-only gate, then let go.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isolatedStorage } from '../test/support/engines.js';
import { Factory, testPassword } from '../test/support/factory.js';
import { startTestServer } from '../test/support/server.js';
import { browserMissing, launch, login, scenario, screenshot, waitForText } from './support/browser.js';
import { seriousViolations } from './support/axe.js';
import { ensureWebBuilt } from './support/fixtures.js';

const skip = browserMissing() ?? false;

test('an admin sees a search index rebuild progress; a search says it may be incomplete; both go when done', { skip }, async () => {
  ensureWebBuilt();
  const storage = await isolatedStorage('sqlite');
  let s = await startTestServer({ storage });
  const browser = await launch();
  try {
    const f = new Factory(s);
    const agent = await f.user({ name: 'indexagent' });
    const inboxId = await f.defaultInbox();
    for (let i = 0; i < 6; i++)
      await s.adminClient.post(`/api/v1/inboxes/${inboxId}/conversations`, {
        contact: { email: `otter${i}@example.org`, name: `Otter Keeper ${i}` },
        subject: `Otter enclosure ${i}`,
        body: 'The otters need a bigger pond.',
      });
    await s.close();
    for (const file of fs.readdirSync(storage.dataDir).filter((x) => x.startsWith('switchboard.db-search')))
      fs.rmSync(path.join(storage.dataDir, file));
    // Two conversations a slice; held after the first.
    const gate = new Int32Array(new SharedArrayBuffer(4));
    gate[0] = 1;
    s = await startTestServer({ storage, searchIndex: { rebuildSlice: 2, rebuildGate: gate } });

    await scenario(browser, s.url, 'search-index', async (open) => {
      const t = await open();
      await login(t, s.admin.email, s.admin.password);
      const page = t.page;
      const bar = page.getByRole('progressbar', { name: 'Rebuilding the search index' });
      await bar.waitFor();
      await page.waitForFunction(() => (document.querySelector('.index-status progress') as HTMLProgressElement | null)?.value === 2);
      assert.deepEqual(await bar.evaluate((el: HTMLProgressElement) => [el.value, el.max]), [2, 6]);
      await waitForText(page, '.index-status', '33%');

      await page.getByRole('searchbox', { name: 'Search conversations' }).fill('otters');
      await page.getByRole('searchbox', { name: 'Search conversations' }).press('Enter');
      const partial = page.getByText('The search index is still being built (33%): results may be incomplete.');
      await partial.waitFor();
      await page.waitForFunction(() => document.querySelectorAll('.conv-list .conv-row').length === 2);
      await screenshot(page, 'search-index-admin');
      assert.deepEqual(await seriousViolations(page, '.topbar'), []);
      assert.deepEqual(await seriousViolations(page, '.list-head'), []);
      await page.setViewportSize({ width: 1000, height: 800 });
      await screenshot(page, 'search-index-tablet');
      await page.setViewportSize({ width: 390, height: 844 });
      await bar.waitFor();
      await screenshot(page, 'search-index-phone');
      await page.setViewportSize({ width: 1440, height: 900 });

      // An agent is told the results may be incomplete, but the rebuild's progress is for admins.
      const a = await open();
      await login(a, agent.email, testPassword(agent.name));
      await a.page.goto(new URL(page.url()).pathname + new URL(page.url()).search);
      await a.page.getByText('The search index is still being built (33%): results may be incomplete.').waitFor();
      assert.equal(await a.page.getByRole('progressbar').count(), 0);

      Atomics.store(gate, 0, -1);
      await waitForText(page, '.toast', 'Search index rebuilt');
      await bar.waitFor({ state: 'detached' });
      await partial.waitFor({ state: 'detached' });
      await page.waitForFunction(() => document.querySelectorAll('.conv-list .conv-row').length === 6);
      await a.page.getByText(/still being built/).waitFor({ state: 'detached' });
      await screenshot(page, 'search-index-done');
    });
  } finally {
    await browser.close();
    await s.close();
    await storage.drop();
  }
});
