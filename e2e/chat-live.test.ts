/**
 * Website chat in Chromium, on SQLite and on PostgreSQL: what changes on the server reaches open
 * pages without a reload — an admin editing the channel in the wizard, agents going away and
 * coming back — and the wizard in Dutch and Swedish.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { engines } from '../test/support/engines.js';
import { login, scenario, screenshot } from './support/browser.js';
import { chatSkip, chatWorld, startHostPage, type HostPage } from './support/chat-host.js';
import type { World } from './support/fixtures.js';

for (const engine of engines) {
  describe(`website chat: live changes on open pages on ${engine}`, { skip: await chatSkip(engine) }, () => {
    const live = chatWorld(engine);
    let world: World;
    let browser: Browser;
    let host: HostPage;
    let channelId = '';
    before(async () => {
      world = live.world();
      browser = live.browser();
      host = await startHostPage();
      const r = await world.server.adminClient.post(`/api/v1/inboxes/${world.defaultInbox.id}/channels`, {
        kind: 'chat',
        name: 'Live support',
        settings: { welcome: 'Hello from the first version.', allowedOrigins: [host.url], targeting: [{ op: 'contains', value: '/help' }] },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      channelId = r.body.id;
      host.snippet = r.body.installSnippet;
    });
    after(() => host?.close());

    test('an admin edits the chat channel in the wizard; an open page shows the new welcome and targeting at once', async () => {
      await scenario(browser, world.url, `chat-edit-${engine}`, async (open) => {
        const v = await open();
        await v.page.goto(`${host.url}/help/returns`);
        const widget = v.page.locator('[data-switchboard]');
        await widget.getByRole('button', { name: 'Open chat' }).click();
        const dialog = widget.getByRole('dialog', { name: 'Chat' });
        await dialog.getByText('Hello from the first version.').waitFor();
        const other = await open();
        await other.page.goto(`${host.url}/pricing`);
        await other.page.waitForFunction(() => typeof (window as any).Switchboard === 'function');
        await other.page.waitForFunction(() => getComputedStyle(document.querySelector('[data-switchboard]')!).display === 'none');

        const a = await open();
        await login(a, world.admin.email, world.admin.password);
        await a.page.goto('/settings/inboxes');
        await a.page.getByRole('button', { name: 'Edit Live support' }).click();
        const dlg = a.page.getByRole('dialog', { name: 'Edit Live support' });
        // The wizard opens on what is saved.
        assert.equal(await dlg.getByLabel('Channel name').inputValue(), 'Live support');
        await dlg.getByRole('button', { name: '4. Welcome' }).click();
        assert.equal(await dlg.getByLabel('Welcome message').inputValue(), 'Hello from the first version.');
        await dlg.getByLabel('Welcome message').fill('Hello from the edited version!');
        await dlg.getByRole('button', { name: '3. Pages' }).click();
        assert.equal(await dlg.getByLabel('Rule 1 value').inputValue(), '/help');
        await dlg.getByRole('button', { name: 'Add rule' }).click();
        await dlg.getByLabel('Rule 2 value').fill('/pricing');
        await dlg.getByRole('button', { name: '8. Review' }).click();
        await dlg.getByText('contains “/help” or contains “/pricing”').waitFor();
        await screenshot(a.page, `chat-wizard-edit-${engine}`);
        await dlg.getByRole('button', { name: 'Save changes' }).click();
        await dlg.waitFor({ state: 'hidden' });

        // Both open pages follow without a reload.
        await dialog.getByText('Hello from the edited version!').waitFor();
        await other.page.locator('[data-switchboard]').getByRole('button', { name: 'Open chat' }).waitFor();
        const saved = (await world.server.adminClient.get(`/api/v1/channels/${channelId}`)).body;
        assert.equal(saved.settings.welcome, 'Hello from the edited version!');
        assert.deepEqual(saved.settings.targeting, [
          { op: 'contains', value: '/help' },
          { op: 'contains', value: '/pricing' },
        ]);
        // Unchanged settings stay as they were.
        assert.deepEqual(saved.settings.allowedOrigins, [host.url]);
      });
    });

    test('agents going away and coming back switch an open widget between chat and email capture without a reload', async () => {
      const admin = world.server.adminClient;
      const users = (await admin.get('/api/v1/users')).body.items as any[];
      const setAll = (availability: string) => Promise.all(users.map((u) => admin.patch(`/api/v1/users/${u.id}`, { availability })));
      try {
        await scenario(browser, world.url, `chat-availability-${engine}`, async (open) => {
          const v = await open();
          await v.page.goto(`${host.url}/help`);
          const widget = v.page.locator('[data-switchboard]');
          await widget.getByRole('button', { name: 'Open chat' }).click();
          const dialog = widget.getByRole('dialog', { name: 'Chat' });
          await dialog.getByText('Hello from').waitFor();
          const away = dialog.getByText('No one is available right now');
          assert.equal(await away.isVisible(), false);
          await setAll('away');
          await away.waitFor();
          await dialog.getByLabel('Your email').waitFor();
          await screenshot(v.page, `chat-widget-away-live-${engine}`);
          await setAll('available');
          await away.waitFor({ state: 'hidden' });
        });
      } finally {
        await setAll('available');
      }
    });

    test('an admin rotates the identity secret: it is shown for the host site, and an open widget starts over as a new visitor', async () => {
      await scenario(browser, world.url, `chat-rotate-${engine}`, async (open) => {
        const v = await open();
        await v.page.goto(`${host.url}/help/rotate`);
        const widget = v.page.locator('[data-switchboard]');
        await widget.getByRole('button', { name: 'Open chat' }).click();
        const dialog = widget.getByRole('dialog', { name: 'Chat' });
        await dialog.getByLabel('Message').fill('before the rotation');
        await dialog.getByLabel('Message').press('Enter');
        await dialog.locator('.msg.visitor:not(.pending)', { hasText: 'before the rotation' }).waitFor();

        const a = await open();
        await login(a, world.admin.email, world.admin.password);
        await a.page.goto('/settings/inboxes');
        const row = a.page.locator('tr', { hasText: 'Live support' });
        await row.getByRole('button', { name: 'Show' }).click();
        const old = await row.getByLabel('Identity secret of Live support', { exact: true }).textContent();
        assert.equal(old, (await world.server.adminClient.get(`/api/v1/channels/${channelId}`)).body.identitySecret);
        await row.getByRole('button', { name: 'Rotate secret (Live support)' }).click();
        await a.page
          .getByRole('dialog', { name: 'Rotate the identity secret of Live support?' })
          .getByRole('button', { name: 'Rotate secret' })
          .click();
        await a.page.getByText('New identity secret: update it on your site').waitFor();
        const now = (await world.server.adminClient.get(`/api/v1/channels/${channelId}`)).body.identitySecret;
        assert.notEqual(now, old);
        await row.getByLabel('Identity secret of Live support', { exact: true }).filter({ hasText: now }).waitFor();
        await screenshot(a.page, `chat-secret-rotated-${engine}`);

        // The open widget was dropped, its token refused: it carries on as a new visitor, the old chat gone from it.
        await dialog.locator('.msg.visitor', { hasText: 'before the rotation' }).waitFor({ state: 'detached' });
        await dialog.getByLabel('Message').fill('after the rotation');
        await dialog.getByLabel('Message').press('Enter');
        await dialog.locator('.msg.visitor:not(.pending)', { hasText: 'after the rotation' }).waitFor();
        assert.equal(await dialog.locator('.msg.visitor').count(), 1);
      });
    });

    test('an agent forgets the visitor from the More menu: the open widget starts over, the conversation stays', async () => {
      await scenario(browser, world.url, `chat-forget-${engine}`, async (open) => {
        const v = await open();
        await v.page.goto(`${host.url}/help/forget`);
        const widget = v.page.locator('[data-switchboard]');
        await widget.getByRole('button', { name: 'Open chat' }).click();
        const dialog = widget.getByRole('dialog', { name: 'Chat' });
        await dialog.getByLabel('Message').fill('I used a shared computer');
        await dialog.getByLabel('Message').press('Enter');
        await dialog.locator('.msg.visitor:not(.pending)', { hasText: 'shared computer' }).waitFor();

        const a = await open();
        await login(a, world.admin.email, world.admin.password);
        await a.page.locator('.conv-row', { hasText: 'shared computer' }).click();
        await a.page.getByRole('button', { name: /More/ }).click();
        await a.page.getByRole('menuitem', { name: 'Forget this visitor' }).click();
        await a.page.getByText('Visitor forgotten').waitFor();

        await dialog.locator('.msg.visitor', { hasText: 'shared computer' }).waitFor({ state: 'detached' });
        // Still there for the team.
        await a.page.locator('.thread .msg-in', { hasText: 'I used a shared computer' }).waitFor();
        await screenshot(v.page, `chat-widget-forgotten-${engine}`);
      });
    });

    test('an admin switches the chat channel off in Settings: the open widget goes away; on again, it is back', async () => {
      await scenario(browser, world.url, `chat-switch-${engine}`, async (open) => {
        const v = await open();
        await v.page.goto(`${host.url}/help/switch`);
        const launcher = v.page.locator('[data-switchboard]').getByRole('button', { name: 'Open chat' });
        await launcher.waitFor();
        const a = await open();
        await login(a, world.admin.email, world.admin.password);
        await a.page.goto('/settings/inboxes');
        await a.page.getByRole('button', { name: 'Switch off: Live support' }).click();
        await a.page.locator('.toast', { hasText: 'Live support is off' }).waitFor();
        await launcher.waitFor({ state: 'hidden' });
        await a.page.getByRole('button', { name: 'Switch on: Live support' }).click();
        await a.page.locator('.toast', { hasText: 'Live support is on' }).waitFor();
        await v.page.reload();
        await launcher.waitFor();
      });
    });

    test('the wizard speaks Dutch and Swedish', async () => {
      const admin = world.server.adminClient;
      await scenario(browser, world.url, `chat-wizard-languages-${engine}`, async (open) => {
        const a = await open();
        await login(a, world.admin.email, world.admin.password);
        try {
          for (const [language, expect] of [
            ['nl', { button: 'Nieuw chatkanaal', name: 'Naam van het kanaal', next: 'Volgende', audience: 'Alleen anonieme bezoekers' }],
            ['sv', { button: 'Ny chattkanal', name: 'Kanalens namn', next: 'Nästa', audience: 'Bara anonyma besökare' }],
          ] as const) {
            assert.equal((await admin.patch('/api/v1/me', { locale: language })).status, 200);
            await a.page.goto('/settings/inboxes');
            await a.page.getByRole('button', { name: expect.button }).click();
            const dlg = a.page.getByRole('dialog', { name: expect.button });
            await dlg.getByLabel(expect.name).waitFor();
            await dlg.getByRole('button', { name: expect.next }).click();
            await dlg.getByLabel(expect.audience).waitFor();
            await screenshot(a.page, `chat-wizard-${language}-${engine}`);
          }
        } finally {
          await admin.patch('/api/v1/me', { locale: 'en' });
        }
      });
    });
  });
}
