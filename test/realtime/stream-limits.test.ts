/**
 * The agent stream's limits: frames sent before `ready` are handled, not dropped; a user holds
 * at most MAX_SOCKETS_PER_USER sockets (one more is closed with 4029); a resume that missed more
 * than REPLAY_LIMIT events is told to reload (`reset`) instead of being replayed; a bad `after`
 * is a 400 before the upgrade.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { MAX_SOCKETS_PER_USER, REPLAY_LIMIT } from '../../src/server/realtime/stream.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { StreamClient } from '../support/stream.js';

/** A raw stream socket: everything received, from the first byte, and how it closed. */
function rawStream(url: string, cookie: string, query = '') {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/stream${query}`, { headers: { origin: url, cookie } });
  const received: any[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  ws.on('message', (raw) => received.push(JSON.parse(String(raw))));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_q, res) => reject(new Error(`refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const until = async (pred: (m: any) => boolean, ms = 20_000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const hit = received.find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`timed out; received ${JSON.stringify(received).slice(-300)}`);
  };
  return { ws, received, closed, opened, until };
}

for (const engine of engines) {
  describe(`stream limits on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let inboxId: string;
    const convs: string[] = [];

    /** `n` events straight into the table (as commits would leave them); returns the last id. */
    const addEvents = async (n: number) => {
      const db = s.running.ctx.db.kysely;
      const at = new Date().toISOString();
      for (let i = 0; i < n; i += 500) {
        const rows = Array.from({ length: Math.min(500, n - i) }, () => ({
          type: 'conversation.updated',
          inbox_id: inboxId,
          conversation_id: null,
          internal: 0,
          payload: '{}',
          created_at: at,
        }));
        await db.insertInto('events').values(rows).execute();
      }
      const r = await db
        .selectFrom('events')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirstOrThrow();
      return Number(r.m);
    };

    before(async () => {
      s = await startTestServer({ engine });
      a = s.adminClient;
      inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      for (const n of [1, 2, 3])
        convs.push(
          (await a.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: `l${n}@example.com` }, body: `c${n}` })).body.id,
        );
    });
    after(() => s?.close());

    test('frames sent before ready are all answered, in order, after ready', { timeout: 60_000 }, async () => {
      // A replay to do first, so the frames surely arrive before `ready`.
      const last = await addEvents(2000);
      for (const query of [`?after=${last - 2000}`, '']) {
        const st = rawStream(s.url, a.cookie, query);
        await st.opened;
        const frames = [
          { type: 'presence', conversationId: convs[0], state: 'viewing' },
          { type: 'presence', conversationId: 'nope', state: 'viewing' },
          { type: 'presence', conversationId: convs[1], state: 'typing' },
          { type: 'ping' },
          { type: 'presence', conversationId: convs[2], state: 'viewing' },
        ];
        for (const f of frames) st.ws.send(JSON.stringify(f));
        await st.until((m) => m.type === 'presence' && m.conversationId === convs[2]);
        // In the order of first appearance (presence is also broadcast to every reader, this socket included).
        const kinds = [
          ...new Set(
            st.received
              .filter((m) => m.type !== 'event')
              .map((m) => (m.type === 'presence' ? `presence ${convs.indexOf(m.conversationId)}` : m.type)),
          ),
        ];
        assert.deepEqual(kinds, ['ready', 'presence 0', 'error', 'presence 1', 'presence 2'], query);
        st.ws.close();
        await st.closed;
        await new Promise((r) => setTimeout(r, 200));
      }
    });

    test(
      `a user holds at most ${MAX_SOCKETS_PER_USER} sockets; one more is closed with 4029 and the others keep working`,
      { timeout: 60_000 },
      async () => {
        // Two sessions of the same user count together; another user is not affected.
        const second = await s.login(s.admin.email, s.admin.password);
        await a.post('/api/v1/users', { email: 'other@example.com', name: 'Other', role: 'agent', password: 'other-password-1' });
        const other = await s.login('other@example.com', 'other-password-1');
        const open: StreamClient[] = [];
        for (let i = 0; i < MAX_SOCKETS_PER_USER; i++)
          open.push(await StreamClient.connect(s.url, { cookie: (i % 2 ? second : a).cookie }));
        for (const who of [a, second]) {
          const extra = rawStream(s.url, who.cookie);
          await extra.opened;
          const closed = await extra.closed;
          assert.equal(closed.code, 4029);
          assert.match(extra.received.find((m) => m.type === 'error')?.message ?? '', /at most 20/i);
        }
        const theirs = await StreamClient.connect(s.url, { cookie: other.cookie });
        const c = (await a.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: 'cap@example.com' }, body: 'still here' }))
          .body;
        await Promise.all([...open, theirs].map((st) => st.next((m) => m.conversationId === c.id)));
        // One closed: room for one more.
        open.shift()!.close();
        await new Promise((r) => setTimeout(r, 200));
        open.push(await StreamClient.connect(s.url, { cookie: a.cookie }));
        const full = rawStream(s.url, a.cookie);
        assert.equal((await full.closed).code, 4029);
        // All closed, and the server has seen it: the next test starts with none open.
        await Promise.all([...open, theirs].map((st) => new Promise((r) => (st.ws.once('close', r), st.close()))));
        await new Promise((r) => setTimeout(r, 300));
      },
    );

    test(`a resume missing more than ${REPLAY_LIMIT} events is told to reload instead of replayed`, { timeout: 120_000 }, async () => {
      const start = await addEvents(1);
      const last = await addEvents(REPLAY_LIMIT + 1);
      // Exactly the limit missed: replayed. One more: reset, nothing replayed, then ready and live events.
      for (const [from, reset] of [
        [last - REPLAY_LIMIT, false],
        [start, true],
        [0, true],
      ] as const) {
        const st = rawStream(s.url, a.cookie, `?after=${from}`);
        const ready = await st.until((m) => m.type === 'ready', 60_000);
        const events = st.received.filter((m) => m.type === 'event');
        if (reset) {
          assert.equal(st.received[0].type, 'reset', `after=${from}`);
          assert.equal(st.received[0].limit, REPLAY_LIMIT);
          assert.equal(events.length, 0);
        } else {
          assert.ok(!st.received.some((m) => m.type === 'reset'));
          assert.equal(events.length, REPLAY_LIMIT);
        }
        assert.ok(ready.lastEventId >= last);
        const c = (await a.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: 'live@example.com' }, body: 'live' })).body;
        await st.until((m) => m.type === 'event' && m.conversationId === c.id);
        st.ws.close();
        await st.closed;
      }
    });

    test('a bad `after` is refused before the upgrade with 400', { timeout: 60_000 }, async () => {
      for (const bad of ['abc', '-1', '1.5', '1e400', '%00', 'NaN', '1,2', '[]']) {
        const st = rawStream(s.url, a.cookie, `?after=${bad}`);
        await assert.rejects(st.opened, /refused: 400/, bad);
      }
      const res = await fetch(`${s.url}/api/v1/stream?after=a%00b`, { headers: { cookie: a.cookie, origin: s.url } });
      assert.ok(res.status < 500);
    });
  });
}
