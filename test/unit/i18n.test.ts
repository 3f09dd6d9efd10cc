/** The web app's one lookup: placeholders, ICU plurals in each language, and one catalogue without duplicate keys. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parts } from '../../src/web/i18n/en/index.js';
import { format } from '../../src/common/icu.js';
import { catalogs, makeT } from '../../src/web/i18n/index.js';
import { timelineLine } from '../../src/web/i18n/timeline.js';

describe('i18n lookup', () => {
  test('a count of 1 and of 2 takes the right plural in each language', () => {
    const expected = {
      en: ['1 conversation', '2 conversations', '1 user, 2 teams', '2 users, 1 team', 'In 1 day', 'In 2 days'],
      nl: ['1 gesprek', '2 gesprekken', '1 gebruiker, 2 teams', '2 gebruikers, 1 team', 'Over 1 dag', 'Over 2 dagen'],
      sv: ['1 konversation', '2 konversationer', '1 användare, 2 team', '2 användare, 1 team', 'Om 1 dag', 'Om 2 dagar'],
    } as const;
    for (const [locale, want] of Object.entries(expected)) {
      const t = makeT(locale as keyof typeof expected);
      const got = [
        t('view.count', { n: 1 }),
        t('view.count', { n: 2 }),
        t('inboxes.accessCount', { users: 1, teams: 2 }),
        t('inboxes.accessCount', { users: 2, teams: 1 }),
        t('tokens.days', { count: 1 }),
        t('tokens.days', { count: 2 }),
      ];
      assert.deepEqual(got, want, locale);
    }
  });

  test('placeholders are filled, inside plural branches too, and unknown ones stay as written', () => {
    assert.equal(
      format('en', 'Hi {name}, {count, plural, =0 {nothing} one {# note from {name}} other {# notes}}', { name: 'Ana', count: 1 }),
      'Hi Ana, 1 note from Ana',
    );
    assert.equal(format('en', '{count, plural, =0 {nothing} one {# note} other {# notes}}', { count: 0 }), 'nothing');
    assert.equal(format('en', '{count, plural, one {# note} other {# notes}}', { count: 1200 }), '1,200 notes');
    assert.equal(format('en', 'Tokens: {{full_name}} for {who}', { who: 'Ben' }), 'Tokens: {{full_name}} for Ben');
    assert.equal(makeT('nl')('menu.user', { name: 'Ben' }), 'Gebruikersmenu van Ben');
  });

  test('no key is defined twice across the screens’ files, and every language has every key', () => {
    const total = Object.values(parts).reduce((sum, p) => sum + Object.keys(p).length, 0);
    const keys = Object.keys(catalogs.en);
    assert.equal(total, keys.length);
    for (const locale of ['nl', 'sv'] as const) assert.deepEqual(Object.keys(catalogs[locale]).sort(), [...keys].sort(), locale);
  });

  test("a timeline line is written from its fact in the reader's language; a line without one keeps its text", () => {
    const took = { text: 'Ben took this conversation', fact: { kind: 'took', actor: 'Ben' } } as const;
    const team = { text: 'Ben assigned this conversation to team Billing', fact: { kind: 'team', actor: 'Ben', team: 'Billing' } } as const;
    assert.equal(timelineLine(makeT('en'), took), 'Ben took this conversation');
    assert.equal(timelineLine(makeT('nl'), took), 'Ben heeft dit gesprek opgepakt');
    assert.equal(timelineLine(makeT('sv'), team), 'Ben tilldelade den här konversationen till teamet Billing');
    assert.equal(timelineLine(makeT('sv'), { text: 'Old line' }), 'Old line');
  });
});
