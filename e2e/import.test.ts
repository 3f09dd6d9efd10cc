/**
 * Importing mail in the browser (issue 20): an admin opens Settings › Inboxes › Import mail, picks an
 * mbox, sees the upload, then the import's live progress; stops and resumes it; and reads the summary.
 * Keyboard-reachable, no serious axe violations, usable at phone width.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { seriousViolations } from './support/axe.js';
import { login, scenario, screenshot } from './support/browser.js';
import { browser, skip, world } from './support/suite.js';

/** An mboxrd of `n` messages from a few customers (LF line ends, as mail programs write them). */
function mbox(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      `From c${i % 40}@example.org Mon Jan  1 10:00:00 2024\nFrom: Customer ${i % 40} <c${i % 40}@example.org>\nTo: support@example.com\n` +
        `Subject: Old question ${i % 400}\nDate: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <e2e.import.${i}@example.org>\n\n` +
        `Hello, this is old message ${i}.\n>From the archive.\n\n`,
    );
  return out.join('');
}

test('an admin uploads an mbox, follows the import, stops and resumes it, and reads the summary', { skip }, async () => {
  const inbox = world.defaultInbox;
  const N = 4000;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'import-e2e-')), 'history.mbox');
  fs.writeFileSync(file, mbox(N));
  await scenario(browser, world.url, 'import-mail', async (open) => {
    const t = await open();
    await login(t, world.admin.email, world.admin.password);
    const page = t.page;
    await page.goto('/settings/inboxes');
    const button = page.getByRole('button', { name: `Import mail: ${inbox.name}` });
    await button.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Import mail into ${inbox.name}` });
    await dialog.getByText('No mail has been imported into this inbox yet.').waitFor();
    assert.equal(await dialog.getByLabel('An mbox file').isChecked(), true);
    assert.equal(await dialog.getByLabel('mbox variant').inputValue(), 'mboxrd', 'mboxrd by default');
    await dialog.getByText('mboxrd suits most programs').waitFor();
    assert.deepEqual(await seriousViolations(page, '.modal'), [], 'no serious axe violations in the dialog');
    await dialog.getByLabel('mbox file', { exact: true }).setInputFiles(file);
    await dialog.getByText(/1 file, [\d.,]+ [KM]B/).waitFor();
    await dialog.getByRole('button', { name: 'Upload and import' }).click();
    // Live progress: messages, MB of the total, rate and time left.
    const status = dialog.locator('.import-card [role="status"]');
    await status.filter({ hasText: /[1-9][\d,]* messages · [\d.,]+ [KM]B of [\d.,]+ [KM]B/ }).waitFor({ timeout: 60_000 });
    await status.filter({ hasText: /messages a second · .*(left|Working out)/ }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'import-progress');
    await page.screenshot({ path: '/tmp/import-progress.png' });
    await dialog.getByRole('button', { name: 'Stop importing history.mbox' }).click();
    await dialog.getByText('Resume goes on from where it stopped; no message is imported twice.').waitFor({ timeout: 30_000 });
    const stoppedAt = await status.innerText();
    await dialog.getByRole('button', { name: 'Resume importing history.mbox' }).click();
    // The summary at the end.
    const summary = dialog.getByRole('definition');
    await dialog.locator('.import-summary').waitFor({ timeout: 120_000 });
    assert.equal(await summary.nth(0).innerText(), '4,000', 'imported');
    assert.equal(await summary.nth(1).innerText(), '0', 'duplicates');
    assert.equal(await summary.nth(2).innerText(), '0', 'kept raw');
    assert.ok(Number((await summary.nth(4).innerText()).replace(/,/g, '')) > 0, 'conversations');
    assert.match(stoppedAt, /messages/);
    assert.deepEqual(await seriousViolations(page, '.modal'), [], 'no serious axe violations with the summary');
    await screenshot(page, 'import-summary');
    await page.screenshot({ path: '/tmp/import-summary.png' });
    const api = (await world.server.adminClient.get(`/api/v1/inboxes/${inbox.id}/imports`)).body;
    assert.equal(api.items[0].imported, N);
    assert.equal(api.items[0].state, 'done');
    // At phone width the dialog still fits.
    await page.setViewportSize({ width: 390, height: 844 });
    const width = await page.locator('.modal').evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    assert.ok(width, 'no sideways scrolling at 390 px');
    await page.screenshot({ path: '/tmp/import-phone.png' });
  });
});
