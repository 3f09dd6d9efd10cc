/**
 * The chatflow builder in Chromium: an admin opens a chat channel's Chatflows in Settings › Inboxes,
 * builds a flow with a question of two buttons and a hand-over, sees what stops publishing (a step
 * never reached, a button going to a deleted step, a field the server refuses) block Publish, fixes it,
 * renames and drags steps, limits the flow to some pages, tries the draft in the Try it panel,
 * publishes, and switches the flow off; then the builder in Dutch and Swedish. Screenshots of the
 * builder at desktop and phone width, in each language, and of the Try it panel; axe on each.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Locator } from 'playwright-core';
import { seriousViolations } from './support/axe.js';
import { browserMissing, launch, login, scenario, screenshot } from './support/browser.js';
import { ensureWebBuilt } from './support/fixtures.js';
import { startTestServer, type TestServer } from '../test/support/server.js';

const skip = browserMissing() ?? false;
let server: TestServer;
let browser: Browser;
let channelId: string;

before(async () => {
  if (skip) return;
  ensureWebBuilt();
  server = await startTestServer();
  browser = await launch();
  const inboxId = (await server.adminClient.get('/api/v1/inboxes')).body.items[0].id;
  channelId = (await server.adminClient.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Shop', settings: {} })).body.id;
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const order = (builder: Locator) =>
  builder.locator('[data-step-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-step-type')));

test('an admin builds, checks, tries and publishes a chatflow', { skip }, async () => {
  await scenario(browser, server.url, 'chatflow-builder', async (open) => {
    const tr = await open();
    // The save of a question without its text is refused by the server (and shown on the field).
    tr.allow('/chatflows', 400);
    await login(tr, server.admin.email, server.admin.password);
    const page = tr.page;
    await page.goto('/settings/inboxes');
    await page.getByRole('button', { name: 'Chatflows: Shop' }).click();
    const list = page.getByRole('dialog', { name: 'Chatflows of Shop' });
    await list.getByText('No chatflows yet.').waitFor();
    await list.getByRole('button', { name: 'New flow' }).click();

    const builder = page.getByRole('dialog', { name: 'New chatflow' });
    /** The builder scrolled to its top (name, trigger, problems), for a screenshot. */
    const toTop = () => page.locator('.modal').evaluate((m) => m.scrollTo(0, 0));
    await builder.getByLabel('Flow name').fill('Shop bot');
    await builder.getByLabel('Bot name', { exact: true }).fill('Robin');
    // Escape with unsaved changes asks first; Keep editing stays.
    await page.keyboard.press('Escape');
    const leave = builder.getByRole('alertdialog', { name: 'You have changes that are not saved.' });
    await leave.getByRole('button', { name: 'Keep editing' }).click();
    assert.equal(await leave.count(), 0);
    assert.equal(await builder.getByLabel('Flow name').inputValue(), 'Shop bot');
    // A new flow greets and hands over; it can be published as it is.
    assert.deepEqual(await order(builder), ['message', 'handoff']);
    const problems = builder.locator('#chatflow-problems-title');
    await problems.getByText('No problems: the flow can be published.').waitFor();

    // A question added at the end is reached by nothing: a problem, and Publish cannot be used.
    await builder.getByLabel('Kind of the new step').selectOption({ label: 'Question' });
    await builder.getByRole('button', { name: 'Add step' }).click();
    await problems.getByText('1 problem stops publishing').waitFor();
    await builder.getByText('Step 3 is never reached from the first step.').first().waitFor();
    // The problem leads to its step.
    await problems.locator('..').getByRole('button', { name: 'Step 3 is never reached from the first step.' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-step-id')), 'question_1');
    const publish = builder.getByRole('button', { name: 'Publish' });
    assert.equal(await publish.isDisabled(), true);

    // Saving the question without its text: the server refuses, the field says why.
    await builder.getByRole('button', { name: 'Save draft' }).click();
    await builder.getByText('The draft was not saved: correct the fields marked below.').waitFor();
    const question = builder.locator('[data-step-id="question_1"]');
    assert.equal(await question.getByLabel('Question', { exact: true }).getAttribute('aria-invalid'), 'true');

    await question.getByLabel('Question', { exact: true }).fill('Sales or support?');
    // Changed, the step no longer shows the server's word on what it was.
    assert.equal(await question.getByLabel('Question', { exact: true }).getAttribute('aria-invalid'), null);
    await question.getByRole('button', { name: 'Add button' }).click();
    await question.getByRole('button', { name: 'Add button' }).click();
    await question.getByLabel('Button 1', { exact: true }).fill('Sales');
    await question.getByLabel('Button 1 goes to').selectOption({ label: '2. Hand over: handoff_1' });
    await question.getByLabel('Button 2', { exact: true }).fill('Support');
    // Button 2 goes to an end step, which is then deleted: a button going nowhere.
    await builder.getByLabel('Kind of the new step').selectOption({ label: 'End' });
    await builder.getByRole('button', { name: 'Add step' }).click();
    await builder.locator('[data-step-id="end_1"]').getByLabel('Last message (optional)').fill('Thanks, bye!');
    await question.getByLabel('Button 2 goes to').selectOption({ label: '4. End: Thanks, bye!' });
    await builder.getByRole('button', { name: 'Delete step 4' }).click();
    await builder.getByText('Step 3 goes to a step that does not exist (end_1).').waitFor();
    await question.getByText('This step no longer exists: choose another.').waitFor();
    await problems.getByText('2 problems stop publishing').waitFor();
    assert.equal(await publish.isDisabled(), true);
    await toTop();
    await screenshot(page, 'chatflow-builder-problems');

    // Fixed: the greeting goes on to the question, button 2 to the hand-over; the question moves up (by keyboard).
    await builder.locator('[data-step-id="message_1"]').getByLabel('Then go to').selectOption({ label: '3. Question: Sales or support?' });
    await question.getByLabel('Button 2 goes to').selectOption({ label: '2. Hand over: handoff_1' });
    await builder.getByRole('button', { name: 'Move step 3 up' }).focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(await order(builder), ['message', 'question', 'handoff']);
    await problems.getByText('No problems: the flow can be published.').waitFor();
    assert.equal(await publish.isDisabled(), false);

    // A name another step has is refused where it is typed; Escape puts the old one back.
    const greetingName = builder.getByLabel('Name of step 1');
    await greetingName.fill('handoff_1');
    await builder.getByText('Another step has this name').waitFor();
    assert.equal(await greetingName.getAttribute('aria-invalid'), 'true');
    await greetingName.press('Escape');
    assert.equal(await greetingName.inputValue(), 'message_1');
    // The hand-over renamed: the go-tos that named it follow.
    await builder.getByLabel('Name of step 3').fill('to_team');
    await builder.getByLabel('Name of step 3').press('Enter');
    await builder.locator('[data-step-id="to_team"]').waitFor();
    assert.equal(await question.getByLabel('Button 1 goes to').inputValue(), 'to_team');
    assert.equal(await question.getByLabel('Button 2 goes to').inputValue(), 'to_team');
    // Dragged by its handle, the hand-over goes above the question, and back below it.
    const handle = (id: string) => builder.locator(`[data-step-id="${id}"] .chatflow-drag`);
    await handle('to_team').dragTo(builder.locator('[data-step-id="question_1"]'));
    assert.deepEqual(await order(builder), ['message', 'handoff', 'question']);
    await handle('question_1').dragTo(builder.locator('[data-step-id="to_team"]'));
    assert.deepEqual(await order(builder), ['message', 'question', 'handoff']);
    // Only on the pricing pages.
    await builder.getByRole('button', { name: 'Add rule' }).click();
    await builder.getByLabel('Rule 1 value').fill('/pricing');
    await problems.getByText('No problems: the flow can be published.').waitFor();
    await toTop();
    await screenshot(page, 'chatflow-builder-desktop');
    assert.deepEqual(await seriousViolations(page, '.modal'), []);
    await page.setViewportSize({ width: 390, height: 844 });
    await toTop();
    await screenshot(page, 'chatflow-builder-phone');
    assert.deepEqual(await seriousViolations(page, '.modal'), []);
    await page.setViewportSize({ width: 1440, height: 900 });

    // Try it: the draft runs in the panel, like the widget.
    await builder.getByRole('button', { name: 'Try it' }).click();
    const panel = builder.getByRole('region', { name: 'Try it: Robin' });
    const log = panel.getByRole('log');
    await log.getByText('Hi! How can we help you?').waitFor();
    await log.getByText('Sales or support?').waitFor();
    await log.getByRole('button', { name: 'Support' }).click();
    await log.getByText('Handed over to a person.').waitFor();
    assert.equal(await log.getByRole('button', { name: 'Support' }).count(), 0, 'the buttons go once answered');
    // Typed instead of tapped: the same way on.
    await panel.getByRole('button', { name: 'Restart' }).click();
    await panel.getByLabel('Your answer').fill('  sales ');
    await panel.getByRole('button', { name: 'Send' }).click();
    await log.getByText('Handed over to a person.').waitFor();
    await screenshot(page, 'chatflow-try-it');
    await page.setViewportSize({ width: 390, height: 844 });
    await toTop();
    await screenshot(page, 'chatflow-try-it-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
    assert.deepEqual(await seriousViolations(page, '.modal'), []);

    await publish.click();
    await page.getByText('Shop bot published as v1').waitFor();
    // Saved, the dialog bears the flow's name.
    const saved = page.getByRole('dialog', { name: 'Chatflow Shop bot' });
    await saved.getByText('Published v1').waitFor();
    await saved.locator('.chatflow-actions').getByRole('button', { name: 'Close' }).click();
    const item = list.locator('[data-chatflow="Shop bot"]');
    await item.getByText('Published v1').waitFor();
    await item.getByRole('switch', { name: 'On: Shop bot' }).uncheck();
    await item.getByText('Off', { exact: true }).waitFor();
  });
  const flows = (await server.adminClient.get(`/api/v1/channels/${channelId}/chatflows`)).body.items as any[];
  assert.equal(flows.length, 1);
  const [flow] = flows;
  assert.equal(flow.publishedVersion, 1);
  assert.equal(flow.enabled, false);
  assert.deepEqual(flow.problems, []);
  assert.equal(flow.draft.botName, 'Robin');
  assert.deepEqual(
    flow.draft.steps.map((s: any) => [s.id, s.next ?? null]),
    [
      ['message_1', 'question_1'],
      ['question_1', null],
      ['to_team', null],
    ],
  );
  assert.deepEqual(flow.draft.steps[1].buttons, [
    { label: 'Sales', next: 'to_team' },
    { label: 'Support', next: 'to_team' },
  ]);
  assert.deepEqual(flow.draft.trigger.pages, [{ op: 'contains', value: '/pricing' }]);
});

/** What the builder says in Dutch and Swedish (plurals included), for the flow built above. */
const words = {
  nl: {
    button: 'Chatflows: Shop',
    list: 'Chatflows van Shop',
    steps: '3 stappen',
    edit: 'Flow Shop bot bewerken',
    builder: 'Chatflow Shop bot',
    kind: 'Soort nieuwe stap',
    question: 'Vraag',
    add: 'Stap toevoegen',
    one: '1 probleem houdt publiceren tegen',
    unreachable: 'Stap 4 wordt vanaf de eerste stap nooit bereikt.',
    name: 'Naam van stap 4',
    pages: "Alleen op deze pagina's (geen: op elke pagina)",
  },
  sv: {
    button: 'Chattflöden: Shop',
    list: 'Chattflöden för Shop',
    steps: '3 steg',
    edit: 'Redigera flödet Shop bot',
    builder: 'Chattflöde Shop bot',
    kind: 'Typ av nytt steg',
    question: 'Fråga',
    add: 'Lägg till steg',
    one: '1 problem hindrar publicering',
    unreachable: 'Steg 4 nås aldrig från det första steget.',
    name: 'Namn på steg 4',
    pages: 'Bara på dessa sidor (inga: på alla sidor)',
  },
};
for (const [locale, w] of Object.entries(words))
  test(`the builder in ${locale === 'nl' ? 'Dutch' : 'Swedish'}`, { skip }, async () => {
    try {
      await scenario(browser, server.url, `chatflow-builder-${locale}`, async (open) => {
        const tr = await open();
        await login(tr, server.admin.email, server.admin.password);
        assert.equal((await server.adminClient.patch('/api/v1/me', { locale })).status, 200);
        const page = tr.page;
        await page.goto('/settings/inboxes');
        await page.getByRole('button', { name: w.button }).click();
        const list = page.getByRole('dialog', { name: w.list });
        await list.getByText(w.steps).waitFor();
        await list.getByRole('button', { name: w.edit }).click();
        const builder = page.getByRole('dialog', { name: w.builder });
        await builder.getByRole('group', { name: w.pages }).waitFor();
        await builder.getByLabel(w.kind).selectOption({ label: w.question });
        await builder.getByRole('button', { name: w.add }).click();
        await builder.getByText(w.one).waitFor();
        await builder.getByText(w.unreachable).first().waitFor();
        assert.equal(await builder.getByLabel(w.name).inputValue(), 'question_2');
        await page.locator('.modal').evaluate((m) => m.scrollTo(0, 0));
        await screenshot(page, `chatflow-builder-${locale}`);
        assert.deepEqual(await seriousViolations(page, '.modal'), []);
      });
    } finally {
      await server.adminClient.patch('/api/v1/me', { locale: 'en' });
    }
  });
