/**
 * Settings › Export in the browser: the empty state, Export everything shows its progress and then
 * a Download link and that a link was emailed; the download is the archive; past exports list its
 * size; the CSV form refuses an end before the start and downloads the chosen inbox; at phone width
 * and with axe, nothing serious. Screenshots are saved in test-output/ and /tmp.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { seriousViolations } from './support/axe.js';
import { login, scenario, screenshot, waitForText } from './support/browser.js';
import { browser, capture, server, skip } from './support/mail-suite.js';

test('an admin exports everything, sees the progress, downloads the archive and is emailed the link', { skip }, async () => {
  const inbox = (await server.adminClient.get('/api/v1/inboxes')).body.items[0];
  const made = await server.adminClient.post(`/api/v1/inboxes/${inbox.id}/conversations`, {
    contact: { email: 'ada@example.org', name: 'Ada Archive' },
    subject: 'Keep a copy',
    body: 'Please keep a copy of this.',
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  await scenario(browser, server.url, 'export-everything', async (open) => {
    const t = await open();
    await login(t, server.admin.email, server.admin.password);
    const page = t.page;
    await page.goto('/settings/export');
    await page.getByRole('heading', { name: 'Export everything' }).waitFor();
    await page.getByRole('heading', { name: 'No exports yet' }).waitFor();
    assert.deepEqual(await seriousViolations(page, '.settings-main'), []);

    // Keyboard: the button is reached and pressed without the mouse.
    const start = page.getByRole('button', { name: 'Export everything' });
    await start.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('progressbar').waitFor();
    await screenshot(page, 'export-progress');
    const download = page.getByRole('link', { name: /^Download \(\d+(\.\d)? KB\)$/ });
    await download.waitFor({ timeout: 30_000 });
    await waitForText(page, '.export-current', 'We also emailed you a download link.', 15_000);
    await page.getByRole('link', { name: /^Download the export of .* KB\)$/ }).waitFor();
    assert.equal(await start.isDisabled(), false, 'a new export can be started once this one is done');

    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    assert.match(file.suggestedFilename(), /^switchboard-export-\d{4}-\d{2}-\d{2}\.tar\.gz$/);
    const tar = gunzipSync(await readFile((await file.path())!));
    assert.equal(tar.toString('utf8', 0, 13), 'manifest.json');
    const manifest = JSON.parse(tar.toString('utf8', 512, 512 + parseInt(tar.toString('utf8', 124, 135), 8)));
    assert.equal(manifest.tables.conversations.rows, 1);
    const mail = capture.messages.find((m) => m.parsed.subject === 'Your Switchboard export is ready');
    assert.ok(mail && /\/api\/v1\/exports\/\S+\/file\?token=/.test(mail.parsed.text!), 'the link was mailed');

    // Conversations as CSV: an end before the start is refused; one inbox downloads.
    const form = page.getByRole('region', { name: 'Conversations for spreadsheets' });
    await form.getByLabel('Created from').fill('2026-03-10');
    await form.getByLabel('Created until').fill('2026-03-01');
    await waitForText(page, '.field-error', 'This day is before the first day.');
    assert.equal(await form.getByRole('button', { name: 'Download CSV' }).isDisabled(), true);
    await form.getByLabel('Created from').fill('');
    await form.getByLabel('Created until').fill('');
    await form.getByLabel('Inbox').selectOption(inbox.id);
    const [csv] = await Promise.all([page.waitForEvent('download'), form.getByRole('link', { name: 'Download CSV' }).click()]);
    assert.equal(csv.suggestedFilename(), `conversations-${inbox.slug}.csv`);
    assert.ok((await readFile((await csv.path())!, 'utf8')).includes('Keep a copy'));

    assert.deepEqual(await seriousViolations(page, '.settings-main'), []);
    await screenshot(page, 'export-done');
    await page.screenshot({ path: '/tmp/export-settings.png', fullPage: true });

    // Phone width: everything still reachable, nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: /^Download \(/ }).scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await page.screenshot({ path: '/tmp/export-settings-phone.png', fullPage: true });
  });
});
