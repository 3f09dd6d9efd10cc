/**
 * Support forms in Chromium: an admin builds a form in Settings › Inboxes › Forms; a visitor sends it on
 * its hosted page, and again embedded (the snippet) in a page of another origin; each submission is a
 * conversation in the Forms view; without JavaScript the page posts as a plain form. Screenshots of the builder
 * and the hosted form at desktop and phone (375 × 740) width.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './support/axe.js';
import { browserMissing, launch, login, scenario, screenshot } from './support/browser.js';
import { startHostPage, type HostPage } from './support/chat-host.js';
import { ensureWebBuilt } from './support/fixtures.js';
import { startTestServer, type TestServer } from '../test/support/server.js';
import { waitFor } from '../test/email/support/mail.js';

const skip = browserMissing() ?? false;
let server: TestServer;
let browser: Browser;
let host: HostPage;
let form: { id: string; slug: string; url: string; embedSnippet: string; name: string };
let inboxId: string;

before(async () => {
  if (skip) return;
  ensureWebBuilt();
  // No wait between loading the form and sending it (a person takes longer than the default 2 s; a test does not).
  server = await startTestServer({ env: { FORM_MIN_FILL_SECONDS: '0' } });
  host = await startHostPage();
  browser = await launch();
  inboxId = (await server.adminClient.get('/api/v1/inboxes')).body.items[0].id;
});
after(async () => {
  await browser?.close();
  await server?.close();
  await host?.close();
});

const formConversations = async () =>
  (await server.adminClient.get(`/api/v1/conversations?inboxId=${inboxId}&view=forms`)).body.items as any[];

/** Fills the visitor's side of the form built below. */
async function fillAndSend(frame: Pick<Page, 'getByLabel' | 'getByRole'>, who: { name: string; email: string; subject: string }) {
  await frame.getByLabel('Your name').fill(who.name);
  await frame.getByLabel('Email address').fill(who.email);
  await frame.getByLabel('Subject').fill(who.subject);
  await frame.getByLabel('How can we help?').fill('The lamp arrived broken.');
  await frame.getByLabel('Product').selectOption('Lamp');
  await frame.getByRole('button', { name: 'Send' }).click();
}

test('an admin builds a form in Settings', { skip }, async () => {
  await scenario(browser, server.url, 'forms-builder', async (open) => {
    const tr = await open();
    await login(tr, server.admin.email, server.admin.password);
    const page = tr.page;
    const inboxName = (await server.adminClient.get(`/api/v1/inboxes/${inboxId}`)).body.name;
    await page.goto('/settings/inboxes');
    await page.getByRole('button', { name: `Forms: ${inboxName}` }).click();
    const list = page.getByRole('dialog', { name: `Forms of ${inboxName}` });
    await list.getByText('No forms yet.').waitFor();
    await list.getByRole('button', { name: 'New form' }).click();

    const builder = page.getByRole('dialog', { name: 'New form' });
    await builder.getByLabel('Name', { exact: true }).fill('Contact us');
    await builder.getByLabel('Kind of the new field').selectOption({ label: 'Choice' });
    await builder.getByRole('button', { name: 'Add field' }).click();
    const added = builder.locator('[data-field-kind="choice"]');
    await added.getByLabel('Label').fill('Product');
    await added.getByLabel('Choices (one per line)').fill('Lamp\nChair');
    await added.getByLabel('Required').check();
    // Moved above the message.
    await builder.getByRole('button', { name: 'Move Product up' }).click();
    assert.deepEqual(await builder.locator('[data-field-kind]').evaluateAll((els) => els.map((e) => e.getAttribute('data-field-kind'))), [
      'name',
      'email',
      'subject',
      'choice',
      'message',
    ]);
    await builder.getByLabel('Also create a ticket for each submission').check();
    await screenshot(page, 'forms-builder-desktop');
    assert.deepEqual(await seriousViolations(page, '.modal'), []);
    await page.setViewportSize({ width: 375, height: 740 });
    await screenshot(page, 'forms-builder-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
    await builder.getByRole('button', { name: 'Save' }).click();

    await list.getByText('Form saved').or(page.getByText('Form saved')).first().waitFor();
    const item = list.locator('.forms-item', { hasText: 'Contact us' });
    await item.getByRole('button', { name: 'Copy link' }).waitFor();
    await screenshot(page, 'forms-list-desktop');
  });
  const forms = (await server.adminClient.get(`/api/v1/inboxes/${inboxId}/forms`)).body.items as any[];
  assert.equal(forms.length, 1);
  form = forms[0];
  assert.deepEqual(form && (forms[0].fields as any[]).map((f) => f.kind), ['name', 'email', 'subject', 'choice', 'message']);
  assert.ok(forms[0].ticket, 'a ticket per submission');
});

test('a visitor sends the form on its hosted page', { skip }, async () => {
  assert.ok(form, 'the form built above');
  await scenario(browser, server.url, 'forms-hosted', async (open) => {
    const tr = await open();
    const page = tr.page;
    // The check before sending: an empty required field is named, in words, and nothing is sent.
    await page.goto(form.url);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please correct the fields marked below.' }).waitFor();
    assert.equal(await page.getByLabel('Your name').getAttribute('aria-invalid'), 'true');
    await screenshot(page, 'forms-hosted-errors');
    assert.deepEqual(await seriousViolations(page, 'main'), []);

    await page.goto(form.url);
    await screenshot(page, 'forms-hosted-desktop');
    await page.setViewportSize({ width: 375, height: 740 });
    await screenshot(page, 'forms-hosted-phone');
    assert.deepEqual(await seriousViolations(page, 'main'), []);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375, 'nothing wider than the phone');
    await fillAndSend(page, { name: 'Rita Jansen', email: 'rita@example.org', subject: 'Broken lamp' });
    await page.getByText('Thank you! We received your message and will answer by email.').waitFor();
    assert.equal(new URL(page.url()).search, '', 'the script sent it: the page stayed');
    await screenshot(page, 'forms-hosted-sent-phone');
  });
  const conv = await waitFor('the conversation', async () => (await formConversations()).find((c) => c.subject === 'Broken lamp'));
  assert.equal(conv.contact.email, 'rita@example.org');
  const text = (await server.adminClient.get(`/api/v1/conversations/${conv.id}/messages`)).body.items[0].text as string;
  assert.match(text, /^Product: Lamp$/m);
});

test('without JavaScript the form posts as a page: errors beside their fields, answers kept, then the confirmation', { skip }, async () => {
  assert.ok(form, 'the form built above');
  await scenario(browser, server.url, 'forms-no-script', async (open) => {
    const tr = await open({ javaScriptEnabled: false });
    tr.allow(`/f/${form.slug}`, 400);
    const page = tr.page;
    await page.goto(form.url);
    await page.getByLabel('Your name').fill('Ola Nordmann');
    await page.getByLabel('Email address').fill('ola@example');
    await page.getByLabel('Subject').fill('Lamp flickers');
    await page.getByRole('button', { name: 'Send' }).click();
    // The server's answer: the page again, saying what to fix beside each field, what was typed still there.
    await page.getByRole('alert').filter({ hasText: 'Please correct the fields marked below.' }).waitFor();
    const email = page.getByLabel('Email address');
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.equal(await email.inputValue(), 'ola@example');
    assert.equal(
      await page.locator('#f-email-err').textContent(),
      'Enter an email address such as name@example.com.',
      'the error is said beside the field',
    );
    assert.equal(await page.getByRole('textbox', { name: 'Email address' }).getAttribute('aria-describedby'), 'f-email-err');
    assert.equal(await page.getByLabel('Product').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Your name').inputValue(), 'Ola Nordmann');
    assert.equal(await page.getByLabel('Subject').inputValue(), 'Lamp flickers');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-email', 'the first field to fix has the focus');
    // (axe needs script to run: the same markup is checked with script on, above.)
    await screenshot(page, 'forms-no-script-errors');
    await page.setViewportSize({ width: 375, height: 740 });
    await screenshot(page, 'forms-no-script-errors-phone');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375, 'nothing wider than the phone');

    await email.fill('ola@example.no');
    await page.getByLabel('How can we help?').fill('It flickers.');
    await page.getByLabel('Product').selectOption('Lamp');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').filter({ hasText: 'Thank you! We received your message and will answer by email.' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('sent'), '1');
  });
  const conv = await waitFor('the conversation', async () => (await formConversations()).find((c) => c.subject === 'Lamp flickers'));
  assert.equal(conv.contact.email, 'ola@example.no');
});

test('the embed snippet shows the form on a page of another origin, and it sends from there', { skip }, async () => {
  assert.ok(form, 'the form built above');
  host.snippet = form.embedSnippet;
  assert.notEqual(new URL(host.url).origin, new URL(server.url).origin);
  await scenario(browser, host.url, 'forms-embedded', async (open) => {
    const tr = await open();
    const page = tr.page;
    await page.goto(host.url);
    const frame = page.frameLocator(`iframe[title="${form.name}"]`);
    await frame.getByLabel('Your name').waitFor();
    await fillAndSend(frame, { name: 'Sam Berg', email: 'sam@example.net', subject: 'Chair wobbles' });
    await frame.getByText('Thank you!', { exact: false }).waitFor();
    await screenshot(page, 'forms-embedded-sent');
  });
  const conv = await waitFor('the conversation', async () => (await formConversations()).find((c) => c.subject === 'Chair wobbles'));
  assert.equal(conv.contact.email, 'sam@example.net');

  // A form that allows only other sites refuses to be framed here.
  await server.adminClient.patch(`/api/v1/forms/${form.id}`, { allowedOrigins: ['https://www.example.com'] });
  const res = await fetch(form.url);
  assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'self' https:\/\/www\.example\.com(;|$)/);
});

test('a refused submission says why on the page, in the form’s language, and nothing is stored', { skip }, async () => {
  const nl = (await server.adminClient.post(`/api/v1/inboxes/${inboxId}/forms`, { name: 'Contact', language: 'nl' })).body;
  const before = (await formConversations()).length;
  await scenario(browser, server.url, 'forms-refused', async (open) => {
    const tr = await open();
    tr.allow(`/api/v1/forms/${nl.slug}/submissions`, 400);
    const page = tr.page;
    await page.goto(nl.url);
    await page.getByLabel('Je naam').fill('Bot');
    await page.getByLabel('E-mailadres').fill('bot@example.org');
    await page.getByLabel('Waarmee kunnen we helpen?').fill('Koop nu');
    // What a bot fills in: the field people never see.
    await page.locator('#sbf-website').fill('http://spam.example', { force: true });
    await page.getByRole('button', { name: 'Versturen' }).click();
    await page.getByRole('alert').filter({ hasText: 'Je bericht is niet verstuurd: het leek geautomatiseerd.' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Versturen' }).isEnabled(), true, 'the form stays usable');
  });
  assert.equal((await formConversations()).length, before);
});
