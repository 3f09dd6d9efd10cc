/** The Reports screen's pure parts: filters in the address, date presets, intervals, durations as people read them, its texts in every language. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeT } from '../../src/web/i18n/index.js';
import { reports as en } from '../../src/web/i18n/en/reports.js';
import { reports as nl } from '../../src/web/i18n/nl/reports.js';
import { reports as sv } from '../../src/web/i18n/sv/reports.js';
import { format } from '../../src/common/icu.js';
import { formatDuration } from '../../src/web/reports/durations.js';
import { apiQuery, csvHref, formatFilters, intervalFor, parseFilters, resolveRange } from '../../src/web/reports/filters.js';
import type { ReportT } from '../../src/web/reports/texts.js';
import { formatRoute, parseRoute } from '../../src/web/state/route.js';

const catalogs = { en, nl, sv };
/** The screen's lookup without React: its own texts, else the app's. */
const reportT =
  (locale: 'en' | 'nl' | 'sv'): ReportT =>
  (key, vars) =>
    key in en ? format(locale, catalogs[locale][key as keyof typeof en], vars) : makeT(locale)(key as never, vars);

describe('report filters', () => {
  test('the address holds what differs from the defaults, and reads back the same', () => {
    const f = parseFilters('range=last7&channel=email&userId=u1&time=business&interval=week&bogus=1');
    assert.deepEqual(f, { range: 'last7', channel: 'email', userId: 'u1', time: 'business', interval: 'week' });
    assert.equal(formatFilters(f), 'range=last7&userId=u1&channel=email&time=business&interval=week');
    assert.deepEqual(parseFilters(formatFilters(f)), f);
    assert.equal(formatFilters(parseFilters('')), '', 'the defaults leave the address bare');
    assert.deepEqual(parseFilters('from=2025-01-05&to=2025-02-01'), {
      range: 'custom',
      from: '2025-01-05',
      to: '2025-02-01',
      time: 'calendar',
    });
    assert.equal(parseFilters('from=2025-13-45&to=2025-02-01').range, 'last30', 'a day that is no day is ignored');
    assert.equal(parseFilters('channel=fax').channel, undefined);
  });

  test('presets are days in the viewer’s zone, both ends included', () => {
    const today = '2025-03-31';
    assert.deepEqual(resolveRange({ range: 'today' }, today), { from: today, to: today });
    assert.deepEqual(resolveRange({ range: 'last7' }, today), { from: '2025-03-25', to: today });
    assert.deepEqual(resolveRange({ range: 'last30' }, today), { from: '2025-03-02', to: today });
    assert.deepEqual(resolveRange({ range: 'thisMonth' }, today), { from: '2025-03-01', to: today });
    assert.deepEqual(resolveRange({ range: 'lastMonth' }, today), { from: '2025-02-01', to: '2025-02-28' });
    assert.deepEqual(resolveRange({ range: 'lastMonth' }, '2025-01-15'), { from: '2024-12-01', to: '2024-12-31' });
    assert.deepEqual(resolveRange({ range: 'last12Months' }, today), { from: '2024-04-01', to: today });
    assert.deepEqual(resolveRange({ range: 'custom', from: '2025-02-10', to: '2025-02-01' }, today), {
      from: '2025-02-01',
      to: '2025-02-10',
    });
  });

  test('the volume’s interval follows the range unless chosen; hours only for a month or less', () => {
    assert.equal(intervalFor({}, { from: '2025-03-31', to: '2025-03-31' }), 'hour');
    assert.equal(intervalFor({}, { from: '2025-03-01', to: '2025-03-31' }), 'day');
    assert.equal(intervalFor({}, { from: '2024-04-01', to: '2025-03-31' }), 'week');
    assert.equal(intervalFor({ interval: 'hour' }, { from: '2024-04-01', to: '2025-03-31' }), 'week');
    assert.equal(intervalFor({ interval: 'day' }, { from: '2025-03-31', to: '2025-03-31' }), 'day');
  });

  test('the API query and the CSV address carry the same filters', () => {
    const f = parseFilters('range=today&inboxId=i1&teamId=t1');
    const q = apiQuery('volume', f, 'Europe/Amsterdam', '2025-03-31');
    assert.deepEqual(q, {
      from: '2025-03-31',
      to: '2025-03-31',
      tz: 'Europe/Amsterdam',
      inboxId: 'i1',
      channel: undefined,
      teamId: 't1',
      userId: undefined,
      interval: 'hour',
    });
    assert.equal(apiQuery('agents', f, 'UTC', '2025-03-31').interval, undefined);
    assert.equal(
      csvHref('volume', 'series', q),
      '/api/v1/reports/volume?from=2025-03-31&to=2025-03-31&tz=Europe%2FAmsterdam&inboxId=i1&teamId=t1&interval=hour&format=csv&table=series',
    );
  });

  test('/reports and /reports/<name> are the screen’s addresses, its filters in the query', () => {
    assert.deepEqual(parseRoute('/reports', ''), { page: 'reports', report: 'agents', search: '' });
    const r = parseRoute('/reports/volume', '?range=last7&interval=week');
    assert.deepEqual(r, { page: 'reports', report: 'volume', search: 'range=last7&interval=week' });
    assert.equal(formatRoute(r), '/reports/volume?range=last7&interval=week');
    assert.deepEqual(parseRoute('/reports/nope', ''), { page: 'notfound' });
  });
});

describe('durations', () => {
  test('two units at most, the smaller one rounded, in each language', () => {
    const cases: Array<[number | null, string, string, string]> = [
      [null, '—', '—', '—'],
      [45, '45 s', '45 s', '45 s'],
      [240, '4 min', '4 min', '4 min'],
      [3599, '1 h', '1 u', '1 tim'],
      [4320, '1 h 12 min', '1 u 12 min', '1 tim 12 min'],
      [183_600, '2 d 3 h', '2 d 3 u', '2 d 3 tim'],
      [172_800, '2 d', '2 d', '2 d'],
      [5_000_000, '57 d 21 h', '57 d 21 u', '57 d 21 tim'],
    ];
    for (const [seconds, ...want] of cases)
      (['en', 'nl', 'sv'] as const).forEach((locale, i) =>
        assert.equal(formatDuration(seconds, reportT(locale), locale), want[i], `${locale} ${seconds}`),
      );
  });

  test('every language has every text of the screen, with the same placeholders', () => {
    const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)(?=[},])/g)].map((m) => m[1]))].sort();
    for (const [locale, cat] of Object.entries({ nl, sv })) {
      assert.deepEqual(Object.keys(cat).sort(), Object.keys(en).sort(), locale);
      for (const [key, text] of Object.entries(en))
        assert.deepEqual(placeholders(cat[key as keyof typeof en]), placeholders(text), `${locale} ${key}`);
    }
    assert.equal(reportT('nl')('reports.chart.responseLabel', { days: 1 }).includes('1 dag;'), true);
    assert.equal(reportT('sv')('reports.bots.funnelLabel', { n: 2, flow: 'Hej' }).includes('2 steg i ”Hej”'), true);
  });
});
