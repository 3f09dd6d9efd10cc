/** The web app's one lookup: placeholders, ICU plurals in each language, and one catalogue without duplicate keys. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parts } from '../../src/web/i18n/en/index.js';
import { format } from '../../src/common/icu.js';
import { catalogs, fieldErrorText, makeT, refusalText } from '../../src/web/i18n/index.js';
import { refusalReasons } from '../../src/common/refusals.js';
import { fieldErrorCodes } from '../../src/common/field-errors.js';
import { routingLine, stageName, timelineLine } from '../../src/web/i18n/timeline.js';
import { mailCatalogs, mailLanguage, mailT } from '../../src/common/mail-texts/index.js';
import { ticketStageKeys } from '../../src/common/crm-constants.js';
import type { RoutingFact } from '../../src/common/timeline.js';
import { routingReasonText } from '../../src/server/domain/routing.js';

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

  test('every routing fact reads in English as the API sentence, and in Dutch and Swedish with their plurals', () => {
    const facts: RoutingFact[] = [
      { kind: 'routing', owner: { outcome: 'given', name: 'Eve' } },
      { kind: 'routing', owner: { outcome: 'none' } },
      { kind: 'routing', owner: { outcome: 'cannot', name: 'Ben', why: 'deactivated' } },
      { kind: 'routing', owner: { outcome: 'none' }, roundRobin: { group: ['Dan'], to: 'Dan', skipped: [] } },
      { kind: 'routing', owner: { outcome: 'cannot', name: 'Ben', why: 'away' }, roundRobin: { group: ['Dan'], to: 'Dan', skipped: [] } },
      { kind: 'routing', roundRobin: { group: [], to: null, skipped: [] } },
      { kind: 'routing', roundRobin: { group: ['Support', 'Dan'], to: 'Ana', skipped: [{ name: 'Cy', why: 'not_member' }] } },
      {
        kind: 'routing',
        awayAssignee: 'Ben',
        roundRobin: {
          group: ['Dan', 'Eve'],
          to: null,
          skipped: [
            { name: 'Eve', why: 'idle', minutes: 1 },
            { name: 'Ben', why: 'away' },
          ],
        },
      },
    ];
    for (const f of facts) assert.equal(routingLine(makeT('en'), f), routingReasonText(f), JSON.stringify(f));
    const idle = facts[7]!;
    assert.equal(
      routingLine(makeT('nl'), idle),
      'Het contact antwoordde terwijl Ben afwezig is. Om de beurt onder Dan, Eve: niemand beschikbaar, niet toegewezen; 2 personen overgeslagen: Eve (afwezig: app 1 minuut niet geopend), Ben (afwezig)',
    );
    assert.equal(routingLine(makeT('sv'), facts[2]!), 'Kontaktens ägare Ben kan inte ta den (inaktiverad): lämnad otilldelad');
    assert.equal(routingLine(makeT('sv'), facts[5]!), 'Turordning bland ingen: ingen tillgänglig, lämnad otilldelad');
    assert.equal(
      timelineLine(makeT('nl'), { text: 'Ticket created: Printer', fact: { kind: 'ticket_created', title: 'Printer' } }),
      'Ticket aangemaakt: Printer',
    );
  });

  test('a default ticket stage is shown in the reader’s language; a stage an admin named keeps its name', () => {
    for (const key of ticketStageKeys) assert.notEqual(stageName(makeT('nl'), { name: 'x', key }), 'x');
    assert.equal(stageName(makeT('sv'), { name: 'Waiting on us', key: 'waiting_us' }), 'Väntar på oss');
    assert.equal(stageName(makeT('nl'), { name: 'Escalated', key: null }), 'Escalated');
  });

  test('every refusal reason and field error code reads in every language, its numbers and names filled in', () => {
    const params = { max: 3, min: 2, left: 2, address: 'help@acme.test', channel: 'Sales' };
    for (const locale of ['en', 'nl', 'sv'] as const) {
      const t = makeT(locale);
      for (const reason of refusalReasons) {
        const text = refusalText(t, 409, { reason, params }, 'English');
        assert.ok(text !== 'English' && !text.includes('refusal.') && !/[{}]/.test(text), `${locale} ${reason}: ${text}`);
      }
      for (const code of fieldErrorCodes.filter((c) => c !== 'invalid')) {
        const text = fieldErrorText(t, { code, params }, 'English');
        assert.ok(text !== 'English' && !text.includes('fieldError.') && !/[{}]/.test(text), `${locale} ${code}: ${text}`);
      }
    }
    assert.equal(
      refusalText(makeT('nl'), 409, { reason: 'inbox_limit', params: { max: 50 } }, ''),
      'Een account kan hoogstens 50 inboxen hebben.',
    );
    assert.equal(refusalText(makeT('sv'), 403, undefined, ''), makeT('sv')('error.forbidden'));
    assert.equal(refusalText(makeT('nl'), 429, undefined, 'Too many'), 'Too many');
  });

  test('the mail catalogue: every language has every key with the same placeholders; the language is the first one known', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)(?=[},])/g)].map((m) => m[1]).sort();
    for (const lang of ['nl', 'sv'] as const) {
      assert.deepEqual(Object.keys(mailCatalogs[lang]).sort(), Object.keys(mailCatalogs.en).sort(), lang);
      for (const [key, text] of Object.entries(mailCatalogs.en))
        assert.deepEqual(
          [...new Set(placeholders(mailCatalogs[lang][key as keyof typeof mailCatalogs.en]))],
          [...new Set(placeholders(text))],
          `${lang} ${key}`,
        );
    }
    assert.equal(mailLanguage('auto', null, 'nl-BE'), 'nl');
    assert.equal(mailLanguage('de', undefined), 'en');
    assert.equal(mailT('sv')('from.agent', { agent: 'Ana', company: 'Acme' }), 'Ana från Acme');
    assert.equal(mailT('nl')('transcript.messages', { count: 1 }), '1 bericht');
    assert.equal(mailT('sv')('transcript.messages', { count: 0 }), 'Inga meddelanden');
  });
});
