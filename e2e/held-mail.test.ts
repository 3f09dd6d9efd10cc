/** Switching an email channel back on in Settings shows the mail kept aside being brought in, n of total, then done; the mail is in the inbox. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import nodemailer from 'nodemailer';
import { browserMissing, launch, login, scenario, screenshot, waitForText } from './support/browser.js';
import { ensureWebBuilt } from './support/fixtures.js';
import { startTestServer, type TestServer } from '../test/support/server.js';
import { mail } from '../test/email/support/mail.js';

const skip = browserMissing() ?? false;
const N = 300;
let server: TestServer;
let browser: Browser;

before(async () => {
  if (skip) return;
  ensureWebBuilt();
  server = await startTestServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test(`switching a channel on shows the ${N} kept-aside messages being brought in`, { skip, timeout: 180_000 }, async () => {
  const a = server.adminClient;
  const inbox = (await a.get('/api/v1/inboxes')).body.items[0];
  const channel = (await a.get(`/api/v1/inboxes/${inbox.id}/channels`)).body.items.find((c: any) => c.kind === 'email');
  assert.equal((await a.patch(`/api/v1/channels/${channel.id}`, { status: 'off' })).status, 200);
  const t = nodemailer.createTransport({
    host: '127.0.0.1',
    port: server.running.smtpPort!,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 1,
    maxMessages: Infinity,
  });
  for (let i = 0; i < N; i++)
    await t.sendMail({
      envelope: { from: 'kept@example.org', to: [inbox.fallbackAddress] },
      raw: mail({ to: inbox.fallbackAddress, from: `kept${i % 10}@example.org`, subject: `Kept ${i}` }),
    });
  t.close();

  await scenario(browser, server.url, 'held-mail-replay', async (open) => {
    const tr = await open();
    await login(tr, server.admin.email, server.admin.password);
    const page = tr.page;
    await page.goto('/settings/inboxes');
    const row = page.locator(`tr[data-channel="${channel.id}"]`);
    await waitForText(page, `tr[data-channel="${channel.id}"]`, `${N} kept aside`);
    await row.getByRole('button', { name: 'Switch on' }).click();
    // The answer comes at once, with the replay queued or under way.
    const progress = row.locator('[data-held-replay="queued"], [data-held-replay="running"]');
    await progress.waitFor();
    assert.match((await progress.textContent()) ?? '', new RegExp(`(\\d+ of ${N}|will be brought in: ${N} messages)`));
    await screenshot(page, 'held-mail-progress');
    await row.locator('[data-held-replay="done"]').waitFor({ timeout: 120_000 });
    assert.equal((await row.locator('[data-held-replay="done"]').textContent())?.trim(), `All ${N} messages kept aside were brought in`);
    await screenshot(page, 'held-mail-done');
    await page.goto('/');
    await page.locator('.conv-row', { hasText: `Kept ${N - 1}` }).waitFor();
  });
});
