/** Working a conversation from the keyboard and the editors: shortcuts, #snippets, @mentions, comments, close and reopen, links; the email editor's formatting, paste and drop. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { login, scenario, waitForText } from './support/browser.js';
import { browser, skip, world } from './support/suite.js';
import { PNG } from '../test/support/upload.js';

test('keyboard, snippets and mentions: j/k, r with #snippet, c with @mention, a to assign, e to close and reopen', { skip }, async () => {
  const agent = await world.createUser('Kim Keys');
  await world.createUser('Mateo Mention');
  const snippet = await world.server.adminClient.post('/api/v1/snippets', {
    name: 'greeting',
    body: 'Thanks for reaching out! We are on it.',
  });
  assert.equal(snippet.status, 201, JSON.stringify(snippet.body));
  await world.incoming(world.defaultInbox.id, { email: 'older@example.org', name: 'Olivia Older' }, 'First question', 'Older one');
  await world.incoming(world.defaultInbox.id, { email: 'newer@example.org', name: 'Nick Newer' }, 'Second question', 'Newer one');

  await scenario(browser, world.url, 'editor-keyboard', async (open) => {
    const t = await open();
    await login(t, agent.email, agent.password);
    const page = t.page;
    await page.locator('.conv-row').first().waitFor();

    // j opens the first (newest), j again the next, k goes back.
    await page.keyboard.press('j');
    await waitForText(page, '.conv-head h2', 'Newer one');
    await page.keyboard.press('j');
    await waitForText(page, '.conv-head h2', 'Older one');
    await page.keyboard.press('k');
    await waitForText(page, '.conv-head h2', 'Newer one');
    assert.match(page.url(), /\/inbox\/[^/]+\/all\/[^/?]+$/, 'the URL holds the open conversation');

    // r focuses the reply editor; #gre offers the snippet; Enter inserts it.
    await page.keyboard.press('r');
    await page.keyboard.type('Hello Nick. #gre');
    await page
      .getByRole('listbox', { name: 'Snippets' })
      .getByRole('option', { name: /#greeting/ })
      .waitFor();
    await page.keyboard.press('Enter');
    assert.equal(await page.getByLabel('Reply to the customer').inputValue(), 'Hello Nick. Thanks for reaching out! We are on it.');
    await page.keyboard.press('Control+Enter');
    await waitForText(page, '.thread .msg-out', 'Thanks for reaching out!');

    // c switches to an internal comment; @Mat offers Mateo.
    await page.locator('.thread').click();
    await page.keyboard.press('c');
    await page.keyboard.type('Can you check this, @Mat');
    await page
      .getByRole('listbox', { name: 'Teammates' })
      .getByRole('option', { name: /Mateo Mention/ })
      .waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type('?');
    await page.getByRole('button', { name: 'Add comment' }).click();
    const comment = page.locator('.thread .msg-comment', { hasText: '@Mateo Mention ?' });
    await comment.waitFor();
    await waitForText(page, '.thread .msg-comment', 'Internal comment');

    // a opens the assign menu; e closes, e again reopens.
    await page.locator('.thread').click();
    await page.keyboard.press('a');
    await page.getByRole('menu', { name: 'Assignee' }).waitFor();
    await page.keyboard.type('Kim');
    await page.getByRole('menuitem', { name: /Kim Keys/ }).click();
    await waitForText(page, '.assign-btn', 'Kim Keys');
    await page.keyboard.press('e');
    await page.getByRole('button', { name: 'Reopen' }).waitFor();
    await waitForText(page, '.thread .msg-system', /closed/i);
    await page.keyboard.press('e');
    await page.getByRole('button', { name: /Close/ }).waitFor();
    await waitForText(page, '.thread .msg-system', /reopened/i);
    await page.locator('.conv-row.selected .chip-closed').waitFor({ state: 'detached' });
    await page.locator('[data-view="unassigned"] .count[data-count="1"]').waitFor();

    // / focuses search.
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'search');
  });
});

test(
  'plain-text replies (chat, API) keep the plain editor; web addresses in them become links that open in a new tab',
  { skip },
  async () => {
    const agent = await world.createUser('Lina Links');
    await world.incoming(world.defaultInbox.id, { email: 'links@example.org', name: 'Lars Links' }, 'Where is the manual?', 'Manual');
    await scenario(browser, world.url, 'editor-links', async (open) => {
      const t = await open();
      await login(t, agent.email, agent.password);
      const page = t.page;
      await page.locator('.conv-row', { hasText: 'Lars Links' }).click();
      await waitForText(page, '.conv-head h2', 'Manual');
      assert.equal(await page.getByRole('toolbar', { name: 'Formatting' }).count(), 0, 'no rich toolbar outside email');
      await page.getByLabel('Reply to the customer').fill('It is at https://example.org/help. Or www.example.org/faq');
      await page.getByRole('button', { name: 'Send reply' }).click();
      const link = page.locator('.thread .msg-out a', { hasText: 'https://example.org/help' });
      await link.waitFor();
      assert.equal(await link.getAttribute('href'), 'https://example.org/help');
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.equal(
        await page.locator('.thread .msg-out a', { hasText: 'www.example.org/faq' }).getAttribute('href'),
        'https://www.example.org/faq',
      );
    });
  },
);

test('email reply editor: toolbar lists, Ctrl+I, a link with Ctrl+K; the reply keeps the formatting', { skip }, async () => {
  const agent = await world.createUser('Rico Rich');
  const conv = await agent.client.post('/api/v1/conversations', {
    inboxId: world.defaultInbox.id,
    to: { email: 'rich@example.org', name: 'Ria Rich' },
    subject: 'Formatting',
    html: '<p>Hi</p>',
  });
  assert.equal(conv.status, 201, JSON.stringify(conv.body));
  await scenario(browser, world.url, 'editor-rich', async (open) => {
    const t = await open();
    await login(t, agent.email, agent.password);
    const page = t.page;
    await page.locator('.conv-row', { hasText: 'Ria Rich' }).click();
    await waitForText(page, '.conv-head h2', 'Formatting');
    await page.keyboard.press('r');
    await page.keyboard.type('Steps:');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Bulleted list' }).click();
    await page.keyboard.type('first');
    await page.keyboard.press('Enter');
    await page.keyboard.type('second');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+i');
    await page.keyboard.type('then');
    await page.keyboard.press('Control+i');
    await page.keyboard.type(' read ');
    page.once('dialog', (d) => void d.accept('https://example.org/guide'));
    await page.keyboard.press('Control+k');
    await page.locator('.composer .rich-area a[href="https://example.org/guide"]').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Link (Ctrl+K)' }).getAttribute('aria-keyshortcuts'), 'Control+K');
    await page.keyboard.press('Control+Enter');
    const frame = page.frameLocator('.thread .msg-out iframe').last();
    await frame.locator('ul li', { hasText: 'second' }).waitFor();
    await frame.locator('i', { hasText: 'then' }).waitFor();
    assert.equal(await frame.locator('a', { hasText: 'example.org/guide' }).getAttribute('href'), 'https://example.org/guide');
    const messages = (await agent.client.get(`/api/v1/conversations/${conv.body.id}/messages`)).body.items;
    assert.match(messages[messages.length - 1].text, /^Steps:\n+- first\n- second\n+then read https:\/\/example\.org\/guide$/);

    // A line typed first and then made a list keeps the caret at its end.
    await page.getByRole('textbox', { name: 'Reply to the customer' }).click();
    await page.keyboard.type('Todo');
    await page.getByRole('button', { name: 'Numbered list' }).click();
    await page.keyboard.type(' now');
    await waitForText(page, '.composer .rich-area ol li', /^Todo now$/);

    // The email draft survives a look at the Comment tab.
    await page.getByRole('tab', { name: 'Comment' }).click();
    await page.getByLabel('Internal comment').waitFor();
    await page.getByRole('tab', { name: 'Reply' }).click();
    await waitForText(page, '.composer .rich-area ol li', /^Todo now$/);

    // A pasted screenshot is uploaded and shown inline; a dropped file is attached.
    await page.locator('.composer .rich-area').evaluate(
      (el, png) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(png)], 'shot.png', { type: 'image/png' }));
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      },
      [...PNG],
    );
    await page.locator('.composer .rich-area img[src^="/api/v1/uploads/"][alt="shot.png"]').waitFor();
    await page.locator('.composer .rich-area').evaluate((el) => {
      const dt = new DataTransfer();
      dt.items.add(new File(['minutes'], 'minutes.txt', { type: 'text/plain' }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.locator('.composer').getByRole('list', { name: 'Attached files' }).getByText('minutes.txt').waitFor();
  });
});

test('a snippet made in Settings is offered in the reply box at once, without reloading the app', { skip }, async () => {
  await world.incoming(world.defaultInbox.id, { email: 'sam@example.org', name: 'Sam Snippet' }, 'Where is my refund?', 'Refund please');
  await scenario(browser, world.url, 'snippet-fresh', async (open) => {
    const t = await open();
    await login(t, world.admin.email, world.admin.password);
    const page = t.page;
    const offered = () => page.getByRole('listbox', { name: 'Snippets' }).getByRole('option', { name: /#refundnow/ });
    await page.locator('.conv-row', { hasText: 'Refund please' }).click();
    await waitForText(page, '.conv-head h2', 'Refund please');
    // The reply box has read the snippets once: none by this name yet.
    await page.keyboard.press('r');
    await page.keyboard.type('#refundn');
    await page.getByLabel('Reply to the customer').waitFor();
    assert.equal(await offered().count(), 0);
    await page.getByLabel('Reply to the customer').fill('');

    // In the app (no reload): Settings › Snippets, create one, back to the inbox.
    await page.getByRole('button', { name: /User menu/ }).click();
    await page.getByRole('menuitem', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Snippets' }).click();
    await page.getByRole('button', { name: 'Create snippet' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create snippet' });
    await dialog.getByLabel('Name').fill('refundnow');
    await dialog.getByLabel('Text').fill('Your refund is on its way.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await waitForText(page, '.card', '#refundnow');
    await page.getByRole('link', { name: /Back to the inbox/ }).click();
    await page.locator('.conv-row', { hasText: 'Refund please' }).click();
    await page.keyboard.press('r');
    await page.keyboard.type('#refundn');
    await offered().waitFor();
  });
});
