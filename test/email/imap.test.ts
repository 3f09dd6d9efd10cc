/** The IMAP poller against a real Dovecot: fetch, advance after commit, IDLE, restart without re-import, UIDVALIDITY change, errors shown; replies through the mailbox's SMTP. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ImapFlow } from 'imapflow';
import { engines, engineSuite, isolatedStorage } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { dovecotMissing, startDovecot, type Dovecot } from './support/dovecot.js';
import { mail, startCapture, waitFor } from './support/mail.js';

const missing = dovecotMissing();

for (const engine of engines) {
  describe(`IMAP poller on ${engine}`, { ...(await engineSuite(engine)), ...(missing ? { skip: missing } : {}) }, () => {
    let dove: Dovecot;
    let s: TestServer;
    let storage: Awaited<ReturnType<typeof isolatedStorage>>;
    let capture: Awaited<ReturnType<typeof startCapture>>;
    let imap: ImapFlow;
    let channelId: string;
    let inboxId: string;
    const env = () => ({ IMAP_POLL_SECONDS: '2', ALLOW_PRIVATE_MAIL_HOSTS: '1' });
    const count = async () =>
      Number(
        (
          await s.running.ctx.db.kysely
            .selectFrom('messages')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('channel_id', '=', channelId)
            .where('kind', '=', 'incoming')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const channel = async () => (await s.adminClient.get(`/api/v1/channels/${channelId}`)).body;
    const append = (raw: string | Buffer) => imap.append('Support', raw);

    before(async () => {
      dove = await startDovecot({ team: 'team-pass' });
      capture = await startCapture();
      storage = await isolatedStorage(engine);
      s = await startTestServer({ engine, storage, env: env() });
      inboxId = (await s.adminClient.get('/api/v1/inboxes')).body.items[0].id;
      imap = await dove.connect('team');
      await imap.mailboxCreate('Support');
    });
    after(async () => {
      await imap?.logout().catch(() => undefined);
      await s?.close();
      await storage?.drop();
      await capture?.close();
      await dove?.stop();
    });

    test('existing mail is fetched once connected; state and last UID shown', async () => {
      await append(mail({ to: 'team@example.com', from: 'ivy@example.org', subject: 'Via IMAP 1' }));
      await append(mail({ to: 'team@example.com', from: 'ivy@example.org', subject: 'Via IMAP 2', messageId: null }));
      await append('this is not\r\nan email at all \u0000\r\n');
      const r = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/mailboxes`, {
        name: 'Team mailbox',
        address: 'team@example.com',
        imap: { host: '127.0.0.1', port: dove.port, secure: false, user: 'team', password: 'team-pass', folder: 'Support' },
        smtp: { host: '127.0.0.1', port: capture.port, secure: false },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.settings.imap.password, '********', 'the password is never sent back');
      channelId = r.body.id;
      await waitFor('3 messages', async () => (await count()) === 3, 20_000);
      const c = await waitFor('idle state', async () => ((await channel()).email.imap.state === 'idle' ? channel() : null));
      assert.equal(c.email.imap.lastUid, 3);
      assert.equal(c.email.imap.lastError, null);
    });

    test('new mail arrives through IDLE; a restart does not import again', async () => {
      await append(mail({ to: 'team@example.com', from: 'ivy@example.org', subject: 'Via IMAP 4' }));
      await waitFor('4 messages', async () => (await count()) === 4);
      await s.close();
      s = await startTestServer({ engine, storage, env: env() });
      await waitFor('idle after restart', async () => (await channel()).email.imap.state === 'idle', 20_000);
      assert.equal(await count(), 4);
      await append(mail({ to: 'team@example.com', from: 'ivy@example.org', subject: 'Via IMAP 5' }));
      await waitFor('5 messages', async () => (await count()) === 5);
    });

    test('a new UIDVALIDITY re-reads the folder; dedupe keeps one copy of each', async () => {
      const all: Buffer[] = [];
      await imap.mailboxOpen('Support');
      for await (const m of imap.fetch('1:*', { source: true }, { uid: true })) if (m.source) all.push(m.source);
      await imap.mailboxClose();
      await imap.mailboxDelete('Support');
      await imap.mailboxCreate('Support');
      for (const raw of all) await append(raw);
      await append(mail({ to: 'team@example.com', from: 'ivy@example.org', subject: 'Via IMAP 6' }));
      await waitFor('6 messages', async () => (await count()) >= 6, 20_000).catch(async (e) => {
        throw new Error(`${e.message}: ${await count()} stored; channel ${JSON.stringify((await channel()).email)}`);
      });
      await new Promise((r) => setTimeout(r, 1000));
      const rows = await s.running.ctx.db.kysely
        .selectFrom('messages')
        .select(['external_id', 'text'])
        .where('channel_id', '=', channelId)
        .execute();
      assert.equal(rows.length, 6, JSON.stringify(rows.map((r) => [r.external_id, r.text.slice(0, 60)])));
    });

    test("a reply goes out through the mailbox's own SMTP server, from its address", async () => {
      const conv = (await s.adminClient.get(`/api/v1/conversations?inboxId=${inboxId}`)).body.items.find(
        (c: any) => c.subject === 'Via IMAP 5',
      );
      await s.adminClient.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'Got it' });
      const got = await waitFor('reply', () => capture.messages.find((m) => m.parsed.subject === 'Re: Via IMAP 5'));
      assert.equal(got.parsed.from?.value[0]?.address, 'team@example.com');
      assert.equal(got.parsed.replyTo, undefined);
    });

    test('a wrong password shows as an error on the channel, and the poller keeps trying', async () => {
      const r = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/mailboxes`, {
        name: 'Broken',
        address: 'broken@example.com',
        imap: { host: '127.0.0.1', port: dove.port, secure: false, user: 'team', password: 'wrong', folder: 'Support' },
        smtp: { host: '127.0.0.1', port: capture.port, secure: false },
      });
      const c = await waitFor('error state', async () => {
        const x = (await s.adminClient.get(`/api/v1/channels/${r.body.id}`)).body;
        return x.email.imap.state === 'error' ? x : null;
      });
      assert.ok(c.email.imap.lastError);
      assert.ok(c.email.imap.lastErrorAt);
    });
  });
}
