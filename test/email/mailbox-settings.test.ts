/**
 * The mailbox screen's API against a real Dovecot: "Test connection" of settings not saved yet (success,
 * wrong password, missing folder, a private host refused; nothing stored) and of a saved mailbox with edits
 * (an empty password is the stored one); editing a saved mailbox's servers keeps its password and the poller follows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../src/server/domain/ids.js';
import { encodeChannelSettings } from '../../src/server/secrets.js';
import { engines, engineSuite, isolatedStorage } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { dovecotMissing, startDovecot, type Dovecot } from './support/dovecot.js';
import { mail, startCapture, waitFor } from './support/mail.js';

const missing = dovecotMissing();
const ok = { ok: true, error: null, errorKind: null };

for (const engine of engines) {
  describe(`mailbox settings on ${engine}`, { ...(await engineSuite(engine)), ...(missing ? { skip: missing } : {}) }, () => {
    let dove: Dovecot;
    let s: TestServer;
    let strict: TestServer;
    let storage: Awaited<ReturnType<typeof isolatedStorage>>;
    let strictStorage: Awaited<ReturnType<typeof isolatedStorage>>;
    let capture: Awaited<ReturnType<typeof startCapture>>;
    let inboxId: string;
    const imap = (o: Record<string, unknown> = {}) => ({
      host: '127.0.0.1',
      port: dove.port,
      secure: false,
      user: 'team',
      password: 'team-pass',
      folder: 'INBOX',
      ...o,
    });
    const smtp = () => ({ host: '127.0.0.1', port: capture.port, secure: false, user: 'team', password: 'team-pass' });
    const channels = async (server: TestServer) =>
      (await server.running.ctx.db.kysely.selectFrom('channels').select('id').execute()).map((c) => c.id).sort();

    before(async () => {
      dove = await startDovecot({ team: 'team-pass' });
      capture = await startCapture();
      storage = await isolatedStorage(engine);
      strictStorage = await isolatedStorage(engine);
      s = await startTestServer({ engine, storage, env: { IMAP_POLL_SECONDS: '2', ALLOW_PRIVATE_MAIL_HOSTS: '1' } });
      strict = await startTestServer({ engine, storage: strictStorage });
      inboxId = (await s.adminClient.get('/api/v1/inboxes')).body.items[0].id;
      const box = await dove.connect('team');
      await box.mailboxCreate('Support');
      await box.logout();
    });
    after(async () => {
      await s?.close();
      await strict?.close();
      await storage?.drop();
      await strictStorage?.drop();
      await capture?.close();
      await dove?.stop();
    });

    test('settings not saved yet: success, wrong password, missing folder; nothing is stored', async () => {
      const before = await channels(s);
      const logins = dove.logins('team');
      const url = `/api/v1/inboxes/${inboxId}/mailboxes/test-connection`;
      const good = await s.adminClient.post(url, { imap: imap(), smtp: smtp() });
      assert.equal(good.status, 200, JSON.stringify(good.body));
      assert.deepEqual(good.body, { imap: ok, smtp: ok });
      assert.equal(dove.logins('team'), logins + 1, 'the test logged in to the mailbox');

      const wrong = await s.adminClient.post(url, { imap: imap({ password: 'wrong' }), smtp: smtp() });
      assert.deepEqual(wrong.body, { imap: { ok: false, error: 'Login refused', errorKind: 'login' }, smtp: ok });
      const folder = await s.adminClient.post(url, { imap: imap({ folder: 'Nowhere' }), smtp: smtp() });
      assert.deepEqual(folder.body.imap, { ok: false, error: 'Folder not found', errorKind: 'folder' });
      const inbox = await s.adminClient.post(url, { imap: imap({ folder: 'Support' }), smtp: { ...smtp(), port: 1 } });
      assert.deepEqual(inbox.body, { imap: ok, smtp: { ok: false, error: 'Connection refused', errorKind: 'refused' } });

      assert.deepEqual(await channels(s), before, 'no channel was made');
      assert.equal((await s.running.ctx.db.kysely.selectFrom('imap_state').selectAll().execute()).length, 0, 'no poller state was written');
      const bad = await s.adminClient.post(url, { imap: { ...imap(), password: '' }, smtp: smtp() });
      assert.equal(bad.status, 400, 'a new mailbox needs its password');
    });

    test('the poller’s host rule applies: a private host is refused before any connection', async () => {
      const strictInbox = (await strict.adminClient.get('/api/v1/inboxes')).body.items[0].id;
      const logins = dove.logins('team');
      const r = await strict.adminClient.post(`/api/v1/inboxes/${strictInbox}/mailboxes/test-connection`, { imap: imap(), smtp: smtp() });
      assert.equal(r.status, 200);
      assert.equal(r.body.imap.errorKind, 'private');
      assert.equal(r.body.smtp.errorKind, 'private');
      assert.equal(dove.logins('team'), logins, 'Dovecot never saw a login');
    });

    test('a saved mailbox: tested with edits (empty password: the stored one), edited without retyping the password', async () => {
      const created = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/mailboxes`, {
        name: 'Team mailbox',
        address: 'team@example.com',
        imap: imap(),
        smtp: smtp(),
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.id;
      const channel = async () => (await s.adminClient.get(`/api/v1/channels/${id}`)).body;
      await waitFor('connected', async () => ['idle', 'connected'].includes((await channel()).email.imap.state), 60_000);

      const retest = `/api/v1/channels/${id}/test-connection`;
      assert.deepEqual((await s.adminClient.post(retest)).body, { imap: ok, smtp: ok }, 'the stored settings');
      const edited = { imap: imap({ folder: 'Support', password: '' }), smtp: { ...smtp(), password: '' } };
      assert.deepEqual((await s.adminClient.post(retest, edited)).body, { imap: ok, smtp: ok }, 'empty passwords are the stored ones');
      const wrong = await s.adminClient.post(retest, { ...edited, imap: imap({ password: 'wrong' }) });
      assert.equal(wrong.body.imap.errorKind, 'login');

      // Save the edit: another folder, the password kept; the poller reads the new folder.
      const patched = await s.adminClient.patch(`/api/v1/channels/${id}`, edited);
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      assert.equal(patched.body.settings.imap.folder, 'Support');
      assert.equal(patched.body.settings.imap.password, '********', 'the password is kept, never sent back');
      assert.deepEqual((await s.adminClient.post(retest)).body, { imap: ok, smtp: ok }, 'the kept password still logs in');
      const box = await dove.connect('team');
      await box.append('Support', mail({ to: 'team@example.com', from: 'ivy@example.org', subject: 'Into Support' }));
      await box.logout();
      await waitFor(
        'the mail from the new folder',
        async () =>
          (await s.adminClient.get(`/api/v1/conversations?inboxId=${inboxId}`)).body.items.some((c: any) => c.subject === 'Into Support'),
        60_000,
      );
      assert.equal((await channel()).email.imap.lastError, null);
      const connected = (await channel()).email.imap.state;
      const same = await s.adminClient.patch(`/api/v1/channels/${id}`, edited);
      assert.equal(same.body.email.imap.state, connected, 'saving the same settings again leaves the connection be');

      // A wrong password saved shows as the channel's error, by class.
      await s.adminClient.patch(`/api/v1/channels/${id}`, { imap: imap({ folder: 'Support', password: 'wrong' }) });
      const failed = await waitFor('error state', async () => {
        const c = await channel();
        return c.email.imap.state === 'error' ? c : null;
      });
      assert.equal(failed.email.imap.lastErrorKind, 'login');
    });

    test('server settings belong to a connected mailbox only; a private host is refused on save', async () => {
      const fallback = (await s.adminClient.get(`/api/v1/inboxes/${inboxId}/channels`)).body.items.find(
        (c: any) => c.kind === 'email' && !c.settings.imap,
      );
      const r = await s.adminClient.patch(`/api/v1/channels/${fallback.id}`, { imap: imap(), smtp: smtp() });
      assert.equal(r.status, 409);
      assert.equal(r.body.reason, 'mailbox_only');
      const t = await s.adminClient.post(`/api/v1/channels/${fallback.id}/test-connection`, { imap: imap() });
      assert.equal(t.status, 409);
      // A mailbox stored before the rule (or whose name resolved elsewhere then): an edit to a private host is refused.
      const strictInbox = (await strict.adminClient.get('/api/v1/inboxes')).body.items[0].id;
      const id = newId();
      await strict.running.ctx.db.kysely
        .insertInto('channels')
        .values({
          id,
          inbox_id: strictInbox,
          kind: 'email',
          name: 'Old',
          status: 'on',
          address: 'old@example.com',
          settings: encodeChannelSettings(strict.running.ctx.secrets, { imap: { ...imap(), host: 'mail.example.com' }, smtp: smtp() }),
          created_at: new Date().toISOString(),
        })
        .execute();
      const before = (await strict.adminClient.get(`/api/v1/channels/${id}`)).body.settings.imap.host;
      const moved = await strict.adminClient.patch(`/api/v1/channels/${id}`, { imap: imap() });
      assert.equal(moved.status, 400);
      assert.equal(moved.body.fieldErrors['imap.host'].code, 'private_host');
      assert.equal((await strict.adminClient.get(`/api/v1/channels/${id}`)).body.settings.imap.host, before, 'nothing changed');
    });
  });
}
