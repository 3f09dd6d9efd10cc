/** Business hours: counted seconds by hand on ordinary days, nights, weekends, holidays and clock changes; then random spans against a minute-by-minute walk. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BusinessHours, businessSeconds, isBusinessOpen, type BusinessInterval } from '../../src/common/business-hours.js';

const H = 3600;
const hours = (timeZone: string, week: BusinessInterval[], holidays: string[] = []): BusinessHours => ({ timeZone, week, holidays });
const weekdays = (from: string, to: string) => [1, 2, 3, 4, 5].map((day) => ({ day, from, to }));
const everyDay = (from: string, to: string) => [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from, to }));
const ams = (week: BusinessInterval[], holidays: string[] = []) => hours('Europe/Amsterdam', week, holidays);
const ny = (week: BusinessInterval[]) => hours('America/New_York', week);
/** Monday to Friday 09:00–17:00 in Amsterdam (UTC+1 in winter, +2 in summer). */
const office = ams(weekdays('09:00', '17:00'));

describe('businessSeconds by hand', () => {
  test('always open is the calendar; an empty or reversed span is 0', () => {
    assert.equal(businessSeconds('2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z', null), 48 * H);
    assert.equal(businessSeconds('2026-03-02T10:00:00.250Z', '2026-03-02T10:00:01.000Z', null), 0);
    assert.equal(businessSeconds('2026-03-02T10:00:00Z', '2026-03-02T10:00:00Z', office), 0);
    assert.equal(businessSeconds('2026-03-03T12:00:00Z', '2026-03-03T10:00:00Z', office), 0);
    assert.equal(businessSeconds('not a time', '2026-03-03T10:00:00Z', null), 0);
    assert.equal(businessSeconds('2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z', ams([])), 0, 'never open');
  });

  test('inside one day, across a night and across a weekend (Amsterdam, winter: UTC+1)', () => {
    // Tuesday 10:30 to 13:00 local.
    assert.equal(businessSeconds('2026-03-03T09:30:00Z', '2026-03-03T12:00:00Z', office), 2.5 * H);
    // Tuesday 16:00 to Wednesday 10:00: an hour each side of the night.
    assert.equal(businessSeconds('2026-03-03T15:00:00Z', '2026-03-04T09:00:00Z', office), 2 * H);
    // Friday 16:00 to Monday 10:00.
    assert.equal(businessSeconds('2026-03-06T15:00:00Z', '2026-03-09T09:00:00Z', office), 2 * H);
    // Seconds count, parts of a second do not.
    assert.equal(businessSeconds('2026-03-03T09:00:00Z', '2026-03-03T09:00:01.999Z', office), 1);
  });

  test('a span starting and ending outside hours', () => {
    // Friday 19:00 to Monday 07:00: nothing open.
    assert.equal(businessSeconds('2026-03-06T18:00:00Z', '2026-03-09T06:00:00Z', office), 0);
    // Monday 07:00 to Tuesday 21:00: two whole days.
    assert.equal(businessSeconds('2026-03-09T06:00:00Z', '2026-03-10T20:00:00Z', office), 16 * H);
    // Sunday 07:00 to the next Sunday 07:00: one week.
    assert.equal(businessSeconds('2026-03-01T06:00:00Z', '2026-03-08T06:00:00Z', office), 40 * H);
  });

  test('a holiday is closed all day, as a date in the zone', () => {
    const withHoliday = ams(weekdays('09:00', '17:00'), ['2026-03-09']);
    assert.equal(businessSeconds('2026-03-06T15:00:00Z', '2026-03-10T09:00:00Z', office), 10 * H);
    assert.equal(businessSeconds('2026-03-06T15:00:00Z', '2026-03-10T09:00:00Z', withHoliday), 2 * H);
    // Open round the clock but Monday: Sunday 23:00–24:00 and Tuesday 00:00–01:00 local count.
    const allDay = ams(everyDay('00:00', '24:00'), ['2026-03-09']);
    assert.equal(businessSeconds('2026-03-08T22:00:00Z', '2026-03-10T00:00:00Z', allDay), 2 * H);
    // A holiday inside a long span (whole weeks are counted by arithmetic).
    assert.equal(businessSeconds('2026-03-01T00:00:00Z', '2026-03-29T00:00:00Z', withHoliday), (4 * 40 - 8) * H);
  });

  test('intervals ending at 24:00 run into the next day; overlapping intervals count once', () => {
    const late = ams([
      { day: 5, from: '20:00', to: '24:00' },
      { day: 6, from: '00:00', to: '02:00' },
    ]);
    // Friday 19:00 to Saturday 04:00 local.
    assert.equal(businessSeconds('2026-03-06T18:00:00Z', '2026-03-07T03:00:00Z', late), 6 * H);
    const overlapping = ams([
      { day: 1, from: '11:00', to: '13:00' },
      { day: 1, from: '09:00', to: '12:00' },
      { day: 1, from: '09:30', to: '10:00' },
    ]);
    assert.equal(businessSeconds('2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z', overlapping), 4 * H);
  });

  test('Amsterdam in spring (2026-03-29, 02:00 → 03:00): the day has 23 hours, 09:00–17:00 still 8', () => {
    const sunday = (from: string, to: string) => ams([{ day: 0, from, to }]);
    const span = ['2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z'] as const;
    assert.equal(businessSeconds(...span, sunday('09:00', '17:00')), 8 * H);
    assert.equal(businessSeconds(...span, sunday('00:00', '24:00')), 23 * H);
    // Wall-clock times that never happen count nothing.
    assert.equal(businessSeconds(...span, sunday('02:00', '03:00')), 0);
    assert.equal(businessSeconds(...span, sunday('01:30', '02:30')), 0.5 * H);
    // Saturday 16:00 (UTC+1) to Monday 10:00 (UTC+2), open every day.
    assert.equal(businessSeconds('2026-03-28T15:00:00Z', '2026-03-30T08:00:00Z', ams(everyDay('09:00', '17:00'))), 10 * H);
  });

  test('Amsterdam in autumn (2026-10-25, 03:00 → 02:00): the day has 25 hours, the repeated hour counts twice', () => {
    const sunday = (from: string, to: string) => ams([{ day: 0, from, to }]);
    const span = ['2026-10-24T12:00:00Z', '2026-10-26T12:00:00Z'] as const;
    assert.equal(businessSeconds(...span, sunday('09:00', '17:00')), 8 * H);
    assert.equal(businessSeconds(...span, sunday('00:00', '24:00')), 25 * H);
    assert.equal(businessSeconds(...span, sunday('02:00', '03:00')), 2 * H);
    // 02:30–03:00 in summer time, 02:30–03:00 again in winter time, then 03:00–04:00.
    assert.equal(businessSeconds(...span, sunday('02:30', '04:00')), 2 * H);
    // Starting inside the repeated hour: the second 02:30 (01:30Z) to 03:00 is half an hour.
    assert.equal(businessSeconds('2026-10-25T01:30:00Z', '2026-10-25T12:00:00Z', sunday('02:00', '03:00')), 0.5 * H);
  });

  test('New York in spring (2026-03-08) and autumn (2026-11-01)', () => {
    // Friday 16:00 EST to Monday 10:00 EDT.
    assert.equal(businessSeconds('2026-03-06T21:00:00Z', '2026-03-09T14:00:00Z', ny(weekdays('09:00', '17:00'))), 2 * H);
    const sunday = ny([{ day: 0, from: '00:00', to: '24:00' }]);
    assert.equal(businessSeconds('2026-03-07T12:00:00Z', '2026-03-09T12:00:00Z', sunday), 23 * H);
    assert.equal(businessSeconds('2026-10-31T12:00:00Z', '2026-11-02T12:00:00Z', sunday), 25 * H);
    // Friday 16:00 EDT to Monday 10:00 EST.
    assert.equal(businessSeconds('2026-10-30T20:00:00Z', '2026-11-02T15:00:00Z', ny(weekdays('09:00', '17:00'))), 2 * H);
  });

  test('long spans: whole weeks by arithmetic agree with the sum of their pieces; over 50 years is capped', () => {
    const h = ams(weekdays('08:30', '17:15'), ['2027-12-25', '2030-01-01', '2031-04-21']);
    const cuts = ['2025-01-03T10:11:12Z', '2026-03-29T01:30:00Z', '2027-06-30T23:59:59Z', '2030-10-27T00:45:00Z', '2035-02-14T12:00:00Z'];
    let sum = 0;
    for (let i = 1; i < cuts.length; i++) sum += businessSeconds(cuts[i - 1]!, cuts[i]!, h);
    assert.equal(businessSeconds(cuts[0]!, cuts.at(-1)!, h), sum);
    const fifty = businessSeconds('2000-01-01T00:00:00Z', '2049-12-31T00:00:00Z', h);
    assert.equal(businessSeconds('2000-01-01T00:00:00Z', '2200-01-01T00:00:00Z', h) >= fifty, true);
    assert.equal(businessSeconds('2000-01-01T00:00:00Z', '2200-01-01T00:00:00Z', h) < fifty + 366 * 24 * H, true);
  });
});

test('isBusinessOpen: inside an interval, not at its end, not on a holiday; null is always open', () => {
  const h = ams(weekdays('09:00', '17:00'), ['2026-03-04']);
  assert.equal(isBusinessOpen(new Date('2026-03-02T08:00:00Z'), h), true);
  assert.equal(isBusinessOpen(new Date('2026-03-02T07:59:59Z'), h), false);
  assert.equal(isBusinessOpen(new Date('2026-03-02T15:59:59Z'), h), true);
  assert.equal(isBusinessOpen(new Date('2026-03-02T16:00:00Z'), h), false);
  assert.equal(isBusinessOpen(new Date('2026-03-04T10:00:00Z'), h), false, 'a holiday');
  assert.equal(isBusinessOpen(new Date('2026-03-07T10:00:00Z'), h), false, 'a Saturday');
  // Summer time: 09:00 local is 07:00Z.
  assert.equal(isBusinessOpen(new Date('2026-03-30T07:00:00Z'), h), true);
  assert.equal(isBusinessOpen(new Date('2026-03-30T06:59:00Z'), h), false);
  assert.equal(isBusinessOpen(new Date('2026-03-07T10:00:00Z'), null), true);
});

test('the schema: a known zone, HH:MM times with from before to (24:00 only as to), real dates, bounded lists', () => {
  const ok = { timeZone: 'Europe/Amsterdam', week: [{ day: 1, from: '09:00', to: '24:00' }], holidays: ['2028-02-29'] };
  assert.equal(BusinessHours.safeParse(ok).success, true);
  const issue = (v: unknown) => {
    const r = BusinessHours.safeParse(v);
    assert.equal(r.success, false, JSON.stringify(v));
    return `${r.error!.issues[0]!.path.join('.')}: ${r.error!.issues[0]!.message}`;
  };
  assert.match(issue({ ...ok, timeZone: 'Mars/Olympus' }), /^timeZone: is not a known time zone/);
  assert.match(issue({ ...ok, week: [{ day: 1, from: '9:00', to: '17:00' }] }), /^week\.0\.from: must be a time HH:MM/);
  assert.match(issue({ ...ok, week: [{ day: 1, from: '24:00', to: '24:00' }] }), /^week\.0\.from: must be a time HH:MM/);
  assert.match(issue({ ...ok, week: [{ day: 1, from: '09:00', to: '24:30' }] }), /^week\.0\.to: must be a time HH:MM/);
  assert.match(issue({ ...ok, week: [{ day: 1, from: '17:00', to: '09:00' }] }), /^week\.0\.to: must be later than from/);
  assert.match(issue({ ...ok, week: [{ day: 7, from: '09:00', to: '17:00' }] }), /^week\.0\.day:/);
  assert.match(issue({ ...ok, holidays: ['2026-02-29'] }), /^holidays\.0: must be a date YYYY-MM-DD/);
  assert.match(issue({ ...ok, week: Array.from({ length: 51 }, () => ok.week[0]) }), /^week:/);
});

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const references = new Map<string, Intl.DateTimeFormat>();
/** The slow, obvious count: every minute of the span, asked of Intl one by one. Endpoints on whole minutes. */
function referenceSeconds(from: number, to: number, h: BusinessHours): number {
  let f = references.get(h.timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: h.timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    references.set(h.timeZone, f);
  }
  let seconds = 0;
  for (let t = from; t < to; t += 60_000) {
    const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
    if (h.holidays.includes(`${p.year}-${p.month}-${p.day}`)) continue;
    const day = dayNames.indexOf(p.weekday!);
    const now = `${p.hour}:${p.minute}`;
    if (h.week.some((i) => i.day === day && i.from <= now && now < i.to)) seconds += 60;
  }
  return seconds;
}

test('random spans agree with a minute-by-minute walk (zones with whole-, half- and quarter-hour offsets and changes)', () => {
  const seed = Number(process.env.BUSINESS_HOURS_SEED ?? 20260329);
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const zones = ['Europe/Amsterdam', 'America/New_York', 'Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Chatham'];
  // Days around the clock changes of those zones in 2026, and two ordinary ones.
  const around = [
    '2026-03-08',
    '2026-03-29',
    '2026-04-05',
    '2026-09-27',
    '2026-10-04',
    '2026-10-25',
    '2026-11-01',
    '2026-06-15',
    '2026-12-31',
  ];
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  for (let n = 0; n < 120; n++) {
    const from = Date.parse(`${pick(around)}T00:00:00Z`) + Math.floor((rnd() * 4 - 2) * 1440) * 60_000;
    const to = from + Math.floor(rnd() * 3.5 * 1440) * 60_000;
    const week = Array.from({ length: 1 + Math.floor(rnd() * 10) }, () => {
      const start = Math.floor(rnd() * 1440);
      return { day: Math.floor(rnd() * 7), from: hhmm(start), to: hhmm(start + 1 + Math.floor(rnd() * (1440 - start))) };
    });
    const holidays = Array.from({ length: Math.floor(rnd() * 3) }, () =>
      new Date(from + Math.floor(rnd() * 4) * 86_400_000).toISOString().slice(0, 10),
    );
    const h = hours(pick(zones), week, holidays);
    const fromIso = new Date(from).toISOString();
    const toIso = new Date(to).toISOString();
    assert.equal(
      businessSeconds(fromIso, toIso, h),
      referenceSeconds(from, to, h),
      `seed ${seed}, case ${n}: businessSeconds(${JSON.stringify(fromIso)}, ${JSON.stringify(toIso)}, ${JSON.stringify(h)})`,
    );
  }
});
