/** Routing rules with their reasons, away and seat rules, reassign-when-away, ticketing, on both engines. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { recordInbound } from '../../src/server/domain/inbound.js';
import { engines, engineSuite } from '../support/engines.js';
import { jobsDone } from '../support/jobs.js';
import { StreamClient } from '../support/stream.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { makeT } from '../../src/web/i18n/index.js';
import { routingLine, timelineLine } from '../../src/web/i18n/timeline.js';

for (const engine of engines) {
  describe(`routing on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let inboxId: string;
    let apiChannelId: string;
    const u: Record<string, string> = {};
    let supportTeam: string;
    const open = async (email: string, body = 'Hello', subject?: string) => {
      const r = await a.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email }, body, subject });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      await jobsDone(s);
      return (await a.get(`/api/v1/conversations/${r.body.id}`)).body;
    };
    const setRouting = (routing: object, ticketing?: object) =>
      a.patch(`/api/v1/channels/${apiChannelId}`, { routing, ...(ticketing ? { ticketing } : {}) });

    before(async () => {
      s = await startTestServer({ engine });
      a = s.adminClient;
      inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      apiChannelId = (await a.get(`/api/v1/inboxes/${inboxId}/channels`)).body.items.find((c: any) => c.kind === 'api').id;
      for (const [name, paidSeat] of [
        ['Ana', true],
        ['Ben', true],
        ['Cy', false],
        ['Dan', true],
        ['Eve', true],
      ] as const) {
        const r = await a.post('/api/v1/users', {
          email: `${name.toLowerCase()}@example.com`,
          name,
          role: 'agent',
          paidSeat,
          password: `password-${name}`,
        });
        assert.equal(r.status, 201);
        u[name] = r.body.id;
      }
      await a.patch(`/api/v1/users/${u.Ben}`, { availability: 'away' });
      supportTeam = (await a.post('/api/v1/teams', { name: 'Support', userIds: [u.Ana, u.Ben, u.Cy] })).body.id;
    });
    after(() => s?.close());

    test('settings: admins only, validated, on the API channel too', async () => {
      const ana = await s.login('ana@example.com', 'password-Ana');
      assert.equal((await ana.patch(`/api/v1/channels/${apiChannelId}`, { routing: { mode: 'unassigned' } })).status, 403);
      assert.equal((await setRouting({ mode: 'specific', userIds: ['nobody'] })).status, 400);
      assert.equal((await setRouting({ mode: 'specific' })).status, 400);
      const r = await setRouting({ mode: 'specific', teamIds: [supportTeam] });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.settings.routing, {
        mode: 'specific',
        userIds: [],
        teamIds: [supportTeam],
        availableOnly: true,
        reassignWhenAway: false,
      });
    });

    test('round robin skips away users and users without a paid seat, and says so', async () => {
      await setRouting({ mode: 'specific', teamIds: [supportTeam] });
      const c = await open('rr1@example.com');
      assert.equal(c.assignee?.id, u.Ana);
      assert.equal(c.routingReason, 'Round robin among Support: given to Ana; skipped Ben (away), Cy (no paid seat)');
      const lines = (await a.get(`/api/v1/conversations/${c.id}/messages`)).body.items
        .filter((m: any) => m.kind === 'system')
        .map((m: any) => m.text);
      assert.deepEqual(lines, [c.routingReason]);
      await setRouting({ mode: 'specific', teamIds: [supportTeam], userIds: [u.Dan] });
      const got = [];
      for (let i = 0; i < 4; i++) got.push((await open(`rr-b${i}@example.com`)).assignee?.id);
      assert.deepEqual(got.sort(), [u.Ana, u.Ana, u.Dan, u.Dan].sort(), 'alternates between the two eligible users');
      const d = await open('rr-c@example.com');
      assert.match(d.routingReason, /^Round robin among Support, Dan: given to (Ana|Dan); skipped Ben \(away\), Cy \(no paid seat\)$/);
    });

    test('the reason is stored as a fact the app words in Dutch and Swedish (plurals included); in English it reads as the API text', async () => {
      await setRouting({ mode: 'specific', teamIds: [supportTeam] });
      const c = await open('facts@example.com');
      assert.deepEqual(c.routingFact, {
        kind: 'routing',
        roundRobin: {
          group: ['Support'],
          to: c.assignee.name,
          skipped: [
            { name: 'Ben', why: 'away' },
            { name: 'Cy', why: 'no_seat' },
          ],
        },
      });
      const line = (await a.get(`/api/v1/conversations/${c.id}/messages`)).body.items.find((m: any) => m.kind === 'system');
      assert.equal(timelineLine(makeT('en'), line), c.routingReason);
      assert.equal(
        timelineLine(makeT('nl'), line),
        `Om de beurt onder Support: toegewezen aan ${c.assignee.name}; 2 personen overgeslagen: Ben (afwezig), Cy (geen betaalde licentie)`,
      );
      assert.equal(
        routingLine(makeT('sv'), c.routingFact),
        `Turordning bland Support: tilldelad ${c.assignee.name}; hoppade över 2 personer: Ben (borta), Cy (ingen betald licens)`,
      );

      await setRouting({ mode: 'specific', userIds: [u.Ben] });
      const one = await open('facts-one@example.com');
      assert.equal(routingLine(makeT('en'), one.routingFact), one.routingReason);
      assert.equal(
        routingLine(makeT('nl'), one.routingFact),
        'Om de beurt onder Ben: niemand beschikbaar, niet toegewezen; 1 persoon overgeslagen: Ben (afwezig)',
      );
      assert.equal(
        routingLine(makeT('sv'), one.routingFact),
        'Turordning bland Ben: ingen tillgänglig, lämnad otilldelad; hoppade över 1 person: Ben (borta)',
      );
    });

    test('"available only" off: away users take turns too; nobody eligible leaves it unassigned', async () => {
      await setRouting({ mode: 'specific', userIds: [u.Ben], availableOnly: false });
      assert.equal((await open('away-ok@example.com')).assignee?.id, u.Ben);
      await setRouting({ mode: 'specific', userIds: [u.Ben, u.Cy] });
      const c = await open('nobody@example.com');
      assert.equal(c.assignee, null);
      assert.equal(c.routingReason, 'Round robin among Ben, Cy: no one available, left unassigned; skipped Ben (away), Cy (no paid seat)');
    });

    test("the contact's owner, falling back to the channel's rule", async () => {
      const contact = (await a.post('/api/v1/contacts', { email: 'owned@example.com', ownerId: u.Eve })).body;
      await setRouting({ mode: 'contact_owner', userIds: [u.Dan] });
      const c = await open('owned@example.com');
      assert.equal(c.assignee?.id, u.Eve);
      assert.equal(c.routingReason, "Given to the contact's owner, Eve");
      await a.patch(`/api/v1/contacts/${contact.id}`, { ownerId: u.Ben });
      const d = await open('owned@example.com', 'again', 'second');
      assert.equal(d.assignee?.id, u.Dan);
      assert.equal(d.routingReason, "The contact's owner Ben cannot take it (away). Round robin among Dan: given to Dan");
      const e = await open('unowned@example.com');
      assert.equal(e.routingReason, 'The contact has no owner. Round robin among Dan: given to Dan');
    });

    test('auto-replies, Filtered, Spam and blocked senders never trigger routing', async () => {
      await setRouting({ mode: 'specific', userIds: [u.Dan] });
      const ctx = s.running.ctx;
      const auto = await recordInbound(ctx, {
        channelId: apiChannelId,
        contact: { email: 'ooo@example.com' },
        text: 'I am out of office',
        autoReply: true,
      });
      const spam = await recordInbound(ctx, {
        channelId: apiChannelId,
        contact: { email: 'spam@example.com' },
        text: 'buy',
        folder: 'spam',
      });
      const filtered = await recordInbound(ctx, {
        channelId: apiChannelId,
        contact: { email: 'news@example.com' },
        text: 'news',
        folder: 'filtered',
      });
      const blockedContact = (await a.post('/api/v1/contacts', { email: 'blocked@example.com' })).body;
      await a.post(`/api/v1/contacts/${blockedContact.id}/block`);
      const blocked = await recordInbound(ctx, { channelId: apiChannelId, contact: { email: 'blocked@example.com' }, text: 'hi' });
      await jobsDone(s);
      for (const r of [auto, spam, filtered, blocked]) {
        const c = (await a.get(`/api/v1/conversations/${r.conversationId}`)).body;
        assert.equal(c.assignee, null);
        assert.equal(c.routingReason, null);
      }
      const jobs = await ctx.db.kysely.selectFrom('jobs').select('payload').where('kind', '=', 'route-conversation').execute();
      for (const r of [auto, spam, filtered, blocked]) assert.ok(!jobs.some((j) => j.payload.includes(r.conversationId)));
    });

    test('a reply to a conversation whose assignee is away is reassigned by the rule', async () => {
      await setRouting({ mode: 'specific', userIds: [u.Dan, u.Eve], reassignWhenAway: true });
      const c = await open('reply@example.com');
      const first = c.assignee.id;
      const other = first === u.Dan ? 'Eve' : 'Dan';
      const firstName = first === u.Dan ? 'Dan' : 'Eve';
      // Not away: a reply changes nothing.
      await a.post(`/api/v1/conversations/${c.id}/incoming`, { body: 'more info' });
      await jobsDone(s);
      assert.equal((await a.get(`/api/v1/conversations/${c.id}`)).body.assignee.id, first);
      await a.patch(`/api/v1/users/${first}`, { availability: 'away' });
      await a.post(`/api/v1/conversations/${c.id}/incoming`, { body: 'hello??' });
      await jobsDone(s);
      const after1 = (await a.get(`/api/v1/conversations/${c.id}`)).body;
      assert.equal(after1.assignee.id, u[other]);
      assert.equal(
        after1.routingReason,
        `The contact replied while ${firstName} is away. Round robin among Dan, Eve: given to ${other}; skipped ${firstName} (away)`,
      );
      await a.patch(`/api/v1/users/${first}`, { availability: 'available' });
    });

    test('auto-away: users without the app open for the set time are skipped; the app open makes them available', async () => {
      const ana = await s.login('ana@example.com', 'password-Ana');
      assert.equal((await ana.patch('/api/v1/settings/availability', { autoAwayMinutes: 10 })).status, 403);
      assert.equal((await a.patch('/api/v1/settings/availability', { autoAwayMinutes: 1 })).status, 400);
      assert.deepEqual((await a.patch('/api/v1/settings/availability', { autoAwayMinutes: 10 })).body, { autoAwayMinutes: 10 });
      await setRouting({ mode: 'specific', userIds: [u.Dan, u.Eve] });
      const none = await open('idle@example.com');
      assert.equal(none.assignee, null);
      assert.equal(
        none.routingReason,
        'Round robin among Dan, Eve: no one available, left unassigned; skipped Dan (away: app not open for 10 min), Eve (away: app not open for 10 min)',
      );
      const dan = await s.login('dan@example.com', 'password-Dan');
      const socket = await StreamClient.connect(s.url, { cookie: dan.cookie });
      try {
        const k = s.running.ctx.db.kysely;
        for (let i = 0; i < 50 && !(await k.selectFrom('user_seen').select('user_id').where('user_id', '=', u.Dan).executeTakeFirst()); i++)
          await new Promise((r) => setTimeout(r, 50));
        const c = await open('active@example.com');
        assert.equal(c.assignee?.id, u.Dan);
        assert.equal(c.routingReason, 'Round robin among Dan, Eve: given to Dan; skipped Eve (away: app not open for 10 min)');
      } finally {
        socket.close();
        await a.patch('/api/v1/settings/availability', { autoAwayMinutes: null });
      }
      assert.equal((await open('off-again@example.com')).assignee !== null, true, 'auto-away off: everyone available again');
    });

    test('"treat as tickets": each new incoming conversation becomes a ticket owned by its assignee', async () => {
      const pipelines = (await a.get('/api/v1/pipelines')).body.items;
      const support = pipelines.find((p: any) => p.isDefault);
      const r = await setRouting(
        { mode: 'specific', userIds: [u.Dan] },
        { enabled: true, pipelineId: support.id, stageId: support.stages[2].id },
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const c = await open('ticket-me@example.com', 'It broke', 'Broken widget');
      const tickets = (await a.get(`/api/v1/tickets?conversationId=${c.id}`)).body.items;
      assert.equal(tickets.length, 1);
      assert.equal(tickets[0].title, 'Broken widget');
      assert.equal(tickets[0].owner.id, u.Dan);
      assert.equal(tickets[0].stageName, 'Waiting on us');
      // A configured stage that disappears must not block routing: the ticket goes to the default pipeline.
      const p2 = (await a.post('/api/v1/pipelines', { name: 'Gone soon', stages: ['Only'] })).body;
      await setRouting({ mode: 'specific', userIds: [u.Dan] }, { enabled: true, pipelineId: p2.id, stageId: p2.stages[0].id });
      await s.running.ctx.db.kysely.deleteFrom('pipeline_stages').where('id', '=', p2.stages[0].id).execute();
      const g = await open('fallback@example.com', 'hi', 'Fallback ticket');
      assert.equal(g.assignee?.id, u.Dan);
      const gt = (await a.get(`/api/v1/tickets?conversationId=${g.id}`)).body.items;
      assert.equal(gt[0].pipelineId, support.id);
      assert.equal(gt[0].stageName, 'New');
      // The help articles' "Ticket owner": another user than the conversation's owner; an unknown one is refused.
      assert.equal((await setRouting({ mode: 'specific', userIds: [u.Dan] }, { enabled: true, ownerId: 'nobody' })).status, 400);
      const bad = await setRouting(
        { mode: 'specific', userIds: [u.Dan] },
        { enabled: true, ownerId: '01900000-0000-7000-8000-000000000000' },
      );
      assert.equal(bad.body.fieldErrors['ticketing.ownerId'].code, 'not_a_user');
      const set = await setRouting({ mode: 'specific', userIds: [u.Dan] }, { enabled: true, ownerId: u.Eve });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.equal((await a.get(`/api/v1/channels/${apiChannelId}`)).body.settings.ticketing.ownerId, u.Eve);
      const o = await open('owner@example.com', 'hi', 'Owned by Eve');
      assert.equal(o.assignee?.id, u.Dan, 'the conversation still goes to Dan');
      assert.equal((await a.get(`/api/v1/tickets?conversationId=${o.id}`)).body.items[0].owner.id, u.Eve);
      await setRouting({ mode: 'unassigned' }, { enabled: false });
      const d = await open('no-ticket@example.com');
      assert.equal((await a.get(`/api/v1/tickets?conversationId=${d.id}`)).body.items.length, 0);
      assert.equal(d.routingReason, null);
    });
    test('a ticket made from a conversation without subject or text is titled in the channel’s language', async () => {
      const ctx = s.running.ctx;
      const ticketing = { enabled: true };
      const winkel = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Winkel', settings: { language: 'nl' } }))
        .body;
      assert.equal((await a.patch(`/api/v1/channels/${winkel.id}`, { routing: { mode: 'unassigned' }, ticketing })).status, 200);
      assert.equal((await setRouting({ mode: 'unassigned' }, ticketing)).status, 200);
      const titleOf = async (channelId: string, email: string) => {
        const { conversationId } = await recordInbound(ctx, { channelId, contact: { email }, text: '' });
        await jobsDone(s);
        return (await a.get(`/api/v1/tickets?conversationId=${conversationId}`)).body.items.map((t: any) => t.title);
      };
      try {
        assert.deepEqual(await titleOf(winkel.id, 'leeg@example.nl'), ['Supportverzoek']);
        // A channel without a language of its own (the API channel) writes English.
        assert.deepEqual(await titleOf(apiChannelId, 'empty@example.com'), ['Support request']);
      } finally {
        await setRouting({ mode: 'unassigned' }, { enabled: false });
      }
    });
  });
}
