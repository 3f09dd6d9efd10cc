/**
 * Website chat in Chromium, on SQLite and on PostgreSQL: a host page on another origin (another
 * port) embeds the widget with the install snippet; the visitor chats; an agent answers in the
 * agent app; both see it live.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, WebSocketRoute } from 'playwright-core';
import { engines } from '../test/support/engines.js';
import { login, scenario, screenshot, waitForText } from './support/browser.js';
import { seriousViolations } from './support/axe.js';
import { chatSkip, chatWorld, startHostPage, type HostPage } from './support/chat-host.js';
import type { World } from './support/fixtures.js';
import { identityHash } from '../src/server/channels/chat/tokens.js';
import { VisitorClient } from '../test/chat/support/visitor.js';

for (const engine of engines) {
  describe(`website chat widget on ${engine}`, { skip: await chatSkip(engine) }, () => {
    const live = chatWorld(engine);
    let world: World;
    let browser: Browser;
    let host: HostPage;
    let hostUrl = '';
    let snippet = '';
    before(async () => {
      world = live.world();
      browser = live.browser();
      host = await startHostPage();
      hostUrl = host.url;
      const r = await world.server.adminClient.post(`/api/v1/inboxes/${world.defaultInbox.id}/channels`, {
        kind: 'chat',
        name: 'Acme support',
        settings: { welcome: 'Hi! Ask us anything.', allowedOrigins: [hostUrl] },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      snippet = host.snippet = r.body.installSnippet;
    });
    after(() => host?.close());

    test('a visitor on another origin chats with an agent in the agent app, both live; screenshots closed, open, mobile', async () => {
      const agent = await world.createUser('Alice Agent');
      assert.equal((await agent.client.patch('/api/v1/me', { meetingLink: 'https://meet.example.com/alice' })).status, 200);
      await scenario(browser, world.url, 'chat', async (open) => {
        const v = await open();
        await v.page.goto(`${hostUrl}/pricing`);
        const widget = v.page.locator('[data-switchboard]');
        const launcher = widget.getByRole('button', { name: 'Open chat' });
        await launcher.waitFor();
        // No effect on the host page's layout, and no global but Switchboard.
        assert.equal(await v.page.evaluate(() => typeof (window as any).Switchboard), 'function');
        assert.equal(await v.page.evaluate(() => document.body.scrollHeight <= innerHeight), true);
        await screenshot(v.page, 'chat-widget-closed');

        await launcher.click();
        const dialog = widget.getByRole('dialog', { name: 'Chat' });
        await dialog.getByText('Hi! Ask us anything.').waitFor();
        await dialog.getByText('Acme support').waitFor();
        await dialog.getByLabel('Message').fill('Hello, is the <b>blue</b> kettle in stock?');
        await dialog.getByRole('button', { name: 'Send' }).click();
        await dialog.locator('.msg.visitor:not(.pending)', { hasText: 'blue' }).waitFor();

        // The agent sees the conversation live and answers.
        const a = await open();
        await login(a, agent.email, agent.password);
        // The chat is named by its first message and a short visitor label, not "Website visitor".
        const row = a.page.locator('.conv-row', { hasText: 'is the <b>blue</b> kettle in stock?' });
        await row.waitFor();
        await row.click();
        await waitForText(a.page, '.thread .msg-in', 'Hello, is the <b>blue</b> kettle in stock?');
        // Read state both ways: the visitor sees "Seen" once an agent has the conversation open, the agent sees the visitor there.
        await dialog.locator('.msg.visitor .seen').waitFor();
        await waitForText(a.page, '.presence-visitor', 'has the chat open');
        assert.match((await row.textContent()) ?? '', /Visitor [0-9A-F]{4}/);
        assert.equal(await a.page.locator('.presence-viewing').count(), 0, 'the visitor is not a teammate "also viewing"');
        await a.page.getByLabel('Reply to the customer').pressSequentially('Yes, we have 3', { delay: 20 });
        // The visitor sees the agent typing.
        await dialog.getByText('Alice Agent is typing').waitFor();
        await a.page.getByRole('button', { name: 'Send reply' }).click();
        await waitForText(a.page, '.thread .msg-out', 'Yes, we have 3');
        // Answering an unassigned chat took it.
        await waitForText(a.page, '.thread', 'Alice Agent took this conversation');

        const answer = dialog.locator('.msg.agent', { hasText: 'Yes, we have 3' });
        await answer.waitFor();
        await waitForText(v.page, '[data-switchboard] .msg.agent .author', 'Alice Agent');
        assert.equal(await answer.getByRole('link', { name: 'Book a meeting' }).getAttribute('href'), 'https://meet.example.com/alice');
        // Text is shown as text: no element was made from the visitor's markup.
        assert.equal(await dialog.locator('.msg.visitor b').count(), 0);

        // The visitor writes again: the agent sees the visitor typing, then the message, without a reload.
        await dialog.getByLabel('Message').pressSequentially('Great, thanks!', { delay: 20 });
        await waitForText(a.page, '.presence-visitor-typing', 'is typing');
        await dialog.getByLabel('Message').press('Enter');
        await waitForText(a.page, '.thread .msg-in', 'Great, thanks!');
        await screenshot(v.page, 'chat-widget-open');

        // A reload (a new page view) keeps the visitor and its history.
        await v.page.reload();
        await widget.getByRole('button', { name: 'Open chat' }).click();
        await dialog.locator('.msg.agent', { hasText: 'Yes, we have 3' }).waitFor();
        assert.equal(await dialog.locator('.msg.visitor', { hasText: 'Great, thanks!' }).count(), 1);

        // Mobile width: the panel fills the screen.
        await v.page.setViewportSize({ width: 375, height: 700 });
        await dialog.locator('.msg.agent', { hasText: 'Yes, we have 3' }).waitFor();
        const box = await dialog.boundingBox();
        assert.ok(box && box.width >= 370 && box.height >= 690, JSON.stringify(box));
        await screenshot(v.page, 'chat-widget-mobile');
        await widget.getByRole('button', { name: 'Close chat' }).click();
        await launcher.waitFor();
      });
    });

    test('targeting by page URL applies to open pages without a reload; the JavaScript API opens, prefills, listens and forgets', async () => {
      const admin = world.server.adminClient;
      const channelId = /data-switchboard-channel="([^"]+)"/.exec(snippet)![1];
      const set = async (targeting: unknown[]) =>
        assert.equal((await admin.patch(`/api/v1/channels/${channelId}`, { settings: { targeting } })).status, 200);
      await set([{ op: 'starts_with', value: `${hostUrl}/help` }]);
      await scenario(browser, world.url, 'chat-api', async (open) => {
        const v = await open();
        await v.page.goto(`${hostUrl}/pricing`);
        const widget = v.page.locator('[data-switchboard]');
        // Connected, but not shown here.
        await v.page.waitForFunction(() => typeof (window as any).Switchboard === 'function');
        await v.page.waitForFunction(() => getComputedStyle(document.querySelector('[data-switchboard]')!).display === 'none');
        // The admin adds a rule for this page: the open page shows the widget at once.
        await set([
          { op: 'starts_with', value: `${hostUrl}/help` },
          { op: 'contains', value: 'pricing' },
        ]);
        const launcher = widget.getByRole('button', { name: 'Open chat' });
        await launcher.waitFor();

        // The JavaScript API.
        await v.page.evaluate(() => {
          (window as any).got = [];
          (window as any).Switchboard('on', 'message', (m: unknown) => (window as any).got.push(m));
          (window as any).Switchboard('showNewMessage', 'I need a refund');
        });
        const dialog = widget.getByRole('dialog', { name: 'Chat' });
        await dialog.waitFor();
        assert.equal(await dialog.getByLabel('Message').inputValue(), 'I need a refund');
        await v.page.evaluate(() => (window as any).Switchboard('close'));
        await dialog.waitFor({ state: 'hidden' });
        await v.page.evaluate(() => (window as any).Switchboard('open'));
        await dialog.getByRole('button', { name: 'Send' }).click();
        await dialog.locator('.msg.visitor:not(.pending)', { hasText: 'I need a refund' }).waitFor();
        assert.ok(await v.page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('switchboard:') && k.endsWith(':token'))));

        // An agent's reply fires the 'message' listener; while closed it counts as unread (badge, event).
        await v.page.evaluate(() => {
          (window as any).unread = [];
          (window as any).Switchboard('on', 'unreadCountChange', (n: number) => (window as any).unread.push(n));
          (window as any).Switchboard('close');
        });
        const list = await admin.get(`/api/v1/conversations?inboxId=${world.defaultInbox.id}&view=all`);
        const conv = list.body.items.find((c: any) => c.preview?.includes('refund'));
        assert.ok(conv, 'conversation listed');
        assert.equal(
          (await admin.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'Refund on its way' })).status,
          201,
        );
        await v.page.waitForFunction(() => (window as any).got.some((m: any) => m.text === 'Refund on its way'));
        await v.page.waitForFunction(() => (window as any).unread.includes(1));
        assert.equal(await launcher.locator('.badge').textContent(), '1');
        await launcher.click();
        await v.page.waitForFunction(() => (window as any).unread.at(-1) === 0);
        await screenshot(v.page, 'chat-widget-api');

        // The visitor signs in on the host site: the anonymous chat becomes the user's (F-CHAT.7).
        const secret = (await admin.get(`/api/v1/channels/${channelId}`)).body.identitySecret as string;
        const who = {
          userId: 'shop-user-7',
          hash: identityHash(secret, 'shop-user-7', 'seven@example.org'),
          email: 'seven@example.org',
          name: 'Seven',
        };
        await v.page.evaluate((x) => (window as any).Switchboard('identify', x), who);
        await v.page.reload();
        await widget.getByRole('button', { name: 'Open chat' }).click();
        await dialog.locator('.msg.agent', { hasText: 'Refund on its way' }).waitFor();
        const adopted = (await admin.get(`/api/v1/conversations/${conv.id}`)).body;
        assert.equal(adopted.contact.email, 'seven@example.org');

        // Shutdown (logout on the host site) forgets the visitor: a new visitor starts empty.
        const token = await v.page.evaluate(() => Object.entries(localStorage).find(([k]) => k.endsWith(':token'))?.[1]);
        await v.page.evaluate(() => (window as any).Switchboard('shutdown'));
        await v.page.reload();
        await widget.getByRole('button', { name: 'Open chat' }).click();
        await dialog.waitFor();
        // The new visitor's welcome has arrived (a new token) before looking for old messages.
        await v.page.waitForFunction((old) => {
          const t = Object.entries(localStorage).find(([k]) => k.endsWith(':token'))?.[1];
          return Boolean(t && t !== old);
        }, token);
        assert.equal(await dialog.locator('.msg', { hasText: 'refund' }).count(), 0);
        // The token left behind is refused by the server too (it was revoked, not just deleted).
        const replay = await VisitorClient.hello(world.url, channelId, { token }, hostUrl);
        assert.equal(replay.welcome.code, 'token');
        replay.v.close();
      });
    });

    test('an admin creates a chat channel with the wizard: a property audience, the email capture in the preview, the code sent to a developer', async () => {
      const admin = world.server.adminClient;
      // A contact property the wizard offers.
      assert.equal((await admin.post('/api/v1/contacts', { name: 'Gold Member', properties: { plan: 'Gold' } })).status, 201);
      await scenario(browser, world.url, 'chat-wizard', async (open) => {
        const a = await open();
        // The bad address below is refused on purpose.
        a.allow('/send-snippet', 400);
        await login(a, world.admin.email, world.admin.password);
        await a.page.goto('/settings/inboxes');
        await a.page.getByRole('button', { name: 'New chat channel' }).click();
        const dlg = a.page.getByRole('dialog');
        await dlg.getByLabel('Channel name').fill('Docs chat');
        await dlg.getByRole('button', { name: 'Next' }).click();
        await dlg.getByLabel('Known contacts with a property').check();
        // Next waits for the property and its value.
        assert.equal(await dlg.getByRole('button', { name: 'Next' }).isDisabled(), true);
        // The names set on contacts are offered as the admin types (once they have been read).
        await dlg.locator('#chat-wiz-property-names option[value="plan"]').waitFor({ state: 'attached' });
        const offered = await dlg
          .locator('#chat-wiz-property-names option')
          .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
        assert.ok(offered.includes('plan'), offered.join(', '));
        await dlg.getByLabel('Property', { exact: true }).fill('plan');
        await dlg.getByLabel('Equals').fill('Gold');
        await screenshot(a.page, 'chat-wizard-audience');
        assert.deepEqual(await seriousViolations(a.page, '[role="dialog"]'), []);
        await a.page.setViewportSize({ width: 390, height: 844 });
        await screenshot(a.page, 'chat-wizard-audience-phone');
        await a.page.setViewportSize({ width: 1440, height: 900 });
        await dlg.getByRole('button', { name: 'Next' }).click();
        await dlg.getByRole('button', { name: 'Add rule' }).click();
        await dlg.getByLabel('Rule 1 condition').selectOption('starts_with');
        await dlg.getByLabel('Rule 1 value').fill('https://docs.example.com/');
        await dlg.getByRole('button', { name: 'Next' }).click();
        await dlg.getByLabel('Welcome message').fill('Questions about the docs?');
        // The live preview follows the draft.
        await dlg.locator('.chat-frame', { hasText: 'Questions about the docs?' }).first().waitFor();
        await screenshot(a.page, 'chat-wizard-preview');
        await dlg.getByRole('button', { name: 'Next' }).click();
        // The Away step: the preview shows what a visitor sees when nobody is available.
        await dlg.getByLabel('When no one can answer').fill('We are out. Leave your email and we write back.');
        const awayPreview = dlg.locator('.chat-frame', { hasText: 'We are out. Leave your email and we write back.' }).first();
        await awayPreview.getByText('you@example.com').waitFor();
        await screenshot(a.page, 'chat-wizard-away-preview');
        assert.deepEqual(await seriousViolations(a.page, '[role="dialog"]'), []);
        await dlg.getByRole('button', { name: 'Next' }).click();
        await dlg.getByLabel('Specific users and teams').check();
        await dlg.getByLabel('Admin', { exact: true }).check();
        await dlg.getByRole('button', { name: 'Next' }).click();
        await dlg.getByRole('button', { name: 'Next' }).click();
        await dlg.locator('dd', { hasText: /^Admin$/ }).waitFor();
        await dlg.getByText('starts with “https://docs.example.com/”').waitFor();
        await dlg.getByText('plan is “Gold”').waitFor();
        await dlg.getByRole('button', { name: 'Publish' }).click();

        // Published: the tracking code, to copy or to send to a developer.
        const done = a.page.getByRole('dialog', { name: 'Docs chat is published' });
        const code = done.getByLabel('Tracking code of Docs chat');
        await code.waitFor();
        assert.match(
          (await code.textContent()) ?? '',
          /^<script async src="http:\/\/127\.0\.0\.1:\d+\/widget\.js" data-switchboard-channel="[^"]+"><\/script>$/,
        );
        await done.getByRole('button', { name: 'Send to a developer' }).click();
        const send = a.page.getByRole('dialog', { name: 'Send the tracking code to a developer' });
        await send.getByLabel('Developer’s email address').fill('not an address');
        await send.getByRole('button', { name: 'Send' }).click();
        await send.locator('.field-error').waitFor();
        await send.getByLabel('Developer’s email address').fill('webdev@example.org');
        await send.getByLabel('Note (optional)').fill('For the docs pages, please.');
        await screenshot(a.page, 'chat-wizard-send-code');
        assert.deepEqual(await seriousViolations(a.page, '[role="dialog"]'), []);
        await send.getByRole('button', { name: 'Send' }).click();
        // No outgoing mail server in this world: the admin learns that the mail waits.
        await a.page.getByText('The email to webdev@example.org is waiting').waitFor();
        await screenshot(a.page, 'chat-wizard-code-sent');
        await a.page.setViewportSize({ width: 390, height: 844 });
        await screenshot(a.page, 'chat-wizard-published-phone');
        await a.page.setViewportSize({ width: 1440, height: 900 });
        await done.getByRole('button', { name: 'Done' }).click();
        await a.page.getByLabel('Tracking code of Docs chat', { exact: true }).waitFor();

        const list = await admin.get(`/api/v1/inboxes/${world.defaultInbox.id}/channels`);
        const made = list.body.items.find((c: any) => c.name === 'Docs chat');
        assert.equal(made.settings.audience, 'property');
        assert.deepEqual(made.settings.audienceProperty, { key: 'plan', value: 'Gold' });
        assert.deepEqual(made.settings.targeting, [{ op: 'starts_with', value: 'https://docs.example.com/' }]);
        assert.equal(made.settings.welcome, 'Questions about the docs?');
        const me = (await admin.get('/api/v1/me')).body;
        assert.deepEqual([made.settings.routing.mode, made.settings.routing.userIds], ['specific', [me.id]]);
        const jobs = await world.server.running.ctx.db.kysely
          .selectFrom('jobs')
          .select('payload')
          .where('kind', '=', 'chat-snippet-email')
          .execute();
        assert.ok(jobs.some((j) => j.payload.includes('webdev@example.org') && j.payload.includes(made.id)));

        // In Dutch: the same wizard on the channel, its audience and away preview.
        assert.equal((await admin.patch('/api/v1/me', { locale: 'nl' })).status, 200);
        try {
          await a.page.reload();
          await a.page.getByRole('button', { name: 'Docs chat bewerken' }).click();
          const nl = a.page.getByRole('dialog', { name: 'Docs chat bewerken' });
          await nl.getByRole('button', { name: '2. Doelgroep' }).click();
          await nl.getByLabel('Bekende contacten met een eigenschap').waitFor();
          await screenshot(a.page, 'chat-wizard-audience-nl');
          await nl.getByRole('button', { name: '5. Afwezig' }).click();
          await nl.locator('.chat-frame', { hasText: 'We are out.' }).first().getByText('Opslaan').waitFor();
          await screenshot(a.page, 'chat-wizard-away-preview-nl');
          await nl.getByRole('button', { name: '8. Controleren' }).click();
          await nl.getByRole('button', { name: 'Naar een ontwikkelaar sturen' }).waitFor();
          await screenshot(a.page, 'chat-wizard-review-nl');
        } finally {
          await admin.patch('/api/v1/me', { locale: 'en' });
        }
      });
    });

    test('nobody available: the widget says so and captures an email', async () => {
      const admin = world.server.adminClient;
      const users = (await admin.get('/api/v1/users')).body.items as any[];
      const setAll = (availability: string) => Promise.all(users.map((u) => admin.patch(`/api/v1/users/${u.id}`, { availability })));
      await admin.patch(`/api/v1/channels/${/data-switchboard-channel="([^"]+)"/.exec(snippet)![1]}`, { settings: { targeting: [] } });
      await setAll('away');
      try {
        await scenario(browser, world.url, 'chat-away', async (open) => {
          const v = await open();
          await v.page.goto(`${hostUrl}/contact`);
          const widget = v.page.locator('[data-switchboard]');
          await widget.getByRole('button', { name: 'Open chat' }).click();
          const dialog = widget.getByRole('dialog', { name: 'Chat' });
          await dialog.getByText('No one is available right now').waitFor();
          await dialog.getByLabel('Message').fill('Call me back please');
          await dialog.getByLabel('Message').press('Enter');
          await dialog.locator('.msg.visitor:not(.pending)', { hasText: 'Call me back' }).waitFor();
          await dialog.getByLabel('Your email').fill('later@example.org');
          await dialog.getByRole('button', { name: 'Save' }).click();
          await dialog.getByText('We will answer at later@example.org').waitFor();
          await screenshot(v.page, 'chat-widget-away');
        });
      } finally {
        await setAll('available');
      }
      const list = await admin.get(`/api/v1/conversations?inboxId=${world.defaultInbox.id}&view=all`);
      const conv = list.body.items.find((c: any) => c.preview?.includes('Call me back'));
      // Left without proof: on the visitor's own contact, as not verified.
      assert.equal(conv?.contact?.email, null);
      assert.equal((await admin.get(`/api/v1/contacts/${conv.contact.id}`)).body.unverifiedEmail, 'later@example.org');
      await scenario(browser, world.url, 'chat-away-agent', async (open) => {
        const a = await open();
        await login(a, world.admin.email, world.admin.password);
        await a.page.goto(`/inbox/${world.defaultInbox.id}/all/${conv.id}`);
        const panel = a.page.getByRole('complementary', { name: 'Contact', exact: true });
        await panel.locator('.unverified-email', { hasText: 'later@example.org' }).getByText('email not verified').waitFor();
        await screenshot(a.page, 'chat-away-unverified-email');
      });
    });

    test('a dropped socket loses nothing: unacknowledged messages are resent on reconnect and stored once', async () => {
      const admin = world.server.adminClient;
      await scenario(browser, world.url, 'chat-reconnect', async (open) => {
        const v = await open();
        let swallow = false;
        const routes: WebSocketRoute[] = [];
        await v.page.routeWebSocket(/\/api\/v1\/widget\/socket/, (ws) => {
          const server = ws.connectToServer();
          routes.push(ws);
          // While `swallow` is on, the visitor's messages never reach the server (a network drop).
          ws.onMessage((m) => {
            if (swallow && String(m).includes('"type":"message"')) return;
            server.send(m);
          });
          server.onMessage((m) => ws.send(m));
        });
        await v.page.goto(`${hostUrl}/shipping`);
        const widget = v.page.locator('[data-switchboard]');
        await widget.getByRole('button', { name: 'Open chat' }).click();
        const dialog = widget.getByRole('dialog', { name: 'Chat' });
        const say = async (text: string) => {
          await dialog.getByLabel('Message').fill(text);
          await dialog.getByLabel('Message').press('Enter');
        };
        await say('first, before the drop');
        await dialog.locator('.msg.visitor:not(.pending)', { hasText: 'first, before the drop' }).waitFor();
        swallow = true;
        await say('lost in transit');
        await dialog.locator('.msg.visitor.pending', { hasText: 'lost in transit' }).waitFor();
        // The connection drops; the widget reconnects and resends what was not acknowledged.
        swallow = false;
        await routes[0]!.close({ code: 1006 }).catch(() => routes[0]!.close());
        await dialog.locator('.msg.visitor:not(.pending)', { hasText: 'lost in transit' }).waitFor({ timeout: 15_000 });
        assert.ok(routes.length >= 2, 'reconnected');
        assert.equal(await dialog.locator('.msg.visitor').count(), 2);
        const list = await admin.get(`/api/v1/conversations?inboxId=${world.defaultInbox.id}&view=all`);
        const conv = list.body.items.find((c: any) => c.preview?.includes('lost in transit'));
        const items = (await admin.get(`/api/v1/conversations/${conv.id}/messages`)).body.items as any[];
        assert.deepEqual(
          items.filter((m) => m.kind === 'incoming').map((m) => m.text),
          ['first, before the drop', 'lost in transit'],
        );
      });
    });
  });
}
