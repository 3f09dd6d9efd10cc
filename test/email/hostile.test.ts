/** Hostile mail over SMTP: header injection, nested MIME, huge headers, wrong charsets, NULs, path names. Stored safely, rendered inert, nothing crashes; replies stay clean. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { sendRaw, startCapture, waitFor } from './support/mail.js';

const b64 = (s: string) => `=?utf-8?B?${Buffer.from(s).toString('base64')}?=`;

for (const engine of engines) {
  describe(`hostile mail on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let inbox: { id: string; fallbackAddress: string };
    let capture: Awaited<ReturnType<typeof startCapture>>;
    const send = (raw: string | Buffer) => sendRaw(s.running.smtpPort!, inbox.fallbackAddress, raw);
    const head = (from: string, subject: string, extra: string[] = []) => [
      `From: ${from}`,
      `To: ${inbox.fallbackAddress}`,
      `Subject: ${subject}`,
      'MIME-Version: 1.0',
      ...extra,
    ];
    const latest = async () => {
      const c = (await a.get(`/api/v1/conversations?inboxId=${inbox.id}&limit=1`)).body.items[0];
      return { conv: c, messages: (await a.get(`/api/v1/conversations/${c.id}/messages`)).body.items as any[] };
    };

    before(async () => {
      capture = await startCapture();
      s = await startTestServer({ engine, env: { SMTP_RELAY_URL: capture.url } });
      a = s.adminClient;
      inbox = (await a.get('/api/v1/inboxes')).body.items[0];
    });
    after(async () => {
      await s?.close();
      await capture?.close();
    });

    test('CRLF in an encoded subject and name never becomes a header, in storage or in the reply', async () => {
      const raw = [
        ...head(
          `${b64('Mallory\r\nBcc: victim@example.net')} <mallory@example.org>`,
          b64('Hello\r\nBcc: victim@example.net\r\n\r\nInjected body'),
        ),
        'Content-Type: text/plain',
        '',
        'hi',
        '',
      ].join('\r\n');
      assert.ok((await send(raw)).ok);
      const { conv } = await latest();
      assert.doesNotMatch(conv.subject, /[\r\n]/);
      assert.doesNotMatch(conv.contact.name, /[\r\n]/);
      await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'ok' });
      const out = await waitFor('reply', () => capture.messages.find((m) => m.envelope.to.includes('mallory@example.org')));
      assert.deepEqual(out.envelope.to, ['mallory@example.org']);
      const headerBlock = out.raw.toString('latin1').split('\r\n\r\n')[0]!;
      assert.doesNotMatch(headerBlock, /^Bcc:/im);
      assert.equal(out.parsed.bcc, undefined);
    });

    test('deeply nested MIME, a huge header and many headers are accepted without a crash', async () => {
      let body = 'Content-Type: text/plain\r\n\r\ndeep inside\r\n';
      for (let i = 0; i < 120; i++) body = `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n${body}--n${i}--\r\n`;
      assert.ok((await send([...head('<deep@example.org>', 'Nested'), body].join('\r\n'))).ok);
      const many = Array.from({ length: 2000 }, (_, i) => `X-Filler-${i}: ${'v'.repeat(20)}`);
      assert.ok(
        (
          await send(
            [...head('<huge@example.org>', `Huge ${'s'.repeat(20_000)}`, many), 'Content-Type: text/plain', '', 'big headers', ''].join(
              '\r\n',
            ),
          )
        ).ok,
      );
      const { conv } = await latest();
      assert.ok(conv.subject.length <= 998);
    });

    test('wrong and unknown charsets, NUL bytes and binary garbage are stored without NULs', async () => {
      const latin = Buffer.concat([
        Buffer.from(
          [
            ...head('<cs@example.org>', 'Charset'),
            'Content-Type: text/plain; charset=x-no-such-charset',
            'Content-Transfer-Encoding: 8bit',
            '',
            '',
          ].join('\r\n'),
        ),
        Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x00, 0xff, 0xfe, 0x0d, 0x0a]),
      ]);
      assert.ok((await send(latin)).ok);
      const m1 = (await latest()).messages[0];
      assert.doesNotMatch(m1.text, /\u0000/);
      const badUtf8 = Buffer.concat([
        Buffer.from([...head('<u8@example.org>', 'Bad UTF-8'), 'Content-Type: text/html; charset=utf-8', '', '<p>'].join('\r\n')),
        Buffer.from([0xc3, 0x28, 0x00, 0xa0, 0xa1]),
        Buffer.from('</p>\r\n'),
      ]);
      assert.ok((await send(badUtf8)).ok);
      const m2 = (await latest()).messages[0];
      assert.doesNotMatch(m2.html ?? '', /\u0000/);
      const garbage = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256).filter((b) => b !== 0x2e));
      assert.ok((await send(Buffer.concat([garbage, Buffer.from('\r\n')]))).ok);
      assert.doesNotMatch(JSON.stringify((await latest()).messages), /\\u0000/);
    });

    test('attachment names with paths are reduced to a safe file name; bytes are served as downloads', async () => {
      const raw = [
        ...head('<files@example.org>', 'Files', ['Content-Type: multipart/mixed; boundary="f"']),
        '',
        '--f',
        'Content-Type: text/plain',
        '',
        'see attached',
        '--f',
        'Content-Type: application/x-msdownload; name="..\\\\..\\\\Windows\\\\evil.exe"',
        'Content-Disposition: attachment; filename="..\\\\..\\\\Windows\\\\evil.exe"',
        '',
        'MZ',
        '--f',
        'Content-Type: image/svg+xml; name="/etc/passwd"',
        'Content-Disposition: inline; filename="/etc/passwd"',
        'Content-ID: <svg@x>',
        '',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
        '--f--',
        '',
      ].join('\r\n');
      assert.ok((await send(raw)).ok);
      const [m] = (await latest()).messages;
      const names = m.attachments.map((x: any) => x.filename).sort();
      assert.deepEqual(names, ['evil.exe', 'passwd']);
      for (const f of m.attachments) {
        for (const path of [`/api/v1/attachments/${f.id}`, `/api/v1/attachments/${f.id}/inline`]) {
          const r = await a.get(path);
          assert.equal(r.status, 200);
          assert.equal(r.headers.get('content-type'), 'application/octet-stream', `${f.filename} ${path}`);
          assert.match(r.headers.get('content-disposition')!, /^attachment;/);
          assert.match(r.headers.get('content-security-policy')!, /sandbox/);
        }
      }
    });
  });
}
