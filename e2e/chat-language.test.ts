/**
 * The chat widget speaks the visitor's browser language (Dutch here), or the channel's chosen language
 * (Swedish) whatever the browser says; a channel's untouched default welcome follows along.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { chatSkip, chatWorld, startHostPage, type HostPage } from './support/chat-host.js';
import type { World } from './support/fixtures.js';

describe('chat widget language', { skip: await chatSkip('sqlite') }, () => {
  const live = chatWorld('sqlite');
  let world: World;
  let browser: Browser;
  let host: HostPage;
  before(async () => {
    world = live.world();
    browser = live.browser();
    host = await startHostPage();
  });
  after(() => host?.close());

  const channel = async (name: string, settings: Record<string, unknown>) => {
    const r = await world.server.adminClient.post(`/api/v1/inboxes/${world.defaultInbox.id}/channels`, {
      kind: 'chat',
      name,
      settings: { allowedOrigins: [host.url], ...settings },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as { installSnippet: string; settings: Record<string, unknown> };
  };

  const openWidget = async (locale: string) => {
    const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${host.url}/prijzen`);
    return { context, page, widget: page.locator('[data-switchboard]'), errors };
  };

  test('a Dutch browser sees the widget and the default welcome in Dutch', async () => {
    host.snippet = (await channel('Acme hulp', {})).installSnippet;
    const { context, widget, errors } = await openWidget('nl-NL');
    try {
      await widget.getByRole('button', { name: 'Chat openen' }).click();
      const dialog = widget.getByRole('dialog', { name: 'Chat' });
      await dialog.getByText('Hallo! Waarmee kunnen we helpen?').waitFor();
      await dialog.getByRole('button', { name: 'Versturen' }).waitFor();
      assert.equal(await dialog.getByLabel('Bericht').getAttribute('placeholder'), 'Schrijf een bericht…');
      assert.equal(await widget.getByRole('button', { name: 'Chat sluiten' }).count(), 1);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test("the channel's chosen language wins over the browser's, and gives the new channel its default texts", async () => {
    const created = await channel('Acme stöd', { language: 'sv' });
    assert.equal(created.settings.welcome, 'Hej! Hur kan vi hjälpa till?');
    host.snippet = created.installSnippet;
    const { context, widget, errors } = await openWidget('en-US');
    try {
      await widget.getByRole('button', { name: 'Öppna chatten' }).click();
      await widget.getByText('Hej! Hur kan vi hjälpa till?').waitFor();
      await widget.getByRole('button', { name: 'Skicka' }).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
