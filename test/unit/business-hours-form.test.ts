/** The business hours dialog's form: to and from the API's hours (00:00 as a closing time is 24:00), and the API's field errors placed under their inputs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { badSpans, errorsByPlace, formOf, hoursOf } from '../../src/web/settings/business-hours/hours-form.js';

const hours = {
  timeZone: 'Europe/Amsterdam',
  week: [
    { day: 1, from: '09:00', to: '12:00' },
    { day: 1, from: '13:00', to: '24:00' },
    { day: 6, from: '10:00', to: '14:00' },
  ],
  holidays: ['2026-12-25'],
};

test('hours go into the form and come back the same; always open is null', () => {
  const form = formOf(hours, 'UTC');
  assert.equal(form.mode, 'set');
  assert.deepEqual(
    form.days.map((d) => d.day),
    [1, 2, 3, 4, 5, 6, 0],
    'Monday first',
  );
  assert.deepEqual(form.days[0]!.spans, [
    { from: '09:00', to: '12:00' },
    { from: '13:00', to: '00:00' },
  ]);
  assert.equal(form.days[1]!.open, false);
  assert.deepEqual(hoursOf(form).hours, hours);
  assert.deepEqual(hoursOf({ ...form, mode: 'always' }).hours, null);

  const fresh = formOf(null, 'America/New_York');
  assert.equal(fresh.mode, 'always');
  assert.equal(fresh.timeZone, 'America/New_York');
  assert.deepEqual(
    hoursOf({ ...fresh, mode: 'set', holidays: ['', '2026-01-01'] }).hours?.week.map((i) => i.day),
    [1, 2, 3, 4, 5],
  );
});

test('a closing time not after the opening time is caught; the API’s field errors land under their inputs', () => {
  const form = formOf(hours, 'UTC');
  form.days[5]!.spans[0] = { from: '14:00', to: '10:00' };
  assert.deepEqual(badSpans(form), ['6.0']);
  const { places } = hoursOf({ ...form, holidays: ['', '2026-02-30'] });
  assert.deepEqual(
    errorsByPlace(
      {
        'hours.week.2.to': 'must be later than from',
        'hours.holidays.0': 'must be a date YYYY-MM-DD',
        'hours.timeZone': 'is not a known time zone',
        hours: 'is required',
      },
      places,
    ),
    {
      'week.6.0': 'must be later than from',
      'holiday.1': 'must be a date YYYY-MM-DD',
      timeZone: 'is not a known time zone',
      general: 'is required',
    },
  );
});
