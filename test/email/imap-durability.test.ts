/**
 * The IMAP poller under SIGKILL: the server process is killed at random moments while it
 * imports a Dovecot mailbox (and new mail keeps arriving there), and restarted. In the end
 * every message of the mailbox is stored exactly once: the position only advances after commit.
 */
import assert from 'node:assert/strict';
import { type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Database } from '../../src/server/db/database.js';
import { engineSuite, isolatedStorage, PG_URL, type Engine } from '../support/engines.js';
import { Client } from '../support/server.js';
import { dovecotMissing, startDovecot, type Dovecot } from './support/dovecot.js';
import { childEnv, startChild } from './support/child.js';

const missing = dovecotMissing();

const raw = (i: number) =>
  [
    `From: <imap${i % 20}@example.org>`,
    'To: <team@example.com>',
    `Subject: Polled ${i}`,
    `Message-ID: <polled-${i}@example.org>`,
    '',
    `Message ${i}`,
    '',
  ].join('\r\n');

for (const engine of ['sqlite', 'postgres'] as Engine[]) {
  describe(`IMAP poller under SIGKILL on ${engine}`, { ...(await engineSuite(engine)), ...(missing ? { skip: missing } : {}) }, () => {
    let dove: Dovecot;
    let child: ChildProcess | null = null;
    let storage: Awaited<ReturnType<typeof isolatedStorage>>;
    after(async () => {
      child?.kill('SIGKILL');
      await storage?.drop();
      await dove?.stop();
    });

    test('every message in the mailbox is stored exactly once', { timeout: 180_000 }, async () => {
      const FIRST = 300;
      const LATER = 100;
      dove = await startDovecot({ team: 'team-pass' });
      const imap = await dove.connect('team');
      for (let i = 0; i < FIRST; i++) await imap.append('INBOX', raw(i));
      storage = await isolatedStorage(engine);
      const env = childEnv(storage, { SMTP_PORT: 'off', IMAP_POLL_SECONDS: '1', ALLOW_PRIVATE_MAIL_HOSTS: '1' });
      let started = await startChild(env);
      child = started.child;
      const api = new Client(started.url);
      assert.equal((await api.post('/api/v1/auth/login', { email: 'admin@example.com', password: 'admin-password-1' })).status, 200);
      const inboxId = (await api.get('/api/v1/inboxes')).body.items[0].id;
      const created = await api.post(`/api/v1/inboxes/${inboxId}/mailboxes`, {
        name: 'Team',
        address: 'team@example.com',
        imap: { host: '127.0.0.1', port: dove.port, secure: false, user: 'team', password: 'team-pass' },
        smtp: { host: '127.0.0.1', port: 1, secure: false },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));

      const db = new Database(
        storage.databaseUrl ? { url: PG_URL, schema: storage.schema } : { sqlitePath: path.join(storage.dataDir, 'switchboard.db') },
      );
      const stored = async () => db.kysely.selectFrom('messages').select('external_id').where('kind', '=', 'incoming').execute();
      try {
        let appended = FIRST;
        for (let round = 0; round < 4; round++) {
          await new Promise((r) => setTimeout(r, 400 + Math.random() * 900));
          child.kill('SIGKILL');
          await new Promise((r) => child!.once('exit', r));
          for (let i = 0; i < LATER / 4; i++) await imap.append('INBOX', raw(appended++));
          started = await startChild(env);
          child = started.child;
        }
        const total = FIRST + LATER;
        const end = Date.now() + 90_000;
        while ((await stored()).length < total && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
        await new Promise((r) => setTimeout(r, 1500));
        const rows = await stored();
        const counts = new Map<string, number>();
        for (const r of rows) counts.set(r.external_id!, (counts.get(r.external_id!) ?? 0) + 1);
        const lost = Array.from({ length: total }, (_, i) => `polled-${i}@example.org`).filter((id) => !counts.has(id));
        assert.deepEqual(lost, [], 'every message in the mailbox is stored');
        assert.deepEqual(
          [...counts].filter(([, n]) => n > 1),
          [],
          'none twice',
        );
        assert.equal(rows.length, total);
      } finally {
        await db.close();
        await imap.logout().catch(() => undefined);
      }
    });
  });
}
