/** Settings › Inboxes › Business hours: an admin sets Monday to Friday 09:00–17:00 in Amsterdam with a holiday, saves, and sees them again. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seriousViolations } from './support/axe.js';
import { login, scenario, screenshot, waitForText } from './support/browser.js';
import { browser, skip, world } from './support/suite.js';

const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

test('an admin sets business hours and a holiday, saves, and reopens them', { skip }, async () => {
  await scenario(browser, world.url, 'business-hours', async (open) => {
    const t = await open();
    await login(t, world.admin.email, world.admin.password);
    const page = t.page;
    const inbox = world.defaultInbox;
    await page.goto('/settings/inboxes');
    const button = page.getByRole('button', { name: `Business hours: ${inbox.name}` });
    await button.click();
    const dialog = page.getByRole('dialog', { name: `Business hours of ${inbox.name}` });
    const alwaysOpen = dialog.getByLabel('Always open');
    await alwaysOpen.waitFor();
    assert.equal(await alwaysOpen.isChecked(), true, 'none set: always open');

    await dialog.getByLabel('Set hours').check();
    const zone = dialog.getByLabel('Time zone');
    const browserZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    assert.equal(await zone.inputValue(), browserZone, "the browser's zone first");
    await zone.selectOption('Europe/Amsterdam');
    for (const day of weekdays) {
      await dialog.getByLabel(day, { exact: true }).check();
      await dialog.getByLabel(`${day} from`).fill('09:00');
      await dialog.getByLabel(`${day} until`).fill('17:00');
    }
    for (const day of ['Saturday', 'Sunday']) await dialog.getByLabel(day, { exact: true }).uncheck();
    await dialog.getByRole('button', { name: 'Add holiday' }).click();
    await dialog.getByLabel('Holiday 1', { exact: true }).fill('2026-12-25');

    // A closing time before the opening time is refused in the dialog, under its day.
    await dialog.getByLabel('Friday until').fill('08:00');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await waitForText(page, '[role="dialog"] .field-error', 'The closing time must be after the opening time.');
    assert.deepEqual(await seriousViolations(page, '[role="dialog"]'), []);
    await dialog.getByLabel('Friday until').fill('17:00');
    await screenshot(page, 'business-hours-dialog');

    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForText(page, '.toast', `Business hours of ${inbox.name} saved.`);
    const saved = (await world.server.adminClient.get(`/api/v1/inboxes/${inbox.id}/business-hours`)).body;
    assert.deepEqual(saved, {
      hours: {
        timeZone: 'Europe/Amsterdam',
        week: [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '17:00' })),
        holidays: ['2026-12-25'],
      },
    });

    // Opened again: what was saved.
    await button.click();
    await dialog.getByLabel('Set hours').waitFor();
    assert.equal(await dialog.getByLabel('Set hours').isChecked(), true);
    assert.equal(await zone.inputValue(), 'Europe/Amsterdam');
    for (const day of weekdays) {
      assert.equal(await dialog.getByLabel(day, { exact: true }).isChecked(), true, day);
      assert.equal(await dialog.getByLabel(`${day} from`).inputValue(), '09:00', day);
      assert.equal(await dialog.getByLabel(`${day} until`).inputValue(), '17:00', day);
    }
    assert.equal(await dialog.getByLabel('Saturday', { exact: true }).isChecked(), false);
    assert.equal(await dialog.getByLabel('Sunday', { exact: true }).isChecked(), false);
    assert.equal(await dialog.getByLabel('Holiday 1', { exact: true }).inputValue(), '2026-12-25');
    await screenshot(page, 'business-hours-reopened');

    // A day may have more than one span: Saturday 10:00–12:00 and 13:00–15:00, then Cancel keeps what was saved.
    await dialog.getByLabel('Saturday', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Saturday: add hours' }).click();
    await dialog.getByLabel('Saturday from (1)').fill('10:00');
    await dialog.getByLabel('Saturday until (1)').fill('12:00');
    await dialog.getByLabel('Saturday from (2)').fill('13:00');
    await dialog.getByLabel('Saturday until (2)').fill('15:00');
    assert.deepEqual(await seriousViolations(page, '[role="dialog"]'), []);
    await screenshot(page, 'business-hours-two-spans');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual((await world.server.adminClient.get(`/api/v1/inboxes/${inbox.id}/business-hours`)).body, saved);
  });
});
