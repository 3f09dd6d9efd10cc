import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';

for (const engine of engines) {
  describe(`conversations API on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let inboxId: string;
    let meId: string;
    const open = (contact: object, body: string, subject?: string) =>
      a.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact, body, subject });

    before(async () => {
      s = await startTestServer({ engine });
      a = s.adminClient;
      inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      meId = (await a.get('/api/v1/me')).body.id;
    });
    after(() => s?.close());

    test('first start made a default inbox with its fallback address and an API channel', async () => {
      const inboxes = (await a.get('/api/v1/inboxes')).body.items;
      assert.equal(inboxes.length, 1);
      assert.equal(inboxes[0].fallbackAddress, 'support@switchboard.localhost');
      const channels = (await a.get(`/api/v1/inboxes/${inboxId}/channels`)).body.items;
      assert.deepEqual(
        channels.map((c: any) => c.kind),
        ['api', 'email'],
      );
    });

    test('an incoming conversation from the API channel shows in All and Unassigned with counts', async () => {
      const r = await open({ email: 'Ann@Example.com', name: 'Ann' }, 'My order never arrived', 'Where is my order?');
      assert.equal(r.status, 201);
      assert.equal(r.body.contact.email, 'ann@example.com');
      assert.equal(r.body.status, 'open');
      assert.equal(r.body.abilities.reply, true);
      const all = (await a.get(`/api/v1/conversations?inboxId=${inboxId}&view=all`)).body;
      assert.deepEqual(
        all.items.map((c: any) => c.id),
        [r.body.id],
      );
      assert.equal(all.items[0].unread, true);
      assert.equal(all.nextCursor, null);
      const unassigned = (await a.get(`/api/v1/conversations?inboxId=${inboxId}&view=unassigned`)).body;
      assert.equal(unassigned.items.length, 1);
      const counts = (await a.get(`/api/v1/views?inboxId=${inboxId}`)).body;
      assert.equal(counts.all, 1);
      assert.equal(counts.unassigned, 1);
      assert.equal(counts.mine, 0);
    });

    test('the list shows the first 200 characters of a message, its whitespace collapsed, however it starts', async () => {
      const words = Array.from({ length: 60 }, (_, i) => `word${i}`);
      const body = `${' \n'.repeat(3000)}Hello,\n\n\tthere   ${words.join(' \n ')}`;
      const c = (await open({ email: 'spacey@example.com' }, body, 'Whitespace first')).body;
      const row = (await a.get(`/api/v1/conversations?inboxId=${inboxId}&q=${encodeURIComponent('whitespace')}`)).body.items[0];
      assert.equal(row.id, c.id);
      assert.equal(row.preview, `Hello, there ${words.join(' ')}`.slice(0, 200));
    });

    test('assign, reply, close and reopen move the conversation between views', async () => {
      const c = (await open({ email: 'bob@example.com' }, 'Invoice please')).body;
      const assigned = await a.patch(`/api/v1/conversations/${c.id}`, { assigneeId: meId });
      assert.equal(assigned.status, 200);
      assert.equal(assigned.body.assignee.id, meId);
      let counts = (await a.get(`/api/v1/views?inboxId=${inboxId}`)).body;
      assert.equal(counts.mine, 1);
      const mine = (await a.get(`/api/v1/conversations?view=mine`)).body.items;
      assert.deepEqual(
        mine.map((x: any) => x.id),
        [c.id],
      );

      const reply = await a.post(`/api/v1/conversations/${c.id}/messages`, { kind: 'reply', body: 'Here it is' });
      assert.equal(reply.status, 201);
      const closed = await a.patch(`/api/v1/conversations/${c.id}`, { status: 'closed' });
      assert.equal(closed.body.status, 'closed');
      assert.ok(closed.body.closedAt);
      assert.ok(closed.body.firstResponseAt);
      counts = (await a.get(`/api/v1/views?inboxId=${inboxId}`)).body;
      assert.equal(counts.mine, 0);
      const closedList = (await a.get(`/api/v1/conversations?view=mine&status=closed`)).body.items;
      assert.deepEqual(
        closedList.map((x: any) => x.id),
        [c.id],
      );

      // The customer writes again: the conversation reopens.
      const again = await a.post(`/api/v1/conversations/${c.id}/incoming`, { body: 'Thanks! One more thing' });
      assert.equal(again.status, 201);
      assert.equal(again.body.status, 'open');
      const thread = (await a.get(`/api/v1/conversations/${c.id}/messages`)).body.items;
      assert.deepEqual(
        thread.map((m: any) => m.kind),
        ['incoming', 'system', 'reply', 'system', 'incoming'],
      );
      assert.match(thread[1].text, /took this conversation/);
      // The facts beside the English lines, for the web app to write them in the reader's language.
      assert.deepEqual(thread[1].fact, { kind: 'took', actor: thread[1].author.name });
      assert.deepEqual(thread[3].fact, { kind: 'closed', actor: thread[3].author.name });
    });

    test('comments are internal and mentions must name users', async () => {
      const c = (await open({ email: 'carol@example.com' }, 'Hello')).body;
      const bad = await a.post(`/api/v1/conversations/${c.id}/messages`, { kind: 'comment', body: 'look', mentions: ['nobody'] });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.fields.mentions);
      const ok = await a.post(`/api/v1/conversations/${c.id}/messages`, { kind: 'comment', body: '@Admin look', mentions: [meId] });
      assert.equal(ok.status, 201);
      assert.deepEqual(ok.body.mentions, [meId]);
      const list = (await a.get(`/api/v1/conversations/${c.id}/messages`)).body.items;
      assert.equal(list.filter((m: any) => m.kind === 'comment').length, 1, 'the failed comment stored nothing');
    });

    test('trash, restore, delete forever only from Trash', async () => {
      const c = (await open({ email: 'dan@example.com' }, 'Spam?')).body;
      const early = await a.delete(`/api/v1/conversations/${c.id}`);
      assert.equal(early.status, 409);
      assert.equal((await a.post(`/api/v1/conversations/${c.id}/trash`)).body.folder, 'trash');
      assert.equal((await a.get(`/api/v1/views?inboxId=${inboxId}`)).body.trash, 1);
      assert.equal((await a.post(`/api/v1/conversations/${c.id}/restore`)).body.folder, 'inbox');
      await a.post(`/api/v1/conversations/${c.id}/trash`);
      const trash = (await a.get(`/api/v1/conversations?view=trash`)).body.items;
      assert.deepEqual(
        trash.map((x: any) => x.id),
        [c.id],
      );
      assert.equal((await a.delete(`/api/v1/conversations/${c.id}`)).status, 204);
      assert.equal((await a.get(`/api/v1/conversations/${c.id}`)).status, 404);
      assert.equal((await a.get(`/api/v1/views?inboxId=${inboxId}`)).body.trash, 0);
      assert.equal((await a.get(`/api/v1/conversations?q=spam`)).body.items.length, 0, 'gone from search too');
    });

    test('spam and not spam', async () => {
      const c = (await open({ email: 'eve@example.com' }, 'Buy cheap watches')).body;
      assert.equal((await a.post(`/api/v1/conversations/${c.id}/spam`)).body.folder, 'spam');
      assert.equal((await a.get(`/api/v1/views?inboxId=${inboxId}`)).body.spam, 1);
      assert.equal((await a.post(`/api/v1/conversations/${c.id}/spam`)).status, 400, 'already in spam');
      assert.equal((await a.post(`/api/v1/conversations/${c.id}/not-spam`)).body.folder, 'inbox');
    });

    test("a blocked contact's next message goes to Filtered; unblock and release", async () => {
      const c = (await open({ email: 'frank@example.com' }, 'First')).body;
      assert.equal((await a.post(`/api/v1/contacts/${c.contact.id}/block`)).body.blocked, true);
      const next = (await open({ email: 'frank@example.com' }, 'Second')).body;
      assert.equal(next.folder, 'filtered');
      assert.equal(next.contact.id, c.contact.id, 'the same contact');
      const filtered = (await a.get(`/api/v1/conversations?view=filtered&inboxId=${inboxId}`)).body.items;
      assert.ok(filtered.some((x: any) => x.id === next.id));
      assert.ok(!(await a.get(`/api/v1/conversations?view=all&inboxId=${inboxId}`)).body.items.some((x: any) => x.id === next.id));
      assert.equal((await a.post(`/api/v1/contacts/${c.contact.id}/unblock`)).body.blocked, false);
      assert.equal((await a.post(`/api/v1/conversations/${next.id}/release`)).body.folder, 'inbox');
      const history = (await a.get(`/api/v1/contacts/${c.contact.id}/conversations`)).body.items;
      assert.equal(history.length, 2);
    });

    test('block sender from a conversation moves it to Filtered; unblock from Filtered brings it back, in one action each', async () => {
      const c = (await open({ email: 'gina@example.com' }, 'Buy cheap watches')).body;
      const other = (await open({ email: 'gina@example.com' }, 'And another thing')).body;
      const before = (await a.get(`/api/v1/views?inboxId=${inboxId}`)).body;
      const blocked = await a.post(`/api/v1/conversations/${c.id}/block-sender`);
      assert.equal(blocked.status, 200);
      assert.equal(blocked.body.folder, 'filtered', 'the conversation itself moves');
      assert.equal((await a.get(`/api/v1/contacts/${c.contact.id}`)).body.blocked, true);
      assert.equal((await a.get(`/api/v1/conversations/${other.id}`)).body.folder, 'inbox', 'only this conversation moves');
      const during = (await a.get(`/api/v1/views?inboxId=${inboxId}`)).body;
      assert.equal(during.filtered, before.filtered + 1);
      assert.equal(during.all, before.all - 1);
      const next = (await open({ email: 'gina@example.com' }, 'Still here')).body;
      assert.equal(next.folder, 'filtered', 'later mail follows');
      const messages = (await a.get(`/api/v1/conversations/${c.id}/messages`)).body.items;
      assert.ok(
        messages.some((m: any) => m.fact?.kind === 'folder' && m.fact.move === 'block'),
        'the thread says who blocked',
      );
      assert.equal((await a.post(`/api/v1/conversations/${c.id}/block-sender`)).body.folder, 'filtered', 'blocking twice changes nothing');

      const back = await a.post(`/api/v1/conversations/${c.id}/unblock-sender`);
      assert.equal(back.body.folder, 'inbox');
      assert.equal((await a.get(`/api/v1/contacts/${c.contact.id}`)).body.blocked, false);
      assert.equal(
        (await a.get(`/api/v1/conversations/${next.id}`)).body.folder,
        'filtered',
        'other filtered conversations stay for the agent to release',
      );
      assert.equal((await open({ email: 'gina@example.com' }, 'Hello again')).body.folder, 'inbox');
      const after = (await a.get(`/api/v1/views?inboxId=${inboxId}`)).body;
      assert.equal(after.filtered, before.filtered + 1, 'only the conversation that came in while blocked stays filtered');
    });

    test('block sender on a conversation without a contact is refused with a reason and changes nothing', async () => {
      const c = (await open({ email: 'hal@example.com' }, 'Hi')).body;
      assert.equal((await a.delete(`/api/v1/conversations/${c.id}/contact`)).status, 200);
      const r = await a.post(`/api/v1/conversations/${c.id}/block-sender`);
      assert.equal(r.status, 400);
      assert.equal(r.body.fieldErrors.contact.code, 'no_contact');
      assert.equal((await a.get(`/api/v1/conversations/${c.id}`)).body.folder, 'inbox');
    });

    test('search finds contact name, address, subject and message text; prefix on the last word', async () => {
      const c = (await open({ email: 'zelda.hyrule@example.org', name: 'Zelda Ångström' }, 'The triforce is glowing', 'Strange artefact'))
        .body;
      await a.post(`/api/v1/conversations/${c.id}/messages`, { kind: 'reply', body: 'Have you tried the ocarina?' });
      for (const q of ['zelda', 'hyrule', 'angstrom', 'artefact', 'triforce', 'ocarina', 'trifo', 'ZELDA glowing']) {
        const items = (await a.get(`/api/v1/conversations?q=${encodeURIComponent(q)}`)).body.items;
        assert.deepEqual(
          items.map((x: any) => x.id),
          [c.id],
          `search for ${q}`,
        );
      }
      assert.equal((await a.get(`/api/v1/conversations?q=ganondorf`)).body.items.length, 0);
    });

    test('keyset pagination returns every conversation once, newest first', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await open({ email: `page${i}@example.com` }, `pager message ${i}`)).body.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      const queries: string[] = [];
      do {
        const r: any = await a.get(`/api/v1/conversations?inboxId=${inboxId}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...r.body.items.map((x: any) => x.id));
        queries.push(r.headers.get('x-sql-queries'));
        cursor = r.body.nextCursor;
      } while (cursor);
      assert.equal(new Set(seen).size, seen.length, 'no duplicates');
      for (const id of ids) assert.ok(seen.includes(id));
      assert.deepEqual(seen.slice(0, 7), [...ids].reverse());
      assert.equal(new Set(queries).size, 1, `the same number of SQL queries on every page: ${queries}`);
      assert.ok(Number(queries[0]) > 0, `x-sql-queries counts the page's queries: ${queries[0]}`);
      const searchSeen: string[] = [];
      cursor = null;
      do {
        const r: any = await a.get(`/api/v1/conversations?q=pager&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        searchSeen.push(...r.body.items.map((x: any) => x.id));
        cursor = r.body.nextCursor;
      } while (cursor);
      assert.deepEqual(searchSeen, [...ids].reverse());
    });

    test('filters combine: channel, status, assignee, date range', async () => {
      const now = Date.now();
      const from = new Date(now - 60_000).toISOString();
      const to = new Date(now + 60_000).toISOString();
      const all = (await a.get(`/api/v1/conversations?inboxId=${inboxId}&channel=api&from=${from}&to=${to}&limit=100`)).body.items;
      assert.ok(all.length > 0);
      const past = (await a.get(`/api/v1/conversations?inboxId=${inboxId}&to=${new Date(now - 3600_000).toISOString()}`)).body.items;
      assert.equal(past.length, 0);
      const none = (await a.get(`/api/v1/conversations?channel=email`)).body.items;
      assert.equal(none.length, 0);
      const unassignedOpen = (await a.get(`/api/v1/conversations?assigneeId=none&status=open&limit=100`)).body.items;
      assert.ok(unassignedOpen.every((x: any) => x.assignee === null && x.status === 'open'));
    });

    test('hostile filter values are rejected or treated as plain values, and change nothing', async () => {
      const before = (await a.get(`/api/v1/views?inboxId=${inboxId}`)).body;
      const hostile = [
        "' OR 1=1 --",
        '"; DROP TABLE conversations; --',
        "') UNION SELECT * FROM users --",
        '*',
        'NEAR(a b)',
        'a:* | b',
        '\u0000',
      ];
      for (const h of hostile) {
        const e = encodeURIComponent(h);
        const search = await a.get(`/api/v1/conversations?q=${e}`);
        if (h.includes('\u0000')) {
          assert.equal(search.status, 400, 'NUL is refused');
          assert.ok(search.body.fields.q);
        } else {
          assert.equal(search.status, 200, `q=${h}`);
          if (!/NEAR|\|/.test(h)) assert.equal(search.body.items.length, 0, `q=${h} matches nothing`);
        }
        for (const param of ['status', 'channel', 'view', 'from', 'cursor']) {
          const r = await a.get(`/api/v1/conversations?${param}=${e}`);
          assert.equal(r.status, 400, `${param}=${h}`);
          assert.ok(r.body.fields[param], `names the field ${param}`);
        }
        const byAssignee = await a.get(`/api/v1/conversations?assigneeId=${e}&inboxId=${inboxId}`);
        assert.ok(byAssignee.status === 200 || byAssignee.status === 400);
        if (byAssignee.status === 200) assert.equal(byAssignee.body.items.length, 0);
      }
      assert.deepEqual((await a.get(`/api/v1/views?inboxId=${inboxId}`)).body, before);
      assert.equal((await a.get('/api/v1/users')).status, 200);
    });

    test('bad input names the field; unknown ids are 404; nothing is half-written', async () => {
      const r = await a.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: {}, body: '' });
      assert.equal(r.status, 400);
      assert.ok(r.body.fields.contact);
      assert.ok(r.body.fields.body);
      assert.equal((await a.patch(`/api/v1/conversations/nope`, { status: 'closed' })).status, 404);
      assert.equal((await a.post(`/api/v1/inboxes/nope/conversations`, { contact: { name: 'X' }, body: 'x' })).status, 404);
      const c = (await open({ email: 'gina@example.com' }, 'Hi')).body;
      const bad = await a.patch(`/api/v1/conversations/${c.id}`, { status: 'closed', assigneeId: 'not-a-user' });
      assert.equal(bad.status, 400);
      assert.equal((await a.get(`/api/v1/conversations/${c.id}`)).body.status, 'open', 'the valid half was not applied');
      const unknownField = await a.patch(`/api/v1/conversations/${c.id}`, { folder: 'trash' });
      assert.equal(unknownField.status, 400);
    });

    test('a redelivered external id makes no second message', async () => {
      const first = await a.post(`/api/v1/inboxes/${inboxId}/conversations`, {
        contact: { email: 'hank@example.com' },
        body: 'Once',
        externalId: 'ext-1',
      });
      const second = await a.post(`/api/v1/inboxes/${inboxId}/conversations`, {
        contact: { email: 'hank@example.com' },
        body: 'Once',
        externalId: 'ext-1',
      });
      assert.equal(second.body.id, first.body.id);
      const thread = (await a.get(`/api/v1/conversations/${first.body.id}/messages`)).body.items;
      assert.equal(thread.length, 1);
    });

    test('unread until read', async () => {
      const c = (await open({ email: 'ida@example.com' }, 'Read me')).body;
      assert.equal(c.unread, true);
      assert.equal((await a.post(`/api/v1/conversations/${c.id}/read`)).status, 204);
      assert.equal((await a.get(`/api/v1/conversations/${c.id}`)).body.unread, false);
      await a.post(`/api/v1/conversations/${c.id}/incoming`, { body: 'again' });
      assert.equal((await a.get(`/api/v1/conversations/${c.id}`)).body.unread, true);
    });

    test('agents closing, reopening and assigning at the same moment all succeed, and the counts stay true', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) ids.push((await open({ email: `busy${i}@example.com` }, `Busy ${i}`)).body.id);
      for (const id of ids.slice(0, 4)) await a.patch(`/api/v1/conversations/${id}`, { status: 'closed' });
      // Each round closes the open half and reopens the closed half at once: the two kinds of
      // change move conversations between the same counted rows in opposite directions.
      for (let round = 0; round < 6; round++) {
        const results = await Promise.all(
          ids.map((id, i) =>
            a.patch(`/api/v1/conversations/${id}`, {
              status: i < 4 === (round % 2 === 0) ? 'open' : 'closed',
              assigneeId: (i + round) % 3 === 0 ? meId : null,
            }),
          ),
        );
        assert.deepEqual(
          results.map((r) => r.status),
          ids.map(() => 200),
          JSON.stringify(results.find((r) => r.status !== 200)?.body),
        );
      }
    });

    test('counts stay true after many changes', async () => {
      const list = async (view: string) => {
        const out: any[] = [];
        let cursor: string | null = null;
        do {
          const r: any = await a.get(
            `/api/v1/conversations?inboxId=${inboxId}&view=${view}&limit=100${view === 'all' || view === 'mine' || view === 'unassigned' ? '&status=open' : ''}${cursor ? `&cursor=${cursor}` : ''}`,
          );
          out.push(...r.body.items);
          cursor = r.body.nextCursor;
        } while (cursor);
        return out.length;
      };
      const counts = (await a.get(`/api/v1/views?inboxId=${inboxId}`)).body;
      for (const v of ['all', 'mine', 'unassigned', 'filtered', 'spam', 'trash']) assert.equal(counts[v], await list(v), `view ${v}`);
    });
  });
}
