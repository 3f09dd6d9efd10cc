/**
 * Reports (F-REPORT.1–5) in Chromium: conversations come in through the API channel and a support
 * form, the admin replies and closes some; the Reports screen shows the admin's row with its figures,
 * a channel filter changes them (and stays in the address), a count opens the conversations behind it
 * and one of them opens, a table downloads as CSV (BOM and header row), the volume chart is drawn,
 * axe finds nothing serious, and on a phone nothing is wider than the screen.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { seriousViolations } from './support/axe.js';
import { login, scenario, screenshot, waitForText } from './support/browser.js';
import { browser, skip, world } from './support/suite.js';

const PHONE = { width: 390, height: 844 };
const tokenOf = (html: string) => /name="_token" value="([^"]+)"/.exec(html)?.[1];

function ok<T>(r: { status: number; body: T }, what: string): T {
  assert.ok(r.status < 300, `${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A visitor sends the inbox's support form (the page's token, after the form's minimum fill time). */
async function sendForm(inboxId: string, email: string, message: string): Promise<void> {
  const api = world.server.adminClient;
  const form = ok(
    await api.post<{ slug: string }>(`/api/v1/inboxes/${inboxId}/forms`, {
      name: 'Contact us',
      fields: [{ kind: 'message', label: 'Question', required: true }],
    }),
    'create form',
  );
  const page = await fetch(`${world.url}/f/${form.slug}`).then((r) => r.text());
  await new Promise((r) => setTimeout(r, 2_200));
  const data = new FormData();
  for (const [k, v] of Object.entries({ _token: tokenOf(page)!, website: '', name: 'Fran Form', email, message })) data.set(k, v);
  const res = await fetch(`${world.url}/f/${form.slug}`, { method: 'POST', body: data, redirect: 'manual' });
  assert.equal(res.status, 303, `form sent: ${res.status} ${await res.text()}`);
}

/** The cells of a table row as text. */
const rowCells = async (page: Page, selector: string) =>
  (await page.locator(selector).locator('th, td').allTextContents()).map((s) => s.replace(/\?/g, '').trim());

test('an admin reads the reports: figures, a filter, a drill-down, a CSV, the volume chart, a phone', { skip }, async () => {
  const api = world.server.adminClient;
  const inboxId = world.defaultInbox.id;
  const me = ok(await api.get<{ user: { id: string; name: string } }>('/api/v1/auth/session'), 'session').user;

  // Three conversations through the API channel: two answered by the admin, one of them closed.
  const convs = [];
  for (const [i, subject] of ['Invoice 7001', 'Broken lamp', 'Where is my parcel'].entries())
    convs.push(
      await world.incoming(inboxId, { email: `report${i}@example.org`, name: `Rea Report ${i}` }, 'Hello, can you help?', subject),
    );
  for (const c of convs.slice(0, 2))
    ok(await api.post(`/api/v1/conversations/${c.id}/messages`, { kind: 'reply', body: 'Of course, here it is.' }), 'reply');
  ok(await api.patch(`/api/v1/conversations/${convs[0]!.id}`, { status: 'closed' }), 'close');

  // One through a support form: answered and closed too.
  await sendForm(inboxId, 'fran@example.org', 'My order never came.');
  const formConv = ok(
    await api.get<{ items: { id: string; subject: string | null }[] }>(`/api/v1/conversations?inboxId=${inboxId}&view=forms`),
    'form conversations',
  ).items[0]!;
  ok(await api.post(`/api/v1/conversations/${formConv.id}/messages`, { kind: 'reply', body: 'It is on its way.' }), 'reply to the form');
  ok(await api.patch(`/api/v1/conversations/${formConv.id}`, { status: 'closed' }), 'close the form');

  await scenario(browser, world.url, 'reports', async (open) => {
    const t = await open();
    await login(t, world.admin.email, world.admin.password);
    const page = t.page;

    // From the top bar's sections to the Reports screen, loaded on demand.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/reports');
    const row = `.report-table tr[data-user="${me.id}"]`;
    await page.locator(row).waitFor();
    // Name, conversations, replies, closed, then first response and resolution (median, p90, average).
    const all = await rowCells(page, row);
    assert.equal(all[0], me.name);
    assert.deepEqual(all.slice(1, 4), ['3', '3', '2'], `the admin's row: ${all.join(' | ')}`);
    assert.match(all[4]!, /^\d+ (s|min)$/, `a first response median: ${all[4]}`);
    assert.ok(all.length === 10, `ten cells: ${all.join(' | ')}`);
    assert.deepEqual(await seriousViolations(page, '.reports'), []);
    await screenshot(page, 'reports-agents');

    // A figure's definition, from its "?".
    await page.getByRole('button', { name: 'What is “First response”?' }).first().click();
    await page.getByText('Bot replies, automatic messages and internal comments don’t count.').waitFor();
    await screenshot(page, 'reports-definition');
    await page.keyboard.press('Escape');

    // The channel filter: the form's conversation only, and the address says so.
    await page.getByLabel('Channel').selectOption('form');
    await page.waitForURL(/channel=form/);
    await waitForText(page, `${row} td:nth-of-type(3)`, /^1$/);
    assert.deepEqual((await rowCells(page, row)).slice(1, 4), ['1', '1', '1']);

    // Business hours instead of calendar time: in the address too.
    await page.getByRole('radio', { name: 'Business hours' }).check();
    await page.waitForURL(/time=business/);

    // A reload keeps the filters.
    await page.reload();
    await page.locator(row).waitFor();
    assert.equal(await page.getByLabel('Channel').inputValue(), 'form');
    assert.ok(await page.getByRole('radio', { name: 'Business hours' }).isChecked());

    // The closed count opens the conversations behind it (from the keyboard); one opens the conversation.
    await page
      .locator(row)
      .getByRole('button', { name: /^Closed · .*: 1, show the list$/ })
      .focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: new RegExp(`^Closed · ${me.name}`) });
    const link = dialog.locator('a.drill-link');
    await link.waitFor();
    assert.equal(await link.count(), 1);
    assert.deepEqual(await seriousViolations(page, '[role="dialog"]'), []);
    await screenshot(page, 'reports-drill-down');
    await link.click();
    await page.waitForURL(new RegExp(`/inbox/${inboxId}/all/${formConv.id}`));
    await page.locator('.conv-head h2').waitFor();
    await page.goBack();
    await page.locator(row).waitFor();

    // The table as CSV: UTF-8 with a BOM, then the header row.
    await page.getByLabel('Channel').selectOption('');
    await waitForText(page, `${row} td:nth-of-type(3)`, /^2$/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV: Agents' }).click()]);
    assert.match(download.suggestedFilename(), /^agents-agents-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    assert.equal(csv.charCodeAt(0), 0xfeff, 'the file starts with the BOM');
    assert.match(csv.slice(1).split(/\r?\n/)[0]!, /^user_id,name,conversations,replies,closed,/);
    assert.ok(csv.includes(me.id), 'the admin’s row is in it');

    // Response times: the figures and their chart.
    await page.getByRole('link', { name: 'Response times' }).click();
    await page.waitForURL(/\/reports\/response-times/);
    await page.locator('.summary-card').first().waitFor();
    await page.locator('.report-chart canvas').waitFor();
    assert.deepEqual(await seriousViolations(page, '.reports'), []);
    await screenshot(page, 'reports-response-times');

    // Volume: new, closed and the backlog drawn per day; the table under it holds the numbers.
    await page.getByRole('link', { name: 'Volume' }).click();
    await page.waitForURL(/\/reports\/volume/);
    const chart = page.locator('.report-chart[role="img"]');
    await chart.locator('canvas').waitFor();
    const box = await chart.boundingBox();
    assert.ok(box && box.width > 300 && box.height > 150, `the chart is drawn: ${JSON.stringify(box)}`);
    await page.locator('.report-table tr[data-channel="form"]').waitFor();
    assert.deepEqual(await rowCells(page, '.report-table tr[data-channel="api"]'), ['API', '3', '1']);
    assert.deepEqual(await seriousViolations(page, '.reports'), []);
    await screenshot(page, 'reports-volume');

    // Bots: no chatflow has talked with anyone here.
    await page.getByRole('link', { name: 'Bots' }).click();
    await page.getByText('No conversations in this range').waitFor();
    await screenshot(page, 'reports-bots-empty');

    // On a phone: Reports is in the views drawer (the top bar keeps its room for the inbox switcher).
    await page.setViewportSize(PHONE);
    await page.goto('/');
    await page.getByRole('button', { name: 'Views and filters' }).click();
    const drawerLink = page.getByRole('dialog', { name: 'Views and filters' }).getByRole('link', { name: 'Reports' });
    await drawerLink.waitFor();
    await screenshot(page, 'reports-phone-drawer');
    await drawerLink.click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Reports' }).isVisible(), false);
    // The filters wrap, the tables scroll inside their boxes, the chart fits.
    for (const name of ['agents', 'volume', 'response-times']) {
      await page.goto(`/reports/${name}`);
      await page.locator('.report-table').first().waitFor();
      if (name !== 'agents') await page.locator('.report-chart canvas').waitFor();
      await page.waitForTimeout(300);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= PHONE.width, `${name}: the page is ${wide}px wide on a ${PHONE.width}px screen`);
      const chartBox = name === 'agents' ? null : await page.locator('.report-chart').boundingBox();
      assert.ok(!chartBox || chartBox.x + chartBox.width <= PHONE.width, `${name}: the chart fits: ${JSON.stringify(chartBox)}`);
      await screenshot(page, `reports-phone-${name}`);
    }
    assert.deepEqual(await seriousViolations(page, '.reports'), []);

    // In Dutch: the screen's own texts come with it.
    ok(await api.patch('/api/v1/me', { locale: 'nl' }), 'Dutch');
    await page.goto('/reports/response-times');
    await page.getByRole('heading', { name: 'Rapporten', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Reactietijden' }).waitFor();
    await page.locator('.summary-card').first().waitFor();
    assert.deepEqual(await seriousViolations(page, '.reports'), []);
    await screenshot(page, 'reports-phone-nl');
  });
});
