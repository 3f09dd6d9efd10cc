/**
 * The daily housekeeping: old events, finished jobs, expired sessions, API tokens, reset links and
 * address codes, and failed logins go; recent ones, waiting jobs and live credentials stay, and a stream resume from a trimmed event
 * is told to reload instead of silently missing events.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runHousekeeping } from '../../src/server/jobs/housekeeping.js';
import { REPLAY_LIMIT } from '../../src/server/realtime/stream.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { StreamClient } from '../support/stream.js';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

for (const engine of engines) {
  describe(`housekeeping on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer({ engine });
    });
    after(() => s?.close());

    test('the next daily run is queued once at start, for every process', async () => {
      const k = s.running.ctx.db.kysely;
      const jobs = await k.selectFrom('jobs').select(['run_at', 'status']).where('kind', '=', 'housekeeping').execute();
      assert.equal(jobs.length, 1);
      assert.equal(jobs[0]!.status, 'pending');
      assert.ok(jobs[0]!.run_at > new Date().toISOString(), jobs[0]!.run_at);
    });

    test('old rows go, recent ones stay; the newest events always stay for stream resumes', async () => {
      const k = s.running.ctx.db.kysely;
      const event = (createdAt: string) => ({
        type: 'housekeeping.test',
        inbox_id: null,
        conversation_id: null,
        internal: 0,
        payload: '{}',
        created_at: createdAt,
      });
      // Recent events below old ones (ids are not times): they stay because they are recent, not because they are newest.
      await k
        .insertInto('events')
        .values([event(ago(1)), event(ago(0))])
        .execute();
      const recent = async () =>
        Number(
          (
            await k
              .selectFrom('events')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('created_at', '>=', ago(2))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const recentBefore = await recent();
      // Old events: more than the replay limit, so some of them can go.
      const old = REPLAY_LIMIT + 50;
      for (let i = 0; i < old; i += 1000) {
        const n = Math.min(1000, old - i);
        await k
          .insertInto('events')
          .values(Array.from({ length: n }, () => event(ago(60))))
          .execute();
      }
      const firstOld = Number(
        (await k.selectFrom('events').select('id').where('created_at', '<', ago(30)).orderBy('id').limit(1).executeTakeFirstOrThrow()).id,
      );
      const eventsBefore = Number(
        (
          await k
            .selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

      const job = (id: string, status: 'done' | 'failed' | 'pending', runAt: string) => ({
        id,
        kind: 'housekeeping-test',
        payload: '{}',
        dedupe_key: null,
        status,
        attempts: 1,
        run_at: runAt,
        locked_until: null,
        last_error: null,
        created_at: runAt,
      });
      await k
        .insertInto('jobs')
        .values([
          job(`hk-done-old-${engine}`, 'done', ago(20)),
          job(`hk-failed-old-${engine}`, 'failed', ago(20)),
          job(`hk-done-new-${engine}`, 'done', ago(1)),
          job(`hk-waiting-${engine}`, 'pending', ago(20)),
        ])
        .execute();
      const admin = await k.selectFrom('users').select('id').where('email', '=', s.admin.email).executeTakeFirstOrThrow();
      await k
        .insertInto('sessions')
        .values([
          { id: `hk-expired-${engine}`, user_id: admin.id, created_at: ago(40), expires_at: ago(2) },
          { id: `hk-live-${engine}`, user_id: admin.id, created_at: ago(1), expires_at: new Date(Date.now() + DAY).toISOString() },
        ])
        .execute();
      const future = new Date(Date.now() + DAY).toISOString();
      const token = (id: string, expiresAt: string | null) => ({
        id,
        user_id: admin.id,
        name: id,
        token_hash: `hash-${id}`,
        created_at: ago(40),
        last_used_at: null,
        expires_at: expiresAt,
        scope: 'read' as const,
      });
      await k
        .insertInto('api_tokens')
        .values([
          token(`hk-tok-expired-${engine}`, ago(2)),
          token(`hk-tok-live-${engine}`, future),
          token(`hk-tok-forever-${engine}`, null),
        ])
        .execute();
      const reset = (id: string, expiresAt: string, usedAt: string | null) => ({
        id,
        user_id: admin.id,
        created_by: null,
        created_at: ago(3),
        expires_at: expiresAt,
        used_at: usedAt,
      });
      await k
        .insertInto('password_resets')
        .values([
          reset(`hk-reset-expired-${engine}`, ago(2), null),
          reset(`hk-reset-used-${engine}`, future, ago(2)),
          reset(`hk-reset-live-${engine}`, future, null),
        ])
        .execute();
      const channel = await k.selectFrom('channels').select('id').where('kind', '=', 'email').executeTakeFirstOrThrow();
      const code = (id: string, verifiedAt: string | null) => ({
        id,
        channel_id: channel.id,
        address: `${id}@example.com`,
        code_hash: 'x',
        expires_at: ago(2),
        attempts: 0,
        verified_at: verifiedAt,
        created_at: ago(3),
      });
      await k
        .insertInto('email_address_verifications')
        .values([code(`hk-code-expired-${engine}`, null), code(`hk-code-proved-${engine}`, ago(2))])
        .execute();
      await k
        .insertInto('login_attempts')
        .values([
          { email: `old@example.com\n10.0.0.1`, at: ago(3) },
          { email: `new@example.com\n10.0.0.1`, at: new Date().toISOString() },
        ])
        .execute();

      const trimmed = await runHousekeeping(s.running.ctx);

      const events = Number(
        (
          await k
            .selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      // The recent ones were written before the old ones (lower ids): they stay besides the newest REPLAY_LIMIT + 1.
      assert.equal(events, REPLAY_LIMIT + 1 + recentBefore, 'the newest events past the replay limit stay, however old');
      assert.equal(trimmed.events, eventsBefore - events);
      assert.equal(await recent(), recentBefore, 'recent events stay');
      assert.equal(
        await k.selectFrom('events').select('id').where('id', '=', firstOld).executeTakeFirst(),
        undefined,
        'the oldest event went',
      );

      const jobs = (await k.selectFrom('jobs').select('id').where('kind', '=', 'housekeeping-test').execute()).map((j) => j.id).sort();
      assert.deepEqual(jobs, [`hk-done-new-${engine}`, `hk-waiting-${engine}`].sort(), 'finished old jobs went; a waiting one stays');
      const sessions = (await k.selectFrom('sessions').select('id').where('id', 'like', 'hk-%').execute()).map((r) => r.id);
      assert.deepEqual(sessions, [`hk-live-${engine}`]);
      assert.equal((await s.adminClient.get('/api/v1/me')).status, 200, 'signed-in users stay signed in');
      const ids = async (table: 'api_tokens' | 'password_resets' | 'email_address_verifications') =>
        (await k.selectFrom(table).select('id').where('id', 'like', 'hk-%').execute()).map((r) => r.id).sort();
      assert.deepEqual(await ids('api_tokens'), [`hk-tok-forever-${engine}`, `hk-tok-live-${engine}`], 'expired API tokens went');
      assert.deepEqual(await ids('password_resets'), [`hk-reset-live-${engine}`], 'used and expired reset links went');
      assert.deepEqual(await ids('email_address_verifications'), [`hk-code-proved-${engine}`], 'a code that proved its address stays');
      assert.ok(trimmed.credentials >= 3, `${trimmed.credentials} credentials trimmed`);
      const attempts = (
        await k.selectFrom('login_attempts').select('email').where('email', 'like', '%@example.com\n10.0.0.1').execute()
      ).map((r) => r.email);
      assert.deepEqual(attempts, ['new@example.com\n10.0.0.1']);

      // A client last seen at a trimmed event resumes with `reset` (reload), not a silent gap.
      const stream = await StreamClient.connect(s.url, { cookie: s.adminClient.cookie }, firstOld);
      try {
        assert.ok(stream.messages.some((m) => m.type === 'reset'));
      } finally {
        stream.close();
      }
    });
  });
}
