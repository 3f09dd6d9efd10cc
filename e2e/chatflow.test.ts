/**
 * A chatflow as a visitor meets it: the widget on a shop's page (another origin) shows the bot's
 * messages and its question's buttons; a tap answers; typed answers are checked; the bot hands over.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { engines } from '../test/support/engines.js';
import { seriousViolations } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { chatSkip, chatWorld, startHostPage, type HostPage } from './support/chat-host.js';
import type { World } from './support/fixtures.js';

for (const engine of engines) {
  describe(`chatflow in the widget on ${engine}`, { skip: await chatSkip(engine) }, () => {
    // The flow's webhook step calls a receiver on loopback (allowed as an operator allows an internal system).
    const live = chatWorld(engine, { ALLOW_PRIVATE_WEBHOOKS: '1' });
    let world: World;
    let browser: Browser;
    let host: HostPage;
    let hook: http.Server;
    let hookUrl: string;
    before(async () => {
      world = live.world();
      browser = live.browser();
      host = await startHostPage();
      hook = http.createServer((req, res) => {
        req.resume();
        req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"properties":{"tier":"gold"}}'));
      });
      await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
      hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/flow`;
    });
    after(async () => {
      await host?.close();
      hook?.close();
    });

    test('a visitor walks every kind of step: taps a button, types an email and a number, and is handed over; another ends at once', async () => {
      const a = world.server.adminClient;
      const inboxId = world.defaultInbox.id;
      const pipelineId = (await a.get('/api/v1/pipelines')).body.items[0].id;
      const ch = (
        await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Shop', settings: { allowedOrigins: [host.url] } })
      ).body;
      const flow = (
        await a.post(`/api/v1/channels/${ch.id}/chatflows`, {
          name: 'Shop bot',
          botName: 'Robin',
          steps: [
            { id: 'hi', type: 'message', text: 'Hi, I am Robin, the shop assistant.', next: 'topic' },
            {
              id: 'topic',
              type: 'question',
              text: 'What can I help with?',
              buttons: [{ label: 'An order' }, { label: 'Returns' }],
              saveAs: 'topic',
              next: 'route',
            },
            { id: 'route', type: 'branch', on: { kind: 'answer' }, cases: [{ equals: 'An order', next: 'done' }], otherwise: 'mail' },
            { id: 'done', type: 'end', text: 'Your order is on its way. Bye!' },
            { id: 'mail', type: 'capture_email', text: 'Which email did you order with?', next: 'count' },
            { id: 'count', type: 'question', text: 'How many items?', input: 'number', saveAs: 'items', next: 'mark' },
            { id: 'mark', type: 'set_property', key: 'source', value: 'returns bot', next: 'ticket' },
            { id: 'ticket', type: 'create_ticket', title: 'Return from the chat', pipelineId, next: 'hook' },
            { id: 'hook', type: 'webhook', url: hookUrl, next: 'bye' },
            { id: 'bye', type: 'handoff' },
          ],
        })
      ).body;
      assert.equal((await a.post(`/api/v1/chatflows/${flow.id}/publish`)).status, 200);
      host.snippet = ch.installSnippet;

      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await page.goto(`${host.url}/help`);
        const widget = page.locator('[data-switchboard]');
        await widget.getByRole('button', { name: 'Open chat' }).click();
        const dialog = widget.getByRole('dialog', { name: 'Chat' });
        await dialog.getByLabel('Message').fill('Hello');
        await dialog.getByRole('button', { name: 'Send' }).click();
        await dialog.getByText('Hi, I am Robin, the shop assistant.').waitFor();
        const choices = dialog.getByRole('group');
        await choices.getByRole('button', { name: 'Returns' }).waitFor();
        await screenshot(page, 'chatflow-widget-buttons');
        assert.deepEqual(await seriousViolations(page, '[data-switchboard]'), []);
        await choices.getByRole('button', { name: 'Returns' }).click();
        await dialog.getByText('Which email did you order with?').waitFor();
        // The buttons go once answered; the question asks for an email address, and the field says so
        // (with the keyboard for it on a phone).
        assert.equal(await dialog.getByRole('button', { name: 'Returns' }).count(), 0);
        const field = dialog.getByLabel('Message');
        assert.equal(await field.getAttribute('placeholder'), 'Your email address…');
        assert.equal(await field.evaluate((e) => (e as HTMLTextAreaElement).inputMode), 'email');
        await screenshot(page, 'chatflow-widget-email-hint');
        await dialog.getByLabel('Message').fill('no address');
        await dialog.getByRole('button', { name: 'Send' }).click();
        await dialog.getByText('Which email did you order with?').nth(1).waitFor();
        await dialog.getByLabel('Message').fill('kim@example.org');
        await dialog.getByRole('button', { name: 'Send' }).click();
        await dialog.getByText('How many items?').waitFor();
        assert.equal(await field.getAttribute('placeholder'), 'A number…');
        assert.equal(await field.evaluate((e) => (e as HTMLTextAreaElement).inputMode), 'decimal');
        await dialog.getByLabel('Message').fill('3');
        await dialog.getByRole('button', { name: 'Send' }).click();
        // Handed over: the conversation leaves the Bots view, the answers are on the contact.
        const deadline = Date.now() + 15_000;
        let row: any;
        while (Date.now() < deadline) {
          row = (await a.get(`/api/v1/conversations?inboxId=${inboxId}&view=all&status=open`)).body.items.find(
            (c: any) => c.channel === 'chat',
          );
          if (row) break;
          await new Promise((r) => setTimeout(r, 200));
        }
        assert.ok(row, 'the handed-over conversation is in All');
        const contact = (await a.get(`/api/v1/contacts/${row.contact.id}`)).body;
        assert.deepEqual(contact.properties, { topic: 'Returns', items: '3', source: 'returns bot', tier: 'gold' });
        const tickets = (await a.get(`/api/v1/tickets?conversationId=${row.id}`)).body.items as any[];
        assert.deepEqual(
          tickets.map((x) => x.title),
          ['Return from the chat'],
        );
        assert.equal(contact.unverifiedEmail, 'kim@example.org');
        await screenshot(page, 'chatflow-widget-handed-over');
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
      // Another visitor takes the other branch: the flow ends with its message.
      const other = await browser.newContext({ viewport: { width: 390, height: 844 } });
      other.setDefaultTimeout(15_000);
      try {
        const p2 = await other.newPage();
        await p2.goto(`${host.url}/orders`);
        const widget = p2.locator('[data-switchboard]');
        await widget.getByRole('button', { name: 'Open chat' }).click();
        const dialog = widget.getByRole('dialog', { name: 'Chat' });
        await dialog.getByLabel('Message').fill('Hi');
        await dialog.getByRole('button', { name: 'Send' }).click();
        await dialog.getByRole('group').getByRole('button', { name: 'An order' }).click();
        await dialog.getByText('Your order is on its way. Bye!').waitFor();
        await screenshot(p2, 'chatflow-widget-phone-end');
      } finally {
        await other.close();
      }
    });
  });
}
