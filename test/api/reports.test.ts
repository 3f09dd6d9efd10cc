/**
 * Reports (F-REPORT.1–5) from a scripted week with known timestamps (the server's clock is set for
 * each step): first response, reply and resolution times (median, p90, average) in calendar time
 * and in business hours, across a night and a holiday; internal comments never count; an agent sees
 * only their own figures and no inbox they cannot read; CSV says what JSON says; the drill-down
 * lists the conversations behind a figure; volume's hours follow the viewer's zone across DST.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { testServerPerSuite, type TestUser } from '../support/factory.js';
import type { Client, TestServer } from '../support/server.js';
import { rebuildFacts } from '../../src/server/reports/rebuild.js';
import { dropRollups, rollUp } from '../../src/server/reports/rollups.js';
import { waitFor } from '../email/support/mail.js';

const AMS = 'Europe/Amsterdam';
const setClock = (s: TestServer, iso: string) => (s.running.ctx.clock = () => new Date(iso));

/** Parses our CSV (no quoted separators in these tables): rows of cells, the BOM checked and dropped. */
function csvRows(text: string): string[][] {
  assert.equal(text.charCodeAt(0), 0xfeff, 'starts with a byte order mark');
  return text
    .slice(1)
    .trim()
    .split('\r\n')
    .map((l) => l.split(','));
}

for (const engine of engines) {
  describe(`reports on ${engine}`, await engineSuite(engine), () => {
    const t = testServerPerSuite(engine);
    let inboxId: string;
    let ann: TestUser;
    let bo: TestUser;
    const ids: Record<string, string> = {};

    const customerStarts = async (key: string, at: string) => {
      setClock(t.s, at);
      const r = await t.s.adminClient.post(`/api/v1/inboxes/${inboxId}/conversations`, {
        contact: { email: `${key}-${t.f.uniq()}@example.org`, name: `Customer ${key}` },
        subject: `Question ${key}`,
        body: `Hello from ${key}`,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      ids[key] = r.body.id;
    };
    const customerWrites = async (key: string, at: string) => {
      setClock(t.s, at);
      const r = await t.s.adminClient.post(`/api/v1/conversations/${ids[key]}/incoming`, { body: 'One more thing' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    };
    const agentWrites = async (who: TestUser, key: string, at: string, kind: 'reply' | 'comment' = 'reply') => {
      setClock(t.s, at);
      const r = await who.client.post(`/api/v1/conversations/${ids[key]}/messages`, { kind, body: `From ${who.name}` });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    };
    const closes = async (who: TestUser, key: string, at: string) => {
      setClock(t.s, at);
      const r = await who.client.patch(`/api/v1/conversations/${ids[key]}`, { status: 'closed' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    };
    const report = async (c: Client, name: string, q: string) => {
      const r = await c.get(`/api/v1/reports/${name}?${q}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };
    const week = `from=2026-03-02&to=2026-03-06&tz=${AMS}`;

    test('a scripted week gives exactly the expected medians, percentiles and averages, in calendar and business time', async () => {
      const { s, f } = t;
      inboxId = (await f.inbox({ name: 'Support' })).id;
      ann = await f.user({ name: `ann${f.uniq()}` });
      bo = await f.user({ name: `bo${f.uniq()}` });
      // Monday to Friday 09:00–17:00 in Amsterdam (UTC+1 in early March); Tuesday 3 March a holiday.
      const hours = { timeZone: AMS, week: [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '17:00' })), holidays: ['2026-03-03'] };
      assert.equal((await s.adminClient.put(`/api/v1/inboxes/${inboxId}/business-hours`, { hours })).status, 200);

      // Monday 2 March (times in UTC; local is an hour later).
      await customerStarts('c1', '2026-03-02T09:00:00Z');
      await agentWrites(ann, 'c1', '2026-03-02T09:10:00Z'); // first response 600 s
      await customerWrites('c1', '2026-03-02T09:20:00Z');
      await agentWrites(ann, 'c1', '2026-03-02T09:50:00Z'); // reply 1,800 s
      await closes(ann, 'c1', '2026-03-02T10:00:00Z'); // resolution 3,600 s
      await customerStarts('c2', '2026-03-02T10:00:00Z');
      await agentWrites(bo, 'c2', '2026-03-02T10:20:00Z'); // first response 1,200 s
      await closes(bo, 'c2', '2026-03-02T11:00:00Z'); // resolution 3,600 s
      await customerStarts('c4', '2026-03-02T11:00:00Z');
      await agentWrites(ann, 'c4', '2026-03-02T11:05:00Z', 'comment'); // an internal comment: not an answer
      await agentWrites(ann, 'c4', '2026-03-02T11:30:00Z'); // first response 1,800 s
      // 17:30 local, after hours; answered Wednesday 09:30 local, past the Tuesday holiday.
      await customerStarts('c3', '2026-03-02T16:30:00Z');
      await agentWrites(ann, 'c3', '2026-03-04T08:30:00Z'); // 144,000 s; in business hours 1,800 s
      setClock(s, '2026-03-06T12:00:00Z');

      const agents = await report(s.adminClient, 'agents', week);
      const a = agents.agents.find((x: any) => x.userId === ann.id);
      const b = agents.agents.find((x: any) => x.userId === bo.id);
      assert.equal(agents.agents[0].userId, ann.id, 'who answers the most conversations comes first');
      assert.deepEqual(
        { conversations: a.conversations, replies: a.replies, closed: a.closed },
        { conversations: 3, replies: 4, closed: 1 },
      );
      assert.deepEqual(a.firstResponse.calendar, { count: 3, median: 1800, p90: 144000, average: 48800 });
      assert.deepEqual(a.firstResponse.business, { count: 3, median: 1800, p90: 1800, average: 1400 });
      assert.deepEqual(a.resolution.calendar, { count: 1, median: 3600, p90: 3600, average: 3600 });
      assert.deepEqual(b.firstResponse.calendar, { count: 1, median: 1200, p90: 1200, average: 1200 });
      assert.deepEqual(b.resolution.business, { count: 1, median: 3600, p90: 3600, average: 3600 });

      const times = await report(s.adminClient, 'response-times', week);
      // Four first responses: 600, 1,200, 1,800, 144,000 s; the median lies between the middle two.
      assert.deepEqual(times.overall.firstResponse.calendar, { count: 4, median: 1500, p90: 144000, average: 36900 });
      assert.deepEqual(times.overall.firstResponse.business, { count: 4, median: 1500, p90: 1800, average: 1350 });
      // Timed replies: each first answer, and c1's second (1,800 s).
      assert.equal(times.overall.reply.calendar.count, 5);
      assert.deepEqual(
        times.byChannel.map((c: any) => c.channel),
        ['api'],
      );
      assert.equal(times.series.length, 5, 'a day each, Monday to Friday');
      assert.deepEqual(
        times.series.map((d: any) => d.firstResponses),
        [3, 0, 1, 0, 0],
      );
      assert.equal(times.series[0].start, '2026-03-01T23:00:00.000Z', "days start at the viewer's midnight");

      const volume = await report(s.adminClient, 'volume', `${week}&inboxId=${inboxId}`);
      assert.deepEqual(
        volume.series.map((d: any) => [d.created, d.closed, d.backlog]),
        [
          [4, 2, 2],
          [0, 0, 2],
          [0, 0, 2],
          [0, 0, 2],
          [0, 0, 2],
        ],
      );
      assert.deepEqual(volume.byInbox, [{ inboxId, name: 'Support', created: 4, closed: 2 }]);
    });

    test('rolled up per day, week, month and quarter, the reports say the same as from the facts', async () => {
      const { s } = t;
      // A conversation in January too: a quarter holds two months of facts, and monthly medians keep them apart.
      await customerStarts('january', '2026-01-15T10:00:00Z');
      await agentWrites(bo, 'january', '2026-01-15T10:30:00Z');
      await closes(bo, 'january', '2026-01-15T11:00:00Z');
      // Unfiltered (each from its coarsest rollups), filtered (from rollups that keep every key), and as an agent sees them.
      const cases = [
        ['agents', week],
        ['response-times', week],
        ['volume', week],
        ['volume', `${week}&inboxId=${inboxId}`],
        ['agents', `${week}&channel=api`],
        ['response-times', `${week}&inboxId=${inboxId}&userId=${bo.id}`],
        ['agents', week, ann],
        ['response-times', week, ann],
        ['agents', 'from=2026-03-01&to=2026-03-31&tz=UTC'],
        ['agents', 'from=2026-03-02&to=2026-03-15&tz=UTC'],
        ['response-times', 'from=2026-02-23&to=2026-03-22&tz=UTC&interval=day'],
        ['response-times', 'from=2026-02-01&to=2026-04-30&tz=UTC'],
        ['agents', 'from=2026-01-01&to=2026-06-30&tz=UTC'],
        ['volume', 'from=2026-01-01&to=2026-06-30&tz=UTC&interval=week'],
        ['response-times', 'from=2026-01-01&to=2026-06-30&tz=UTC'],
        ['volume', `from=2026-03-01&to=2026-03-31&tz=UTC&inboxId=${inboxId}`],
        ['volume', `from=2026-02-15&to=2026-04-15&tz=${AMS}&interval=week&inboxId=${inboxId}`],
      ];
      // Setting the hours queued a recount, which rolls up too: once it is done, start from none.
      const k = s.running.ctx.db.kysely;
      await waitFor(
        'the recount done',
        async () =>
          !(await k
            .selectFrom('jobs')
            .select('id')
            .where('kind', '=', 'recount-business-time')
            .where('status', 'in', ['pending', 'running'])
            .executeTakeFirst()),
      );
      await dropRollups(s.running.ctx);
      const run = () =>
        Promise.all(cases.map(([n, q, who]) => report(typeof who === 'object' ? who.client : s.adminClient, n as string, q as string)));
      const fromFacts = await run();
      const rolled = await rollUp(s.running.ctx);
      assert.ok(rolled.days >= 3 && rolled.months >= 1, JSON.stringify(rolled));
      const fromRollups = await run();
      assert.deepEqual(fromRollups, fromFacts);
      // The month is read as one row, weeks from Monday and quarters too, and they still say the same.
      const marks = await s.running.ctx.db.kysely.selectFrom('report_rollup_periods').select(['period', 'start']).execute();
      assert.ok(marks.some((m) => m.period === 'month' && m.start === '2026-03-01T00:00:00.000Z'));
      assert.ok(marks.some((m) => m.period === 'week' && m.start === '2026-03-02T00:00:00.000Z'));
      assert.ok(marks.some((m) => m.period === 'quarter' && m.start === '2026-01-01T00:00:00.000Z'));

      // Another inbox's conversation counts in everyone's figures until the inbox is deleted with it, rolled up or not.
      const other = await t.f.inbox({ name: 'Elsewhere' });
      setClock(s, '2026-03-03T10:00:00Z');
      const c = await s.adminClient.post(`/api/v1/inboxes/${other.id}/conversations`, {
        contact: { email: `else-${t.f.uniq()}@example.org` },
        subject: 'Elsewhere',
        body: 'Hello',
      });
      setClock(s, '2026-03-03T10:30:00Z');
      assert.equal((await bo.client.post(`/api/v1/conversations/${c.body.id}/messages`, { kind: 'reply', body: 'Hi' })).status, 201);
      setClock(s, '2026-03-06T12:00:00Z');
      const elsewhere = `${week}&inboxId=${other.id}`;
      const elsewhereFromFacts = await report(s.adminClient, 'response-times', elsewhere);
      await rollUp(s.running.ctx);
      // An inbox without business hours: its rows keep one histogram, read as business time too.
      const rows = await k
        .selectFrom('report_rollups')
        .select(['histogram', 'histogram_business'])
        .where('inbox_id', '=', other.id)
        .where('kind', '=', 'first_response')
        .execute();
      assert.ok(rows.length && rows.every((r) => r.histogram && r.histogram_business === null));
      assert.deepEqual(await report(s.adminClient, 'response-times', elsewhere), elsewhereFromFacts);
      assert.equal(elsewhereFromFacts.overall.firstResponse.business.median, 1800);
      assert.deepEqual(elsewhereFromFacts.overall.firstResponse.business, elsewhereFromFacts.overall.firstResponse.calendar);
      const boOf = (r: any) => r.agents.find((x: any) => x.userId === bo.id).conversations;
      assert.equal(boOf(await report(s.adminClient, 'agents', week)), boOf(fromRollups[0]) + 1);
      assert.equal((await s.adminClient.delete(`/api/v1/inboxes/${other.id}`, { confirmName: 'Elsewhere' })).status, 204);
      assert.deepEqual(await report(s.adminClient, 'agents', week), fromRollups[0], 'read from the facts');
      await rollUp(s.running.ctx);
      assert.deepEqual(await report(s.adminClient, 'agents', week), fromRollups[0], 'rolled up again');
    });

    test("today's figures: the running day summed every few minutes, the last minutes read from the facts", async () => {
      const { s } = t;
      const k = s.running.ctx.db.kysely;
      await customerStarts('today', '2026-04-16T09:00:00Z');
      await agentWrites(bo, 'today', '2026-04-16T11:50:00Z');
      await customerWrites('today', '2026-04-16T11:56:00Z');
      await agentWrites(bo, 'today', '2026-04-16T11:58:00Z'); // after what the roll-up sums
      setClock(s, '2026-04-16T12:00:00Z');
      const today = 'from=2026-04-16&to=2026-04-16&tz=UTC';
      const asked: [string, string][] = [
        ['agents', today],
        ['response-times', today],
        ['volume', `${today}&interval=hour`],
        ['agents', `from=2026-04-13&to=2026-04-17&tz=${AMS}`],
      ];
      const run = () => Promise.all(asked.map(([n, q]) => report(s.adminClient, n, q)));
      await dropRollups(s.running.ctx);
      const fromFacts = await run();
      const rolled = await rollUp(s.running.ctx, { now: Date.parse('2026-04-16T12:00:00Z') });
      assert.equal(rolled.through, '2026-04-16T11:55:00.000Z', 'summed to five minutes, two behind the clock');
      const running = await k.selectFrom('report_rollups').select('n').where('period', '=', 'running').execute();
      assert.ok(running.length > 0, 'today has rows of its own');
      assert.deepEqual(await run(), fromFacts);
      const boToday = (r: any) => r.agents.find((x: any) => x.userId === bo.id).replies;
      assert.equal(boToday(fromFacts[0]), 2, 'the reply before and the reply after what is summed');

      // A fact stamped before what the running day sums (a write that took long, history) takes it off the list.
      await agentWrites(bo, 'today', '2026-04-16T11:00:00Z');
      setClock(s, '2026-04-16T12:00:00Z');
      assert.equal((await k.selectFrom('report_rollup_periods').select('period').where('period', '=', 'running').execute()).length, 0);
      assert.equal(boToday(await report(s.adminClient, 'agents', today)), 3);
      // The next run sums it again: the same as from the facts. Two runs at once (the job in two processes, a recount's) take turns.
      await Promise.all([0, 1].map(() => rollUp(s.running.ctx, { now: Date.parse('2026-04-16T12:05:00Z') })));
      const again = await run();
      await dropRollups(s.running.ctx);
      assert.deepEqual(again, await run());
      // Closed, so the open backlog of the weeks before (read back from today's) is theirs alone.
      await closes(bo, 'today', '2026-04-16T12:10:00Z');
    });

    test('an agent sees only their own figures and no inbox they cannot read; asking for more is not found', async () => {
      const { s, f } = t;
      const annAgents = await report(ann.client, 'agents', week);
      assert.deepEqual(
        annAgents.agents.map((x: any) => x.userId),
        [ann.id],
      );
      assert.deepEqual(annAgents.teams, []);
      const annTimes = await report(ann.client, 'response-times', week);
      assert.equal(annTimes.overall.firstResponse.calendar.count, 3, 'her own three first responses, not Bo’s');
      assert.equal((await ann.client.get(`/api/v1/reports/agents?${week}&userId=${bo.id}`)).status, 404);
      const closed = await f.inbox({ access: { mode: 'specific', userIds: [bo.id] } });
      for (const name of ['agents', 'response-times', 'volume', 'bots'])
        assert.equal((await ann.client.get(`/api/v1/reports/${name}?${week}&inboxId=${closed.id}`)).status, 404, name);
      assert.equal((await ann.client.get(`/api/v1/reports/facts?kind=created&${week}&inboxId=${closed.id}`)).status, 404);
      assert.equal((await s.anonymous().get(`/api/v1/reports/agents?${week}`)).status, 401);
      const bad = await s.adminClient.get(`/api/v1/reports/agents?from=2026-03-09&to=2026-03-02`);
      assert.equal(bad.status, 400);
      assert.ok(bad.body.fields.from, 'names the field');
      assert.equal((await s.adminClient.get(`/api/v1/reports/volume?from=2025-01-01&to=2025-12-31&interval=hour`)).status, 400);
    });

    test('CSV says what JSON says, and the drill-down lists the conversations behind a figure', async () => {
      const { s } = t;
      const json = await report(s.adminClient, 'agents', week);
      const r = await fetch(`${s.url}/api/v1/reports/agents?${week}&format=csv&table=agents`, {
        headers: { cookie: s.adminClient.cookie },
      });
      assert.equal(r.status, 200);
      assert.match(String(r.headers.get('content-type')), /^text\/csv; charset=utf-8/);
      assert.match(String(r.headers.get('content-disposition')), /attachment; filename="agents-agents-2026-03-02-2026-03-06\.csv"/);
      const [head, ...rows] = csvRows(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await r.arrayBuffer()));
      assert.deepEqual(head!.slice(0, 9), [
        'user_id',
        'name',
        'conversations',
        'replies',
        'closed',
        'first_response_count',
        'first_response_median_seconds',
        'first_response_p90_seconds',
        'first_response_average_seconds',
      ]);
      assert.equal(rows.length, json.agents.length);
      for (const a of json.agents) {
        const row = rows.find((x) => x[0] === a.userId)!;
        const cell = (name: string) => row[head!.indexOf(name)];
        assert.equal(cell('name'), a.name);
        assert.equal(Number(cell('replies')), a.replies);
        assert.equal(Number(cell('first_response_median_seconds')), a.firstResponse.calendar.median);
        assert.equal(Number(cell('first_response_business_p90_seconds')), a.firstResponse.business.p90);
        assert.equal(Number(cell('resolution_average_seconds')), a.resolution.calendar.average ?? 0);
      }
      assert.equal((await s.adminClient.get(`/api/v1/reports/agents?${week}&format=csv&table=nope`)).status, 400);

      const page1 = (await s.adminClient.get(`/api/v1/reports/facts?kind=first_response&userId=${ann.id}&${week}&limit=2`)).body;
      assert.equal(page1.items.length, 2);
      assert.ok(page1.nextCursor);
      const page2 = (
        await s.adminClient.get(`/api/v1/reports/facts?kind=first_response&userId=${ann.id}&${week}&limit=2&cursor=${page1.nextCursor}`)
      ).body;
      const all = [...page1.items, ...page2.items];
      assert.deepEqual(
        all.map((x: any) => x.conversationId),
        [ids.c3, ids.c4, ids.c1],
        'newest first',
      );
      assert.deepEqual(
        all.map((x: any) => [x.subject, x.seconds, x.businessSeconds]),
        [
          ['Question c3', 144000, 1800],
          ['Question c4', 1800, 1800],
          ['Question c1', 600, 600],
        ],
      );
      // Each one opens.
      for (const x of all) assert.equal((await s.adminClient.get(`/api/v1/conversations/${x.conversationId}`)).status, 200);
    });

    test('reopening restarts the clocks; hours follow the zone across the DST change', async () => {
      const { s } = t;
      // c1 (closed Monday) written to again on Thursday: reopened, and answered by Bo.
      await customerWrites('c1', '2026-03-05T10:00:00Z');
      await agentWrites(bo, 'c1', '2026-03-05T10:15:00Z');
      setClock(s, '2026-03-06T12:00:00Z');
      const times = await report(s.adminClient, 'response-times', `from=2026-03-05&to=2026-03-05&tz=${AMS}&userId=${bo.id}`);
      assert.deepEqual(times.overall.firstResponse.calendar, { count: 1, median: 900, p90: 900, average: 900 });
      const volume = await report(s.adminClient, 'volume', `from=2026-03-05&to=2026-03-05&tz=${AMS}&inboxId=${inboxId}`);
      assert.deepEqual(
        volume.series.map((d: any) => [d.created, d.reopened, d.backlog]),
        [[0, 1, 3]],
      );
      // Sunday 29 March in Amsterdam has 23 hours; in New York, 24.
      const dst = await report(s.adminClient, 'volume', `from=2026-03-29&to=2026-03-29&tz=${AMS}&interval=hour`);
      assert.equal(dst.series.length, 23);
      assert.equal(dst.series[0].start, '2026-03-28T23:00:00.000Z');
      assert.equal(dst.series[3].start, '2026-03-29T02:00:00.000Z');
      const ny = await report(s.adminClient, 'volume', `from=2026-03-29&to=2026-03-29&tz=America/New_York&interval=hour`);
      assert.equal(ny.series.length, 24);
    });

    test('the rebuild from the conversations gives the same figures as the facts written live', async () => {
      const { s } = t;
      const all = `from=2026-03-01&to=2026-03-31&tz=${AMS}`;
      const names = ['agents', 'response-times', 'volume'];
      const live = await Promise.all(names.map((n) => report(s.adminClient, n, all)));
      const steps: number[] = [];
      const r = await rebuildFacts(s.running.ctx, (done) => steps.push(done));
      assert.ok(r.conversations >= 4 && r.facts > 0);
      assert.equal(steps.at(-1), r.conversations, 'progress reaches the end');
      const rebuilt = await Promise.all(names.map((n) => report(s.adminClient, n, all)));
      assert.deepEqual(rebuilt, live);
      // Live again after the rebuild: c4 written to and answered goes on from the rebuilt clocks.
      await customerWrites('c4', '2026-03-05T12:00:00Z');
      await agentWrites(ann, 'c4', '2026-03-05T12:05:00Z');
      setClock(s, '2026-03-06T12:00:00Z');
      const times = await report(s.adminClient, 'response-times', `from=2026-03-05&to=2026-03-05&tz=${AMS}&userId=${ann.id}`);
      assert.deepEqual(times.overall.reply.calendar, { count: 1, median: 300, p90: 300, average: 300 });
    });

    test("changing an inbox's hours counts its business time again in the background", async () => {
      const { s } = t;
      assert.equal((await s.adminClient.put(`/api/v1/inboxes/${inboxId}/business-hours`, { hours: null })).status, 200);
      // Always open: business time is calendar time now (c3's 144,000 s instead of 1,800).
      const a = await waitFor('the business time counted again', async () => {
        const row = (await report(s.adminClient, 'agents', `${week}&userId=${ann.id}`)).agents[0];
        return row.firstResponse.business.p90 === row.firstResponse.calendar.p90 && row;
      });
      assert.deepEqual(a.firstResponse.business, a.firstResponse.calendar);
      assert.equal(a.firstResponse.business.p90, 144000);
    });
  });
}
