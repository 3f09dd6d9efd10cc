/**
 * Screenshots of every main screen at 1440 × 900, 900 × 800 and 390 × 844, for looking at by eye:
 *   node scripts/screenshots.mjs   (or: npx tsx e2e/support/screenshots.ts)
 * Starts an isolated server with a small demo, then saves test-output/screenshots/<size>-<screen>.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { fillDemo } from '../../src/server/demo/demo.js';
import { startTestServer } from '../../test/support/server.js';
import { launch, outputDir } from './browser.js';
import { ensureWebBuilt } from './fixtures.js';

const sizes = [
  { name: 'desktop', width: 1440, height: 900 },
  // Two panes (list and conversation; the contact panel folds to its edge).
  { name: 'tablet', width: 900, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const dir = path.join(outputDir, 'screenshots');

ensureWebBuilt();
mkdirSync(dir, { recursive: true });
const server = await startTestServer();
const demo = await fillDemo(server.running.ctx, () => {}, {
  force: true,
  size: { conversations: 60, contacts: 40, companies: 8, tickets: 5 },
});
const client = await server.login(demo.login.email, demo.login.password);
const inboxes: { id: string; name: string }[] = (await client.get('/api/v1/inboxes')).body.items;
const inbox = inboxes.find((i) => i.name === 'Customer Support')!;
const pipelines = (await client.get('/api/v1/pipelines')).body.items;
const stages = pipelines[0].stages;
for (const [i, title] of ['Replace the broken router', 'Refund for the double charge', 'Set up the new office line'].entries())
  await client.post('/api/v1/tickets', { title, pipelineId: pipelines[0].id, stageId: stages[i % stages.length].id });

// An inbox with nothing in it yet: its getting-started panel.
const fresh: { id: string } = (await client.post('/api/v1/inboxes', { name: 'New projects' })).body;

const browser = await launch();
const shots: string[] = [];
try {
  for (const size of sizes) {
    const context = await browser.newContext({ baseURL: server.url, viewport: size, locale: 'en-US' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    try {
      const shot = async (screen: string) => {
        await page.waitForLoadState('networkidle').catch(() => {});
        const file = path.join(dir, `${size.name}-${screen}.png`);
        await page.screenshot({ path: file });
        // When the page is wider than the window, name the outermost elements that stick out.
        const wide = await page.evaluate((w) => {
          if (document.documentElement.scrollWidth <= w) return '';
          // Elements past the right edge that no scroll box of theirs clips (those are what widen the page).
          // Elements and text past the right edge that no scroll box of theirs clips (those are what widen the page).
          // (No named functions in here: the transpiler would wrap them in a helper the page does not have.)
          const out: string[] = [];
          const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
          for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            const el = n instanceof Element ? n : n.parentElement!;
            const range = document.createRange();
            range.selectNodeContents(n);
            const right = n instanceof Element ? n.getBoundingClientRect().right : range.getBoundingClientRect().right;
            if (right <= w + 0.5) continue;
            let clipped = false;
            for (let p = (n instanceof Element ? n : el).parentElement; p && p !== document.body && !clipped; p = p.parentElement)
              clipped = getComputedStyle(p).overflowX !== 'visible' && p.getBoundingClientRect().right <= w + 0.5;
            if (!clipped)
              out.push(
                `${el.parentElement?.className} > ${el.tagName.toLowerCase()}.${String(el.className)}${n instanceof Text ? ` "${n.data.slice(0, 30)}"` : ''}`,
              );
          }
          const names = out.slice(0, 6);
          return `  (page ${document.documentElement.scrollWidth}px wide: ${names.join(', ')})`;
        }, size.width);
        shots.push(file + wide);
      };
      const phone = size.width < 720;

      await page.goto('/');
      await page.getByLabel('Email').waitFor();
      await shot('login');
      await page.getByLabel('Email').fill(demo.login.email);
      await page.getByLabel('Password').fill(demo.login.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page
        .getByRole('navigation', { name: 'Views' })
        .or(page.getByRole('button', { name: 'Views and filters' }))
        .waitFor();
      await page.goto(`/inbox/${inbox.id}/all`);
      await page.locator('.conv-list .conv-row').first().waitFor();
      await shot('inbox');
      if (phone) await openDrawer(page, () => shot('inbox-menu'));
      await page.getByRole('button', { name: /^User menu/ }).click();
      await shot('user-menu');
      await page.keyboard.press('Escape');
      await page.locator('.conv-list .conv-row a').first().click();
      await page.locator('.thread .msg').first().waitFor();
      await shot('conversation');
      if (phone) {
        await page.getByRole('button', { name: 'Contact details' }).click();
        await page.getByRole('complementary', { name: 'Contact' }).waitFor();
        await shot('conversation-contact');
      }
      await page.goto('/contacts');
      await page.locator('.crm-page table tbody tr').first().waitFor();
      await shot('contacts');
      await page.locator('.crm-page table tbody tr a').first().click();
      await page.locator('.contact-layout').waitFor();
      await shot('contact');
      await page.goto('/tickets');
      await page.locator('.ticket-card').first().waitFor();
      await shot('tickets');
      await page.goto('/tickets?view=list');
      await page.locator('.crm-page table').waitFor();
      await shot('tickets-list');
      for (const tab of ['inboxes', 'users', 'teams', 'snippets', 'templates', 'security']) {
        await page.goto(`/settings/${tab}`);
        await page.locator('.settings-main').waitFor();
        await shot(`settings-${tab}`);
      }
      await page.getByRole('link', { name: 'Inboxes' }).click();
      await page.getByRole('button', { name: 'Create inbox' }).click();
      await page.getByRole('dialog', { name: 'Create inbox' }).getByLabel('Name').fill(`Returns ${size.name}`);
      await page.getByRole('dialog', { name: 'Create inbox' }).getByRole('button', { name: 'Save' }).click();
      await page.getByRole('dialog', { name: 'Connect a channel now or later' }).waitFor();
      await shot('inbox-connect-channel');
      await page.keyboard.press('Escape');
      await page.goto(`/inbox/${fresh.id}/all`);
      await page.locator('.getting-started').waitFor();
      await shot('getting-started');
    } catch (e) {
      await page.screenshot({ path: path.join(dir, `${size.name}-failed.png`) });
      throw e;
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(shots.join('\n'));

async function openDrawer(page: Page, then: () => Promise<void>) {
  await page.getByRole('button', { name: 'Views and filters' }).click();
  await page.getByRole('dialog', { name: 'Views and filters' }).waitFor();
  await then();
  await page.keyboard.press('Escape');
}
