/**
 * Mailbox settings cannot reach inside the network: IMAP and SMTP hosts resolving to loopback,
 * private, link-local … addresses are refused at save and again at every connect (poller, sender)
 * unless ALLOW_PRIVATE_MAIL_HOSTS=1; failures show as plain classes, never the remote's text; TLS
 * certificates are verified unless the channel turns that off.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { channelTransport } from '../../src/server/channels/email/outbound.js';
import { newId } from '../../src/server/domain/ids.js';
import { encodeChannelSettings } from '../../src/server/secrets.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { freePort } from '../email/support/child.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../email/support/dovecot.js';
import { startCapture, waitFor } from '../email/support/mail.js';

const missing = dovecotMissing();

/** Hosts that must never be reached from mailbox settings (every form the resolver accepts). */
const HOSTILE = [
  '127.0.0.1',
  '127.8.9.10',
  '::1',
  '[::1]',
  '10.0.0.5',
  '10.255.255.254',
  '172.16.0.1',
  '172.31.255.1',
  '192.168.1.20',
  '169.254.169.254',
  'fe80::1',
  'fc00::7',
  '::ffff:127.0.0.1',
  '::ffff:10.0.0.1',
  '0.0.0.0',
  '::',
  '100.64.0.1',
  '224.0.0.1',
  'localhost',
  'LOCALHOST',
  '2130706433',
  '0x7f000001',
  '017700000001',
  '127.1',
];

const mailbox = (host: string, field: 'imap' | 'smtp', port = 993) => ({
  name: 'Hostile',
  address: `box-${Math.random().toString(36).slice(2, 10)}@example.com`,
  imap: { host: field === 'imap' ? host : '8.8.8.8', port, secure: true, user: 'u', password: 'p' },
  smtp: { host: field === 'smtp' ? host : '8.8.8.8', port, secure: true },
});

/** A fake IMAP server with a banner and a login refusal carrying words that must never reach the app. */
async function chattyImap(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((s) => {
    s.write('* OK secret-banner-imap-4711 internal.corp ready\r\n');
    s.on('data', (d) => {
      for (const line of String(d).split('\r\n').filter(Boolean)) {
        const tag = line.split(' ')[0];
        if (/CAPABILITY/i.test(line)) s.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`);
        else s.write(`${tag} NO [AUTHENTICATIONFAILED] secret-refusal-text-0815\r\n`);
      }
    });
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

// Checked before any suite runs: a busy event loop must not make PostgreSQL look unreachable.
const suites = { sqlite: await engineSuite('sqlite'), postgres: await engineSuite('postgres') };

for (const engine of engines) {
  describe(`mailbox hosts on ${engine}`, suites[engine], () => {
    let s: TestServer;
    let inboxId: string;
    const channelCount = async () =>
      Number(
        (
          await s.running.ctx.db.kysely
            .selectFrom('channels')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      s = await startTestServer({ engine, env: { SMTP_PORT: 'off' } });
      inboxId = (await s.adminClient.get('/api/v1/inboxes')).body.items[0].id;
    });
    after(() => s?.close());

    test('saving a mailbox whose IMAP or SMTP host is loopback, private or link-local is a 400 naming the field, and stores nothing', async () => {
      const before = await channelCount();
      for (const host of HOSTILE) {
        for (const field of ['imap', 'smtp'] as const) {
          const r = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/mailboxes`, mailbox(host, field));
          assert.equal(r.status, 400, `${field} ${host}: ${JSON.stringify(r.body)}`);
          assert.match(JSON.stringify(r.body), new RegExp(`${field}\\.host`), `${field} ${host} names the field`);
          assert.match(JSON.stringify(r.body), /private|loopback|link-local/);
        }
      }
      assert.equal(await channelCount(), before, 'nothing was stored');
      // A host that does not resolve is refused too, and a public address is accepted (the check is not "refuse everything").
      const unknown = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/mailboxes`, mailbox('no-such-host.invalid', 'imap'));
      assert.equal(unknown.status, 400);
      assert.match(JSON.stringify(unknown.body), /not found/);
      const ok = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/mailboxes`, mailbox('8.8.8.8', 'imap'));
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
    });

    test('certificate verification is on by default; only an admin switches it off, with a boolean', async () => {
      const r = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/mailboxes`, mailbox('8.8.4.4', 'imap'));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.settings.skipCertificateVerification, false);
      for (const bad of ['yes', 1, null])
        assert.equal(
          (await s.adminClient.patch(`/api/v1/channels/${r.body.id}`, { skipCertificateVerification: bad })).status,
          400,
          String(bad),
        );
      await s.adminClient.post('/api/v1/users', {
        email: 'agent-tls@example.com',
        name: 'Agent',
        role: 'agent',
        paidSeat: true,
        password: 'agent-password-1',
      });
      const agent = await s.login('agent-tls@example.com', 'agent-password-1');
      assert.equal((await agent.patch(`/api/v1/channels/${r.body.id}`, { skipCertificateVerification: true })).status, 403);
      assert.equal((await s.adminClient.get(`/api/v1/channels/${r.body.id}`)).body.settings.skipCertificateVerification, false);
      const on = await s.adminClient.patch(`/api/v1/channels/${r.body.id}`, { skipCertificateVerification: true });
      assert.equal(on.status, 200, JSON.stringify(on.body));
      assert.equal(on.body.settings.skipCertificateVerification, true);
      assert.equal(on.body.settings.imap.password, '********', 'the password stays hidden and stored');
    });

    test('the sender checks again at every send: a channel pointing at an inside address sends nothing', async (t) => {
      const capture = await startCapture();
      t.after(() => capture.close());
      for (const host of ['127.0.0.1', 'localhost', '::ffff:127.0.0.1', '2130706433']) {
        const settings = { smtp: { host, port: capture.port, secure: false } };
        const row = {
          id: newId(),
          inbox_id: inboxId,
          kind: 'email' as const,
          name: 'x',
          status: 'on' as const,
          address: `x${newId()}@example.com`,
          settings: encodeChannelSettings(s.running.ctx.secrets, settings),
          created_at: new Date().toISOString(),
        };
        await assert.rejects(
          async () =>
            (await channelTransport(s.running.ctx, s.running.mail, row)).sendMail({
              from: row.address,
              to: 'someone@example.org',
              subject: 'x',
              text: 'x',
            }),
          /loopback, private or link-local/,
          host,
        );
      }
      assert.equal(capture.messages.length, 0, 'nothing reached the inside server');
    });
  });

  describe(`mailbox connections on ${engine}`, { ...suites[engine], ...(missing ? { skip: missing } : {}) }, () => {
    let strict: TestServer;
    let lax: TestServer;
    let dove: Dovecot;
    let inboxId: string;
    const state = async (srv: TestServer, id: string) => (await srv.adminClient.get(`/api/v1/channels/${id}`)).body.email.imap;
    const errorOf = (srv: TestServer, id: string) =>
      waitFor(`error on ${id}`, async () => ((await state(srv, id)).state === 'error' ? (await state(srv, id)).lastError : null), 40_000);

    before(async () => {
      dove = await startDovecot({ team: 'team-pass' });
      strict = await startTestServer({ engine, env: { SMTP_PORT: 'off', IMAP_POLL_SECONDS: '1' } });
      lax = await startTestServer({ engine, env: { SMTP_PORT: 'off', IMAP_POLL_SECONDS: '1', ALLOW_PRIVATE_MAIL_HOSTS: '1' } });
      inboxId = (await strict.adminClient.get('/api/v1/inboxes')).body.items[0].id;
    });
    after(async () => {
      await strict?.close();
      await lax?.close();
      await dove?.stop();
    });

    test('the poller checks again at every connect: mailboxes stored with inside hosts never log in', async () => {
      const ids: string[] = [];
      for (const host of ['127.0.0.1', 'localhost', '::ffff:127.0.0.1', '2130706433']) {
        const id = newId();
        const settings = {
          imap: { host, port: dove.port, secure: false, user: 'team', password: 'team-pass' },
          smtp: { host, port: 1, secure: false },
        };
        // As if the name resolved elsewhere at save time (DNS rebinding) or the row predates the check.
        await strict.running.ctx.db.kysely
          .insertInto('channels')
          .values({
            id,
            inbox_id: inboxId,
            kind: 'email',
            name: host,
            status: 'on',
            address: `r${id}@example.com`,
            settings: encodeChannelSettings(strict.running.ctx.secrets, settings),
            created_at: new Date().toISOString(),
          })
          .execute();
        ids.push(id);
      }
      for (const id of ids) assert.equal(await errorOf(strict, id), 'Refused: the host is a loopback, private or link-local address');
      for (const id of ids) {
        const probe = await strict.adminClient.post(`/api/v1/channels/${id}/test-connection`);
        assert.equal(probe.status, 200, JSON.stringify(probe.body));
        assert.deepEqual(probe.body, {
          imap: { ok: false, error: 'Refused: the host is a loopback, private or link-local address', errorKind: 'private' },
          smtp: { ok: false, error: 'Refused: the host is a loopback, private or link-local address', errorKind: 'private' },
        });
      }
      assert.equal(dove.logins('team'), 0, 'Dovecot never saw a login');
    });

    test('connection failures show as classes, never the server’s own words', async (t) => {
      const fake = await chattyImap();
      const capture = await startCapture();
      t.after(async () => {
        await fake.close();
        await capture.close();
      });
      const closed = await freePort();
      const lInbox = (await lax.adminClient.get('/api/v1/inboxes')).body.items[0].id;
      const cases: { imap: { host: string; port: number; secure: boolean; password?: string }; want: string }[] = [
        { imap: { host: '127.0.0.1', port: closed, secure: false }, want: 'Connection refused' },
        { imap: { host: 'localhost', port: dove.port, secure: false, password: 'wrong' }, want: 'Login refused' },
        { imap: { host: '127.0.0.1', port: fake.port, secure: false }, want: 'Login refused' },
        { imap: { host: '127.0.0.1', port: fake.port, secure: true }, want: 'TLS failed (certificate or handshake)' },
        { imap: { host: '127.0.0.1', port: dove.port, secure: true }, want: 'TLS failed (certificate or handshake)' },
        { imap: { host: '127.0.0.1', port: capture.port, secure: false }, want: 'Not an IMAP server' },
      ];
      const made = [];
      for (const c of cases) {
        const r = await lax.adminClient.post(`/api/v1/inboxes/${lInbox}/mailboxes`, {
          name: 'Case',
          address: `case-${Math.random().toString(36).slice(2, 10)}@example.com`,
          imap: { user: 'team', password: 'team-pass', ...c.imap },
          smtp: { host: '127.0.0.1', port: capture.port, secure: false },
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        made.push({ id: r.body.id as string, want: c.want });
      }
      // "Test connection" answers the same classes at once; a good mailbox answers ok on both sides.
      const good = await lax.adminClient.post(`/api/v1/inboxes/${lInbox}/mailboxes`, {
        name: 'Good',
        address: `good-${Math.random().toString(36).slice(2, 10)}@example.com`,
        imap: { host: 'localhost', port: dove.port, secure: false, user: 'team', password: 'team-pass' },
        smtp: { host: 'localhost', port: capture.port, secure: false },
      });
      assert.deepEqual((await lax.adminClient.post(`/api/v1/channels/${good.body.id}/test-connection`)).body, {
        imap: { ok: true, error: null, errorKind: null },
        smtp: { ok: true, error: null, errorKind: null },
      });
      for (const m of made.filter((x) => x.want !== 'Not an IMAP server')) {
        const probe = (await lax.adminClient.post(`/api/v1/channels/${m.id}/test-connection`)).body;
        assert.equal(probe.imap.error, m.want, JSON.stringify(probe));
        assert.doesNotMatch(JSON.stringify(probe), /secret-banner|secret-refusal|internal\.corp|AUTHENTICATIONFAILED/);
      }
      for (const m of made) {
        const shown = await errorOf(lax, m.id);
        assert.equal(shown, m.want, JSON.stringify(m));
        assert.ok((await state(lax, m.id)).lastErrorKind, 'the class is named for translation');
        const body = JSON.stringify((await lax.adminClient.get(`/api/v1/channels/${m.id}`)).body);
        assert.doesNotMatch(body, /secret-banner|secret-refusal|internal\.corp|AUTHENTICATIONFAILED|ESMTP|ECONNREFUSED/);
      }
    });

    test('SMTP failures are classes too; a self-signed certificate fails unless the channel skips verification', async (t) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-cert-'));
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          path.join(dir, 'k.pem'),
          '-out',
          path.join(dir, 'c.pem'),
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=DNS:localhost,IP:127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
      const got: string[] = [];
      const tlsServer = new SMTPServer({
        secure: true,
        key: fs.readFileSync(path.join(dir, 'k.pem')),
        cert: fs.readFileSync(path.join(dir, 'c.pem')),
        authOptional: true,
        logger: false,
        banner: 'secret-smtp-banner-42',
        onAuth: (a, _s, cb) => (a.password === 'good' ? cb(null, { user: a.username }) : cb(new Error('secret-auth-words'))),
        onRcptTo: (addr, _s, cb) =>
          addr.address.startsWith('reject') ? cb(Object.assign(new Error('secret-reject-words'), { responseCode: 550 })) : cb(),
        onData: (stream, _s, cb) => {
          stream.resume();
          stream.on('end', () => (got.push('mail'), cb()));
        },
      });
      // A client that gives up during the handshake is an error on the server's side: expected here.
      tlsServer.on('error', () => undefined);
      await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', () => r()));
      const fake = await chattyImap();
      t.after(async () => {
        await new Promise<void>((r) => tlsServer.close(() => r()));
        await fake.close();
        fs.rmSync(dir, { recursive: true, force: true });
      });
      const tport = (tlsServer.server.address() as net.AddressInfo).port;
      const send = async (smtp: Record<string, unknown>, skip: boolean, to = 'someone@example.org') => {
        const row = {
          id: newId(),
          inbox_id: inboxId,
          kind: 'email' as const,
          name: 'x',
          status: 'on' as const,
          address: `x${newId()}@example.com`,
          settings: encodeChannelSettings(lax.running.ctx.secrets, { smtp, skipCertificateVerification: skip }),
          created_at: new Date().toISOString(),
        };
        try {
          await (
            await channelTransport(lax.running.ctx, lax.running.mail, row)
          ).sendMail({ from: row.address, to, subject: 'x', text: 'x' });
          return 'sent';
        } catch (err) {
          return (err as Error).message;
        }
      };
      const closed = await freePort();
      assert.equal(await send({ host: '127.0.0.1', port: closed, secure: false }, false), 'Connection refused');
      assert.equal(await send({ host: '127.0.0.1', port: fake.port, secure: false }, false), 'Not an SMTP server');
      assert.equal(
        await send({ host: 'localhost', port: tport, secure: true, user: 'u', password: 'good' }, false),
        'TLS failed (certificate or handshake)',
      );
      assert.equal(got.length, 0, 'nothing sent over an unverified connection');
      assert.equal(await send({ host: 'localhost', port: tport, secure: true, user: 'u', password: 'bad' }, true), 'Login refused');
      assert.equal(
        await send({ host: 'localhost', port: tport, secure: true, user: 'u', password: 'good' }, true, 'reject@example.org'),
        'The mail server refused the message (550)',
      );
      assert.equal(await send({ host: 'localhost', port: tport, secure: true, user: 'u', password: 'good' }, true), 'sent');
      assert.equal(got.length, 1);
    });
  });
}
