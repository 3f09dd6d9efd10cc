/**
 * A Messenger conversation in the agent app: the customer's text and photo (the file fetched and
 * shown), their profile name and picture on the contact, our replies marked Read and Delivered by
 * Meta's receipts, and the composer with a reply being typed. Screenshot `messenger-conversation`.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserMissing, launch, login, scenario, screenshot } from './support/browser.js';
import { ensureWebBuilt } from './support/fixtures.js';
import { PICTURE } from '../test/support/fake-graph.js';
import { PAGE, startMessengerRig, type MessengerRig } from '../test/support/messenger.js';
import { waitFor } from '../test/email/support/mail.js';

const skip = browserMissing() ?? false;
const PSID = '4000000001';
let m: MessengerRig;
let browser: Browser;

before(async () => {
  if (skip) return;
  ensureWebBuilt();
  m = await startMessengerRig('sqlite', { profiles: { [PSID]: { first_name: 'Maja', last_name: 'Lindqvist' } } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await m?.close();
});

test('a Messenger conversation shows the photo, the receipts and the composer', { skip }, async () => {
  const k = m.s.running.ctx.db.kysely;
  const photo = m.graph.file('parcel.png', 'image/png', PICTURE);
  await m.deliver(m.text(PSID, 'Hi! My parcel arrived damaged, see the photo.'));
  await m.deliver({
    sender: { id: PSID },
    recipient: { id: PAGE },
    timestamp: Date.now(),
    message: { mid: 'm_photo_1', attachments: [{ type: 'image', payload: { url: photo } }] },
  });
  const c = await m.conversationOf(PSID);
  await waitFor('the photo stored', async () =>
    k
      .selectFrom('attachments')
      .innerJoin('messages', 'messages.id', 'attachments.message_id')
      .select('attachments.id')
      .where('messages.external_id', '=', 'm_photo_1')
      .executeTakeFirst(),
  );
  await waitFor(
    'the profile',
    async () => (await k.selectFrom('contacts').select('picture_path').where('id', '=', c.contact_id!).executeTakeFirst())?.picture_path,
  );
  const sentMid = async (id: string) =>
    waitFor(
      'the reply sent',
      async () => (await k.selectFrom('messages').select('external_id').where('id', '=', id).executeTakeFirst())?.external_id,
    );
  const first = await m.f.message(c.id, { body: 'Sorry to hear that, Maja! Could you tell me your order number?' });
  await sentMid(first.id);
  await m.deliver({ sender: { id: PSID }, recipient: { id: PAGE }, timestamp: Date.now(), read: { watermark: Date.now() + 1000 } });
  await m.deliver(m.text(PSID, 'It is 48213.'));
  const second = await m.f.message(c.id, { body: 'Thank you. A new one is on its way today.' });
  const mid = await sentMid(second.id);
  await m.deliver({ sender: { id: PSID }, recipient: { id: PAGE }, timestamp: Date.now(), delivery: { mids: [mid] } });

  await scenario(browser, m.s.url, 'messenger-conversation-run', async (open) => {
    const tr = await open();
    await login(tr, m.s.admin.email, m.s.admin.password);
    const page = tr.page;
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`/inbox/${m.inboxId}/all/${c.id}`);
    await page.locator('[data-delivery="read"]').waitFor();
    await page.locator('[data-delivery="delivered"]').waitFor();
    const img = page.locator('.thread img[src*="/api/v1/attachments/"]').first();
    await img.waitFor();
    assert.ok(await img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0), 'the photo is shown');
    const avatar = page.locator('.contact-card img.avatar');
    await avatar.waitFor();
    assert.ok(await avatar.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0), "the contact's picture is shown");
    await page.getByText('Maja Lindqvist').first().waitFor();
    const box = page.getByPlaceholder('Write a reply…', { exact: false });
    await box.pressSequentially('Here is your tracking link: ');
    await screenshot(page, 'messenger-conversation');
  });
  await waitFor('typing_on', async () => m.graph.calls.find((x) => x.body.sender_action === 'typing_on'));
});
