/**
 * Secrets at rest: mailbox passwords and chat secrets are encrypted in the database, the app keeps
 * working across restarts with the same key (IMAP poll, SMTP send with its password, widget tokens
 * and identity hashes), plain text from older versions is encrypted at start, and a process with
 * another key stops at once, saying which setting to fix.
 */
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ImapFlow } from 'imapflow';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../../src/server/config.js';
import { encodeJson } from '../../src/server/db/json.js';
import { KEY_FILE } from '../../src/server/secrets.js';
import { engines, engineSuite, isolatedStorage } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { VisitorClient } from '../chat/support/visitor.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../email/support/dovecot.js';
import { mail, waitFor } from '../email/support/mail.js';

const missing = dovecotMissing();

/** The key with its first character changed: the first of 43 base64url characters carries six whole bits
 * of the key (the last one only four, so changing it can decode to the same key). */
function oneCharacterOff(key: string): string {
  return `${key[0] === 'A' ? 'B' : 'A'}${key.slice(1)}`;
}

/** An SMTP server that accepts one password only and records what it receives. */
async function passwordSmtp(password: string) {
  const got: { user: string; password: string }[] = [];
  const messages: string[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth: (a, _s, cb) => (
      got.push({ user: a.username ?? '', password: a.password ?? '' }),
      a.password === password ? cb(null, { user: a.username }) : cb(new Error('bad password'))
    ),
    onData: (stream, _s, cb) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => (messages.push(Buffer.concat(chunks).toString()), cb()));
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.server.address() as net.AddressInfo).port,
    got,
    messages,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// Checked before any suite runs: a busy event loop must not make PostgreSQL look unreachable.
const suites = { sqlite: await engineSuite('sqlite'), postgres: await engineSuite('postgres') };

for (const engine of engines) {
  describe(`secrets at rest on ${engine}`, { ...suites[engine], ...(missing ? { skip: missing } : {}) }, () => {
    const imapPass = `imap-${randomBytes(6).toString('hex')}`;
    const smtpPass = `smtp-${randomBytes(6).toString('hex')}`;
    const env = { ALLOW_PRIVATE_MAIL_HOSTS: '1', IMAP_POLL_SECONDS: '1', SMTP_PORT: 'off' };
    let storage: Awaited<ReturnType<typeof isolatedStorage>>;
    let dove: Dovecot;
    let smtp: Awaited<ReturnType<typeof passwordSmtp>>;
    let imap: ImapFlow;
    let s: TestServer;
    let mailboxId: string;
    let chat: { id: string; identitySecret: string };
    let token: string;

    const rawSettings = async () =>
      (await s.running.ctx.db.kysely.selectFrom('channels').select(['id', 'settings']).execute()).map((r) => r.settings).join('\n');
    const assertSealed = async () => {
      const raw = await rawSettings();
      for (const secret of [imapPass, smtpPass, chat.identitySecret]) assert.ok(!raw.includes(secret), 'no secret is stored in plain text');
      assert.ok((raw.match(/"enc:v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+"/g) ?? []).length >= 3, 'the three secrets are stored encrypted');
    };
    const incoming = async () =>
      Number(
        (
          await s.running.ctx.db.kysely
            .selectFrom('messages')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('channel_id', '=', mailboxId)
            .where('kind', '=', 'incoming')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const deliver = async (subject: string, n: number) => {
      await imap.append('INBOX', mail({ to: 'team@example.com', from: 'ada@example.org', subject }));
      await waitFor(`${n} messages over IMAP`, async () => (await incoming()) >= n, 30_000);
    };
    const restart = async (extra: Record<string, string> = {}) => {
      await s.close();
      s = await startTestServer({ engine, storage, env: { ...env, ...extra } });
    };
    const hash = (userId: string) => createHmac('sha256', chat.identitySecret).update(userId).digest('hex');

    before(async () => {
      dove = await startDovecot({ team: imapPass });
      smtp = await passwordSmtp(smtpPass);
      storage = await isolatedStorage(engine);
      s = await startTestServer({ engine, storage, env });
      imap = await dove.connect('team', imapPass);
      const inboxId = (await s.adminClient.get('/api/v1/inboxes')).body.items[0].id;
      const m = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/mailboxes`, {
        name: 'Team',
        address: 'team@example.com',
        imap: { host: '127.0.0.1', port: dove.port, secure: false, user: 'team', password: imapPass },
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, user: 'team', password: smtpPass },
      });
      assert.equal(m.status, 201, JSON.stringify(m.body));
      mailboxId = m.body.id;
      const c = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/channels`, {
        kind: 'chat',
        name: 'Site',
        settings: { identityVerification: true },
      });
      assert.equal(c.status, 201, JSON.stringify(c.body));
      chat = c.body;
    });
    after(async () => {
      await imap?.logout().catch(() => undefined);
      await s?.close().catch(() => undefined);
      await storage?.drop();
      await smtp?.close();
      await dove?.stop();
    });

    test('passwords and chat secrets are stored encrypted; after a restart with the same key mail, replies and widget tokens still work', async () => {
      await assertSealed();
      await deliver('Before restart', 1);
      const hello = await VisitorClient.hello(s.url, chat.id, { userId: 'user-7', hash: hash('user-7') });
      assert.equal(hello.welcome.type, 'welcome', JSON.stringify(hello.welcome));
      token = hello.welcome.token;
      await hello.v.say('c000000001', 'hello before restart');
      hello.v.close();

      await restart();
      await assertSealed();
      await deliver('After restart', 2);
      const conv = (
        await s.adminClient.get(`/api/v1/conversations?inboxId=${(await s.adminClient.get('/api/v1/inboxes')).body.items[0].id}`)
      ).body.items.find((c: any) => c.subject === 'After restart');
      assert.ok(conv, 'the conversation came in over IMAP after the restart');
      await s.adminClient.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'Answer after restart' });
      await waitFor('the reply over SMTP', () => smtp.messages.some((m) => m.includes('Answer after restart')), 30_000);
      assert.ok(
        smtp.got.some((a) => a.password === smtpPass),
        'the SMTP server saw the decrypted password',
      );
      assert.ok(
        smtp.got.every((a) => !a.password.startsWith('enc:')),
        'never the ciphertext',
      );

      const again = await VisitorClient.hello(s.url, chat.id, { token });
      assert.equal(again.welcome.type, 'welcome');
      assert.deepEqual(
        again.welcome.messages.map((m: any) => m.text),
        ['hello before restart'],
        'the old token names the same visitor',
      );
      again.v.close();
      const identified = await VisitorClient.hello(s.url, chat.id, { userId: 'user-7', hash: hash('user-7') });
      assert.equal(identified.welcome.type, 'welcome', 'the identity hash made with the shown secret still verifies');
      identified.v.close();
      const shown = (await s.adminClient.get(`/api/v1/channels/${chat.id}`)).body;
      assert.equal(shown.identitySecret, chat.identitySecret, 'admins still see the secret itself');
      assert.equal(shown.settings.secret, '********');
    });

    test('secrets stored in plain text by an older version are encrypted at start, and keep working', async () => {
      // Write every channel's secrets back in plain text, as before this version.
      for (const r of await s.running.ctx.db.kysely.selectFrom('channels').select(['id', 'settings']).execute()) {
        const plain = s.running.ctx.secrets.openSettings(JSON.parse(r.settings));
        await s.running.ctx.db.kysely
          .updateTable('channels')
          .set({ settings: encodeJson(plain) })
          .where('id', '=', r.id)
          .execute();
      }
      assert.ok((await rawSettings()).includes(imapPass), 'the plain text is there before the restart');
      await restart();
      await assertSealed();
      await deliver('After sealing', 3);
      const hello = await VisitorClient.hello(s.url, chat.id, { token });
      assert.deepEqual(
        hello.welcome.messages.map((m: any) => m.text),
        ['hello before restart'],
      );
      hello.v.close();
    });

    test('a process with another key stops at start, naming SECRET_KEY and the key file; the right key starts again', async () => {
      await s.close();
      const keyFile = path.join(storage.dataDir, KEY_FILE);
      const original = fs.readFileSync(keyFile);
      const wrong: { name: string; env?: Record<string, string>; file?: string }[] = [
        { name: 'another SECRET_KEY', env: { SECRET_KEY: 'x'.repeat(40) } },
        { name: 'SECRET_KEY of the right length but one character off', env: { SECRET_KEY: oneCharacterOff(original.toString().trim()) } },
        { name: 'a key file from another installation', file: `${randomBytes(32).toString('base64url')}\n` },
      ];
      try {
        for (const w of wrong) {
          if (w.file) fs.writeFileSync(keyFile, w.file);
          await assert.rejects(startTestServer({ engine, storage, env: { ...env, ...w.env } }), (err: Error) => {
            assert.match(err.message, /cannot be decrypted/, w.name);
            assert.match(err.message, /SECRET_KEY/, w.name);
            assert.match(err.message, new RegExp(KEY_FILE.replace('.', '\\.')), w.name);
            return true;
          });
          fs.writeFileSync(keyFile, original);
        }
        const broken = 'not a key\n';
        fs.writeFileSync(keyFile, broken);
        await assert.rejects(startTestServer({ engine, storage, env }), /is not a Switchboard key/);
        fs.writeFileSync(keyFile, original);
        assert.throws(() => loadConfig({ SECRET_KEY: 'too-short' }), /SECRET_KEY: must be at least 32 characters/);
      } finally {
        fs.writeFileSync(keyFile, original);
      }
      // The key file's content works as SECRET_KEY (moving to the variable, or sharing it between processes).
      s = await startTestServer({ engine, storage, env: { ...env, SECRET_KEY: original.toString().trim() } });
      await s.close();
      // Nothing was changed by the refused starts: the right key reads everything.
      s = await startTestServer({ engine, storage, env });
      await assertSealed();
      await deliver('With the right key', 4);
    });

    test('SECRET_KEY replaces the key file: data written under it needs it', async () => {
      const other = await isolatedStorage(engine);
      const key = randomBytes(33).toString('base64');
      let t = await startTestServer({ engine, storage: other, env: { SECRET_KEY: key, SMTP_PORT: 'off' } });
      try {
        assert.ok(!fs.existsSync(path.join(other.dataDir, KEY_FILE)), 'no key file while SECRET_KEY is set');
        const inboxId = (await t.adminClient.get('/api/v1/inboxes')).body.items[0].id;
        const c = (await t.adminClient.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Keyed' })).body;
        const raw = (
          await t.running.ctx.db.kysely.selectFrom('channels').select('settings').where('id', '=', c.id).executeTakeFirstOrThrow()
        ).settings;
        assert.ok(!raw.includes(c.identitySecret) && raw.includes('enc:v1:'));
        await t.close();
        await assert.rejects(startTestServer({ engine, storage: other, env: { SMTP_PORT: 'off' } }), /cannot be decrypted[^]*SECRET_KEY/);
        t = await startTestServer({ engine, storage: other, env: { SECRET_KEY: key, SMTP_PORT: 'off' } });
        assert.equal((await t.adminClient.get(`/api/v1/channels/${c.id}`)).body.identitySecret, c.identitySecret);
      } finally {
        await t.close();
        await other.drop();
      }
    });
  });
}
