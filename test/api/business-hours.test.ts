/** Business hours per inbox (F-REPORT): null (always open) by default, set by admins, read by whoever may read the inbox, refused field by field. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { testServerPerSuite } from '../support/factory.js';
import { businessHoursOf } from '../../src/server/domain/business-hours.js';

const office = {
  timeZone: 'Europe/Amsterdam',
  week: [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '17:00' })),
  holidays: ['2026-04-27', '2026-12-25'],
};
const url = (inboxId: string) => `/api/v1/inboxes/${inboxId}/business-hours`;

for (const engine of engines) {
  describe(`business hours on ${engine}`, await engineSuite(engine), () => {
    const t = testServerPerSuite(engine);

    test('none by default; an admin sets them, reads them back, and sets them to always open again', async () => {
      const { s, f } = t;
      const inbox = await f.inbox();
      const admin = s.adminClient;
      assert.deepEqual((await admin.get(url(inbox.id))).body, { hours: null });

      const put = await admin.put(url(inbox.id), { hours: office });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.deepEqual(put.body, { hours: office });
      assert.deepEqual((await admin.get(url(inbox.id))).body, { hours: office });
      // What reports read inside their transactions.
      const db = s.running.ctx.db;
      assert.deepEqual(await db.transaction((trx) => businessHoursOf(db, trx, inbox.id)), office);
      const event = await db.kysely
        .selectFrom('events')
        .select(['type'])
        .where('inbox_id', '=', inbox.id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(event.type, 'inbox.updated');

      // Stored in one order: intervals by day and time, holidays sorted and once.
      const messy = {
        timeZone: 'America/New_York',
        week: [
          { day: 3, from: '13:00', to: '24:00' },
          { day: 1, from: '09:00', to: '12:00' },
        ],
        holidays: ['2026-12-25', '2026-07-03', '2026-12-25'],
      };
      const tidy = (await admin.put(url(inbox.id), { hours: messy })).body;
      assert.deepEqual(tidy.hours, {
        timeZone: 'America/New_York',
        week: [messy.week[1], messy.week[0]],
        holidays: ['2026-07-03', '2026-12-25'],
      });

      assert.deepEqual((await admin.put(url(inbox.id), { hours: null })).body, { hours: null });
      assert.deepEqual((await admin.get(url(inbox.id))).body, { hours: null });
      assert.equal(await businessHoursOf(db, db.kysely, inbox.id), null);
    });

    test('a bad body answers 400 naming the field, and nothing changes', async () => {
      const { s, f } = t;
      const inbox = await f.inbox();
      const admin = s.adminClient;
      assert.equal((await admin.put(url(inbox.id), { hours: office })).status, 200);
      const day = (d: object) => ({ ...office, week: [{ day: 1, from: '09:00', to: '17:00', ...d }] });
      const cases: [unknown, string, RegExp][] = [
        [{ ...office, timeZone: 'Europe/Atlantis' }, 'hours.timeZone', /not a known time zone/],
        [day({ from: '9:00' }), 'hours.week.0.from', /HH:MM/],
        [day({ to: '25:00' }), 'hours.week.0.to', /HH:MM/],
        [day({ from: '17:00', to: '09:00' }), 'hours.week.0.to', /later than from/],
        [day({ from: '09:00', to: '09:00' }), 'hours.week.0.to', /later than from/],
        [day({ day: 7 }), 'hours.week.0.day', /./],
        [{ ...office, holidays: ['2026-13-01'] }, 'hours.holidays.0', /YYYY-MM-DD/],
        [{ ...office, holidays: ['25-12-2026'] }, 'hours.holidays.0', /YYYY-MM-DD/],
        [{ ...office, week: Array.from({ length: 51 }, () => office.week[0]) }, 'hours.week', /at most 50/],
        [{ timeZone: 'UTC', week: [] }, 'hours.holidays', /required/],
      ];
      for (const [hours, field, message] of cases) {
        const r = await admin.put(url(inbox.id), { hours });
        assert.equal(r.status, 400, JSON.stringify(hours));
        assert.match(r.body.fields?.[field] ?? '', message, `${field} in ${JSON.stringify(r.body)}`);
      }
      assert.equal((await admin.put(url(inbox.id), {})).status, 400, 'hours is required (null for always open)');
      assert.deepEqual((await admin.get(url(inbox.id))).body, { hours: office });
    });

    test('an agent who may read the inbox reads the hours but may not set them; others are told it does not exist', async () => {
      const { s, f } = t;
      const member = await f.user();
      const outsider = await f.user();
      const inbox = await f.inbox({ access: { mode: 'specific', userIds: [member.id] } });
      const admin = s.adminClient;
      assert.equal((await admin.put(url(inbox.id), { hours: office })).status, 200);

      assert.deepEqual((await member.client.get(url(inbox.id))).body, { hours: office });
      const refused = await member.client.put(url(inbox.id), { hours: null });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.reason, 'admin_only');

      assert.equal((await outsider.client.get(url(inbox.id))).status, 404);
      assert.equal((await outsider.client.put(url(inbox.id), { hours: null })).status, 404);
      assert.equal((await admin.get(url('no-such-inbox'))).status, 404);
      assert.equal((await admin.put(url('no-such-inbox'), { hours: null })).status, 404);
      assert.deepEqual((await admin.get(url(inbox.id))).body, { hours: office }, 'unchanged');
    });
  });
}
