/**
 * One process at a time polls an IMAP mailbox. Two real server processes on one PostgreSQL schema
 * and a real Dovecot: only the lease holder logs in (Dovecot's login count), mail arrives exactly
 * once; the holder killed with SIGKILL, the other takes the lease after it expires and later mail
 * still arrives; a clean stop hands the lease back. The lease itself on both engines, and a lone
 * SQLite process that just polls.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ImapFlow } from 'imapflow';
import { Database } from '../../src/server/db/database.js';
import { leaseOf, releaseLease, takeLease, takeOverLease } from '../../src/server/db/leases.js';
import { LEASE_MS } from '../../src/server/channels/email/imap.js';
import { engines, engineSuite, isolatedStorage, missing, PG_URL } from '../support/engines.js';
import { Client, startTestServer, type TestServer } from '../support/server.js';
import { dovecotMissing, startDovecot, type Dovecot } from './support/dovecot.js';
import { waitFor } from './support/mail.js';
import { childEnv, startChild, type Child } from './support/child.js';

const noDovecot = dovecotMissing();

const raw = (i: number) =>
  [
    `From: <lease${i % 7}@example.org>`,
    'To: <team@example.com>',
    `Subject: Leased ${i}`,
    `Message-ID: <leased-${i}@example.org>`,
    '',
    `Message ${i}`,
    '',
  ].join('\r\n');

/** Counts each Message-ID stored for the channel. */
async function stored(db: Database, channelId: string): Promise<Map<string, number>> {
  const rows = await db.kysely
    .selectFrom('messages')
    .select('external_id')
    .where('channel_id', '=', channelId)
    .where('kind', '=', 'incoming')
    .execute();
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.external_id!, (counts.get(r.external_id!) ?? 0) + 1);
  return counts;
}

function assertExactlyOnce(counts: Map<string, number>, n: number) {
  const lost = Array.from({ length: n }, (_, i) => `leased-${i}@example.org`).filter((id) => !counts.has(id));
  assert.deepEqual(lost, [], 'every message is stored');
  assert.deepEqual(
    [...counts].filter(([, c]) => c > 1),
    [],
    'none twice',
  );
  assert.equal(counts.size, n);
}

const holderPid = (holder: string | undefined) => Number(holder?.split('/')[1]);

for (const engine of engines) {
  describe(`channel leases on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer({ engine, env: { SMTP_PORT: 'off' } });
    });
    after(() => s?.close());

    test('one holder at a time; the holder renews; another takes it only once it expired or was released', async () => {
      const db = s.running.ctx.db;
      const channelId = (await db.kysely.selectFrom('channels').select('id').executeTakeFirstOrThrow()).id;
      const t0 = new Date('2030-01-01T00:00:00.000Z');
      const at = (ms: number) => new Date(t0.getTime() + ms);
      assert.equal(await takeLease(db, channelId, 'a', 30_000, t0), true);
      assert.equal(await takeLease(db, channelId, 'b', 30_000, at(1_000)), false, 'held by a');
      assert.equal(await takeLease(db, channelId, 'a', 30_000, at(10_000)), true, 'a renews');
      assert.equal((await leaseOf(db, channelId))?.expiresAt, at(40_000).toISOString());
      assert.equal(await takeLease(db, channelId, 'b', 30_000, at(35_000)), false, 'the renewal counts');
      assert.equal(await takeLease(db, channelId, 'b', 30_000, at(40_001)), true, 'expired: b takes it');
      assert.equal(await takeLease(db, channelId, 'a', 30_000, at(41_000)), false, 'a lost it');
      assert.equal((await leaseOf(db, channelId))?.holder, 'b');
      await releaseLease(db, channelId, 'a');
      assert.equal((await leaseOf(db, channelId))?.holder, 'b', 'only the holder releases');
      await releaseLease(db, channelId, 'b');
      assert.equal(await leaseOf(db, channelId), null);
      assert.equal(await takeLease(db, channelId, 'a', 30_000, at(42_000)), true, 'released: free at once');
      assert.equal(await takeOverLease(db, channelId, 'b', 'c', 30_000, at(43_000)), false, 'taking over only from the holder named');
      assert.equal(await takeOverLease(db, channelId, 'a', 'c', 30_000, at(43_000)), true, 'a (dead) is replaced before its lease ends');
      assert.equal((await leaseOf(db, channelId))?.holder, 'c');
      await releaseLease(db, channelId, 'c');
    });

    test('racing for a free lease: exactly one wins', async () => {
      const db = s.running.ctx.db;
      const channelId = (await db.kysely.selectFrom('channels').select('id').executeTakeFirstOrThrow()).id;
      const now = new Date();
      const won = await Promise.all(Array.from({ length: 8 }, (_, i) => takeLease(db, channelId, `racer-${i}`, 30_000, now)));
      assert.equal(won.filter(Boolean).length, 1);
      await releaseLease(db, channelId, (await leaseOf(db, channelId))!.holder);
    });
  });
}

describe('a lone SQLite process polls its mailbox under the lease', noDovecot ? { skip: noDovecot } : {}, () => {
  let dove: Dovecot;
  let s: TestServer;
  after(async () => {
    await s?.close();
    await dove?.stop();
  });

  test(
    'mail arrives; the process holds the lease; losing it stops polling until it expires; a clean stop releases it',
    { timeout: 120_000 },
    async () => {
      dove = await startDovecot({ team: 'team-pass' });
      const imap = await dove.connect('team');
      for (let i = 0; i < 3; i++) await imap.append('INBOX', raw(i));
      const storage = await isolatedStorage('sqlite');
      s = await startTestServer({
        engine: 'sqlite',
        storage,
        env: { SMTP_PORT: 'off', IMAP_POLL_SECONDS: '1', ALLOW_PRIVATE_MAIL_HOSTS: '1' },
      });
      const inboxId = (await s.adminClient.get('/api/v1/inboxes')).body.items[0].id;
      const r = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/mailboxes`, {
        name: 'Team',
        address: 'team@example.com',
        imap: { host: '127.0.0.1', port: dove.port, secure: false, user: 'team', password: 'team-pass' },
        smtp: { host: '127.0.0.1', port: 1, secure: false },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const db = s.running.ctx.db;
      await waitFor('3 messages', async () => (await stored(db, r.body.id)).size === 3, 20_000);
      assertExactlyOnce(await stored(db, r.body.id), 3);
      assert.equal(holderPid((await leaseOf(db, r.body.id))?.holder), process.pid);
      await waitFor('the login logged', () => dove.logins('team') >= 2, 5_000).catch(() => null);
      assert.equal(dove.logins('team'), 2);

      // A process on another machine takes the lease (as if ours had stalled past its expiry): ours stops
      // polling at its next renewal and takes the lease back only once the other's has expired.
      const mine = (await leaseOf(db, r.body.id))!.holder;
      const until = new Date(Date.now() + 12_000).toISOString();
      await db.kysely
        .updateTable('leases')
        .set({ holder: 'elsewhere.example/1/x', expires_at: until })
        .where('name', '=', r.body.id)
        .execute();
      await imap.append('INBOX', raw(3));
      await waitFor('our lease back', async () => (await leaseOf(db, r.body.id))?.holder === mine, 40_000);
      assert.ok(new Date().toISOString() >= until, 'not before the other lease expired');
      await waitFor('4 messages', async () => (await stored(db, r.body.id)).size === 4, 20_000);
      assertExactlyOnce(await stored(db, r.body.id), 4);
      await waitFor('a new login', () => dove.logins('team') >= 3, 5_000).catch(() => null);
      assert.equal(dove.logins('team'), 3, 'one new login after taking the lease back');
      await imap.logout();
      await s.close();
      s = undefined as unknown as TestServer;
      const again = new Database({ sqlitePath: path.join(storage.dataDir, 'switchboard.db') });
      try {
        assert.equal(await leaseOf(again, r.body.id), null, 'released on a clean stop');
      } finally {
        await again.close();
        await storage.drop();
      }
    },
  );
});

const skipMulti = noDovecot ?? (await missing('postgres'));

describe('two server processes on PostgreSQL share an IMAP mailbox', skipMulti ? { skip: skipMulti } : {}, () => {
  let dove: Dovecot;
  let storage: Awaited<ReturnType<typeof isolatedStorage>>;
  const children: Child[] = [];
  let db: Database;
  let imap: ImapFlow;
  after(async () => {
    for (const c of children) c.child.kill('SIGKILL');
    await imap?.logout().catch(() => undefined);
    await db?.close();
    await storage?.drop();
    await dove?.stop();
  });

  test('only the holder polls; SIGKILL the holder and the other takes over; every message once', { timeout: 240_000 }, async () => {
    dove = await startDovecot({ team: 'team-pass' });
    imap = await dove.connect('team');
    let n = 0;
    const append = async (k: number) => {
      for (let i = 0; i < k; i++) await imap.append('INBOX', raw(n++));
    };
    await append(20);
    storage = await isolatedStorage('postgres');
    db = new Database({ url: PG_URL, schema: storage.schema });
    const env = childEnv(storage, { SMTP_PORT: 'off', IMAP_POLL_SECONDS: '2', ALLOW_PRIVATE_MAIL_HOSTS: '1' });
    const a = await startChild(env);
    children.push(a);
    const api = new Client(a.url);
    assert.equal((await api.post('/api/v1/auth/login', { email: 'admin@example.com', password: 'admin-password-1' })).status, 200);
    const inboxId = (await api.get('/api/v1/inboxes')).body.items[0].id;
    const created = await api.post(`/api/v1/inboxes/${inboxId}/mailboxes`, {
      name: 'Team',
      address: 'team@example.com',
      imap: { host: '127.0.0.1', port: dove.port, secure: false, user: 'team', password: 'team-pass' },
      smtp: { host: '127.0.0.1', port: 1, secure: false },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const channelId: string = created.body.id;
    await waitFor('the first 20', async () => (await stored(db, channelId)).size === 20, 30_000);
    assert.equal(holderPid((await leaseOf(db, channelId))?.holder), a.child.pid, 'the first process holds the lease');

    const b = await startChild(env);
    children.push(b);
    // Give the second process time to see the mailbox and try for it: the holder renews meanwhile.
    const before = (await leaseOf(db, channelId))!.expiresAt;
    await waitFor('a renewal', async () => (await leaseOf(db, channelId))!.expiresAt > before, LEASE_MS);
    await append(10);
    await waitFor('30 messages', async () => (await stored(db, channelId)).size === 30, 30_000);
    assertExactlyOnce(await stored(db, channelId), 30);
    assert.equal(holderPid((await leaseOf(db, channelId))?.holder), a.child.pid, 'still the first process');
    assert.equal(dove.logins('team'), 2, 'one login by this test, one by the holder: the other process never connected');

    a.child.kill('SIGKILL');
    await a.exited;
    await append(10);
    await waitFor(
      'the second process holds the lease',
      async () => holderPid((await leaseOf(db, channelId))?.holder) === b.child.pid,
      LEASE_MS + 15_000,
    );
    await waitFor('40 messages', async () => (await stored(db, channelId)).size === 40, 30_000);
    assertExactlyOnce(await stored(db, channelId), 40);
    await waitFor('a new login', () => dove.logins('team') >= 3, 5_000).catch(() => null);
    assert.equal(dove.logins('team'), 3, 'the second process logged in once it held the lease');
    const bApi = new Client(b.url);
    await bApi.post('/api/v1/auth/login', { email: 'admin@example.com', password: 'admin-password-1' });
    const state = await waitFor('idle', async () => {
      const c = (await bApi.get(`/api/v1/channels/${channelId}`)).body;
      return c.email.imap.state === 'idle' ? c : null;
    });
    assert.equal(state.email.imap.lastUid, 40);

    b.child.kill('SIGTERM');
    await b.exited;
    assert.equal(await leaseOf(db, channelId), null, 'a clean stop hands the lease back');
  });
});
