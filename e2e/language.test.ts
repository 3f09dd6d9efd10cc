/** The agent app in Dutch and Swedish, chosen from the user menu and kept across reloads. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { login, scenario, screenshot, waitForText } from './support/browser.js';
import { browser, skip, world } from './support/suite.js';

test('language switch to Dutch and Swedish translates the app and sticks after a reload', { skip }, async () => {
  const user = await world.createUser('Lena Lingua');
  await world.incoming(world.defaultInbox.id, { email: 'hans@example.nl', name: 'Hans Klant' }, 'Waar blijft mijn pakket?', 'Pakket');
  await scenario(browser, world.url, 'language-sv', async (open) => {
    const t = await open();
    await login(t, user.email, user.password);
    const page = t.page;
    await page.locator('.conv-row', { hasText: 'Hans Klant' }).click();

    await page.getByRole('button', { name: /User menu/ }).click();
    await page.getByRole('group', { name: 'Language' }).getByRole('menuitemradio', { name: 'Nederlands' }).click();
    await page.getByRole('link', { name: /Aan mij toegewezen/ }).waitFor();
    for (const s of ['Prullenbak', 'Gefilterd', 'Antwoorden', 'Opmerking', 'Eerdere gesprekken', 'Toegewezen aan']) {
      assert.ok((await page.locator('body').innerText()).includes(s), `Dutch: ${s}`);
    }
    assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
    await page.keyboard.press('Escape');
    await screenshot(page, 'language-nl');

    await page.reload();
    await page.getByRole('link', { name: /Aan mij toegewezen/ }).waitFor();

    await page.getByRole('button', { name: /Gebruikersmenu/ }).click();
    await page.getByRole('group', { name: 'Taal' }).getByRole('menuitemradio', { name: 'Svenska' }).click();
    await page.getByRole('link', { name: /Tilldelade mig/ }).waitFor();
    for (const s of ['Papperskorg', 'Filtrerade', 'Svara', 'Kommentar', 'Tidigare konversationer', 'Frånvaroläge']) {
      assert.ok((await page.locator('body').innerText()).includes(s), `Swedish: ${s}`);
    }
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Kortkommandon' }).waitFor();
  });
});

test('counts take the plural of their language: 1 and 2 users and teams in English, Dutch and Swedish', { skip }, async () => {
  const api = world.server.adminClient;
  const admin = await world.createUser('Pia Plural', 'admin');
  const other = await world.createUser('Olle Other');
  const team = async (name: string) => (await api.post<{ id: string }>('/api/v1/teams', { name, userIds: [] })).body.id;
  const [t1, t2] = [await team('Plural one'), await team('Plural two')];
  await world.createInbox('Plural A', { mode: 'specific', userIds: [admin.user.id], teamIds: [t1, t2] });
  await world.createInbox('Plural B', { mode: 'specific', userIds: [admin.user.id, other.user.id], teamIds: [t1] });
  const expected = {
    en: ['1 user, 2 teams', '2 users, 1 team'],
    nl: ['1 gebruiker, 2 teams', '2 gebruikers, 1 team'],
    sv: ['1 användare, 2 team', '2 användare, 1 team'],
  };
  await scenario(browser, world.url, 'language-plurals', async (open) => {
    const t = await open();
    await login(t, admin.email, admin.password);
    for (const [locale, [a, b]] of Object.entries(expected)) {
      assert.equal((await admin.client.patch('/api/v1/me', { locale })).status, 200);
      await t.page.goto('/settings/inboxes');
      const row = (name: string) => t.page.getByRole('row').filter({ has: t.page.getByRole('cell', { name, exact: true }) });
      await row('Plural A').getByRole('cell', { name: a, exact: true }).waitFor();
      await row('Plural B').getByRole('cell', { name: b, exact: true }).waitFor();
    }
  });
});

test("a routing reason and a ticket's default stage are written in the reader's language", { skip }, async () => {
  const api = world.server.adminClient;
  const nora = await world.createUser('Nora Nederlands');
  const away = await world.createUser('Arne Afwezig');
  await api.patch(`/api/v1/users/${away.user.id}`, { availability: 'away' });
  const channel = (await api.get(`/api/v1/inboxes/${world.defaultInbox.id}/channels`)).body.items.find(
    (c: { kind: string }) => c.kind === 'api',
  );
  await api.patch(`/api/v1/channels/${channel.id}`, { routing: { mode: 'specific', userIds: [nora.user.id, away.user.id] } });
  try {
    const conv = await world.incoming(
      world.defaultInbox.id,
      { email: 'kees@example.nl', name: 'Kees Klant' },
      'Wie helpt mij?',
      'Routering',
    );
    let reason: string | null = null;
    for (let i = 0; i < 100 && !reason; i++) {
      reason = (await api.get(`/api/v1/conversations/${conv.id}`)).body.routingReason;
      if (!reason) await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(reason!, /^Round robin among .+: given to Nora Nederlands; skipped Arne Afwezig \(away\)$/, 'the API stays English');
    assert.equal((await nora.client.post(`/api/v1/conversations/${conv.id}/tickets`, {})).status, 201);
    await scenario(browser, world.url, 'language-routing-nl', async (open) => {
      const t = await open();
      await login(t, nora.email, nora.password);
      assert.equal((await nora.client.patch('/api/v1/me', { locale: 'nl' })).status, 200);
      const page = t.page;
      await page.goto(`/inbox/${world.defaultInbox.id}/all/${conv.id}`);
      const dutch = /^Om de beurt onder .+: toegewezen aan Nora Nederlands; 1 persoon overgeslagen: Arne Afwezig \(afwezig\)$/;
      const about = page.locator('[data-testid="routing-reason"]');
      await about.waitFor();
      assert.match(await about.innerText(), dutch);
      await page.locator('.msg-system', { hasText: 'Om de beurt onder' }).waitFor();
      // The timeline line (its time follows on its own line).
      assert.match((await page.locator('.msg-system', { hasText: 'Om de beurt onder' }).innerText()).split('\n')[0]!, dutch);
      await page.locator('.msg-system', { hasText: 'Ticket aangemaakt: Routering' }).waitFor();
      await page.locator('.contact-extras .chip', { hasText: 'Nieuw' }).waitFor();
      await screenshot(page, 'language-routing-nl');
    });
  } finally {
    await api.patch(`/api/v1/channels/${channel.id}`, { routing: { mode: 'unassigned' } });
  }
});

test(
  'a refusal reads in the reader’s language: a Dutch admin making a second team of one name sees the Dutch reason',
  { skip },
  async () => {
    const admin = await world.createUser('Dirk Dubbel', 'admin');
    assert.equal((await admin.client.post('/api/v1/teams', { name: 'Dubbel', userIds: [] })).status, 201);
    await scenario(browser, world.url, 'language-refusal', async (open) => {
      const t = await open();
      t.allow('/api/v1/teams', 409);
      await login(t, admin.email, admin.password);
      assert.equal((await admin.client.patch('/api/v1/me', { locale: 'nl' })).status, 200);
      const page = t.page;
      await page.goto('/settings/teams');
      await page.getByRole('button', { name: 'Team aanmaken' }).click();
      const dialog = page.getByRole('dialog', { name: 'Team aanmaken' });
      await dialog.getByLabel('Naam').fill('Dubbel');
      await dialog.getByRole('button', { name: 'Opslaan' }).click();
      await waitForText(page, '.toast-error', 'Er bestaat al een team met deze naam.');
      const shown = await page.locator('body').innerText();
      assert.ok(!shown.includes('A team with this name already exists'), 'no English refusal on the Dutch screen');
      await screenshot(page, 'language-refusal-nl');
    });
  },
);
