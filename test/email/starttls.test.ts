/**
 * STARTTLS on the built-in SMTP receiver: with SMTP_TLS_KEY / SMTP_TLS_CERT (a throwaway key and
 * certificate made with the openssl CLI here) EHLO offers it, the session really upgrades with our
 * certificate, and mail sent over it is stored; plain SMTP still works. Without them it is not
 * offered. A bad path or a bad PEM stops start-up naming the variable.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { ConfigError, loadConfig } from '../../src/server/config.js';
import { engines, engineSuite } from '../support/engines.js';
import { root } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { mail, sendRaw } from './support/mail.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-tls-'));
const keyFile = path.join(dir, 'key.pem');
const certFile = path.join(dir, 'cert.pem');
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ],
  { stdio: 'ignore' },
);
const certPem = fs.readFileSync(certFile);
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A line-oriented SMTP conversation over a socket that can be swapped for its TLS upgrade. */
class SmtpTalk {
  private buf = '';
  private waiting: (() => void) | null = null;
  constructor(public socket: net.Socket | tls.TLSSocket) {
    this.listen(socket);
  }
  private listen(s: net.Socket) {
    s.setEncoding('utf8');
    s.on('data', (d: string) => {
      this.buf += d;
      this.waiting?.();
    });
  }
  /** The next complete reply (all its continuation lines). */
  async reply(): Promise<{ code: number; text: string }> {
    for (;;) {
      const m = /^(?:\d{3}-[^\r\n]*\r\n)*(\d{3}) [^\r\n]*\r\n/.exec(this.buf);
      if (m) {
        this.buf = this.buf.slice(m[0].length);
        return { code: Number(m[1]), text: m[0] };
      }
      await new Promise<void>((r) => (this.waiting = r));
      this.waiting = null;
    }
  }
  async send(line: string) {
    this.socket.write(line + '\r\n');
    return this.reply();
  }
  async upgrade(): Promise<tls.TLSSocket> {
    this.socket.removeAllListeners('data');
    const secure = tls.connect({ socket: this.socket, servername: 'localhost', ca: [certPem] });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', reject);
    });
    this.socket = secure;
    this.listen(secure);
    return secure;
  }
}

async function connect(port: number): Promise<SmtpTalk> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((r, j) => (socket.once('connect', r), socket.once('error', j)));
  const talk = new SmtpTalk(socket);
  assert.equal((await talk.reply()).code, 220);
  return talk;
}

for (const engine of engines) {
  describe(`STARTTLS on the SMTP receiver on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let plain: TestServer;
    let to: string;
    const subjects = async (srv: TestServer) => {
      const items = (await srv.adminClient.get('/api/v1/conversations?limit=100')).body.items as any[];
      return items.map((c) => c.subject as string);
    };

    before(async () => {
      s = await startTestServer({ engine, env: { SMTP_TLS_KEY: keyFile, SMTP_TLS_CERT: certFile } });
      plain = await startTestServer({ engine });
      to = (await s.adminClient.get('/api/v1/inboxes')).body.items[0].fallbackAddress;
    });
    after(async () => {
      await s?.close();
      await plain?.close();
    });

    test('EHLO offers STARTTLS; the session upgrades with our certificate and the mail sent over it is stored', async () => {
      const talk = await connect(s.running.smtpPort!);
      const ehlo = await talk.send('EHLO client.example.org');
      assert.equal(ehlo.code, 250);
      assert.match(ehlo.text, /^250[- ]STARTTLS\r$/m);
      assert.equal((await talk.send('STARTTLS')).code, 220);
      const secure = await talk.upgrade();
      assert.equal(secure.encrypted, true);
      assert.equal(secure.authorized, true, 'the certificate verifies against the test CA');
      const peer = secure.getPeerX509Certificate();
      assert.equal(peer?.fingerprint256, new X509Certificate(certPem).fingerprint256, 'our certificate, not a built-in one');
      const again = await talk.send('EHLO client.example.org');
      assert.equal(again.code, 250);
      assert.doesNotMatch(again.text, /STARTTLS/, 'not offered twice');
      assert.equal((await talk.send('MAIL FROM:<tls@example.org>')).code, 250);
      assert.equal((await talk.send(`RCPT TO:<${to}>`)).code, 250);
      assert.equal((await talk.send('DATA')).code, 354);
      const body = mail({ to, from: 'tls@example.org', subject: 'Sent over TLS' }).replace(/\r\n$/, '');
      const done = await talk.send(`${body}\r\n.`);
      assert.equal(done.code, 250, done.text);
      await talk.send('QUIT');
      secure.destroy();
      assert.ok((await subjects(s)).includes('Sent over TLS'));
    });

    test('a sender that requires TLS (nodemailer, requireTLS) delivers; one that does not still may send in plain', async () => {
      const t = nodemailer.createTransport({
        host: '127.0.0.1',
        port: s.running.smtpPort!,
        secure: false,
        requireTLS: true,
        tls: { servername: 'localhost', ca: [certPem] },
      });
      let upgraded = false;
      try {
        const info = await t.sendMail({
          envelope: { from: 'strict@example.org', to: [to] },
          raw: mail({ to, from: 'strict@example.org', subject: 'Required TLS' }),
        });
        assert.match(info.response, /^250/);
        upgraded = true;
      } finally {
        t.close();
      }
      assert.ok(upgraded);
      const r = await sendRaw(s.running.smtpPort!, to, mail({ to, from: 'old@example.org', subject: 'Plain SMTP' }));
      assert.equal(r.ok, true, r.response);
      const got = await subjects(s);
      assert.ok(got.includes('Required TLS'));
      assert.ok(got.includes('Plain SMTP'));
    });

    test('without SMTP_TLS_KEY / SMTP_TLS_CERT STARTTLS is not offered, and a sender requiring it gives up', async () => {
      const talk = await connect(plain.running.smtpPort!);
      const ehlo = await talk.send('EHLO client.example.org');
      assert.equal(ehlo.code, 250);
      assert.doesNotMatch(ehlo.text, /STARTTLS/);
      assert.ok((await talk.send('STARTTLS')).code >= 500);
      talk.socket.destroy();
      const plainTo = (await plain.adminClient.get('/api/v1/inboxes')).body.items[0].fallbackAddress;
      const t = nodemailer.createTransport({ host: '127.0.0.1', port: plain.running.smtpPort!, secure: false, requireTLS: true });
      await assert.rejects(
        t.sendMail({ envelope: { from: 'strict@example.org', to: [plainTo] }, raw: mail({ to: plainTo, subject: 'Never in plain' }) }),
      );
      t.close();
      assert.ok(!(await subjects(plain)).includes('Never in plain'));
    });
  });
}

describe('SMTP_TLS_KEY / SMTP_TLS_CERT configuration', () => {
  const fails = (env: Record<string, string>, variable: string, why: RegExp) => {
    assert.throws(
      () => loadConfig(env),
      (e: unknown) => e instanceof ConfigError && new RegExp(`^  ${variable}: `, 'm').test(e.message) && why.test(e.message),
    );
  };

  test('a missing file, a file that is not PEM, a key and certificate that do not match, or only one of the two: refused, naming the variable', () => {
    const junk = path.join(dir, 'junk.pem');
    fs.writeFileSync(junk, '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n');
    const otherKey = path.join(dir, 'other-key.pem');
    execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', otherKey], { stdio: 'ignore' });
    fails({ SMTP_TLS_KEY: path.join(dir, 'nope.pem'), SMTP_TLS_CERT: certFile }, 'SMTP_TLS_KEY', /cannot read .*nope\.pem/);
    fails({ SMTP_TLS_KEY: keyFile, SMTP_TLS_CERT: path.join(dir, 'nope.pem') }, 'SMTP_TLS_CERT', /cannot read/);
    fails({ SMTP_TLS_KEY: certFile, SMTP_TLS_CERT: certFile }, 'SMTP_TLS_KEY', /not a PEM private key/);
    fails({ SMTP_TLS_KEY: keyFile, SMTP_TLS_CERT: keyFile }, 'SMTP_TLS_CERT', /not a PEM certificate/);
    fails({ SMTP_TLS_KEY: keyFile, SMTP_TLS_CERT: junk }, 'SMTP_TLS_CERT', /cannot be used/);
    fails({ SMTP_TLS_KEY: otherKey, SMTP_TLS_CERT: certFile }, 'SMTP_TLS_CERT', /cannot be used/);
    fails({ SMTP_TLS_KEY: keyFile }, 'SMTP_TLS_CERT', /together/);
    fails({ SMTP_TLS_CERT: certFile }, 'SMTP_TLS_KEY', /together/);
    assert.ok(loadConfig({ SMTP_TLS_KEY: keyFile, SMTP_TLS_CERT: certFile }).smtpTls);
    assert.equal(loadConfig({}).smtpTls, undefined);
  });

  test('switchboard start with a bad path stops with a message naming the variable', () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SMTP_') && k !== 'DATABASE_URL'));
    const r = spawnSync(process.execPath, [path.join(root, 'bin/switchboard.mjs'), 'start'], {
      cwd: root,
      env: {
        ...env,
        DATA_DIR: dir,
        PORT: '0',
        SMTP_PORT: '0',
        LOG_LEVEL: 'silent',
        SMTP_TLS_KEY: path.join(dir, 'missing-key.pem'),
        SMTP_TLS_CERT: certFile,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr + r.stdout, /SMTP_TLS_KEY: cannot read .*missing-key\.pem/);
  });
});
