/** The import's readers (pure: files in, messages out): mbox variants, positions, size limits, Maildir flags. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { readMbox } from '../../src/server/import/mbox.js';
import { maildirFiles, maildirFlags, readFiles } from '../../src/server/import/maildir.js';
import { dateOf } from '../../src/server/import/history.js';
import type { SourceMessage } from '../../src/server/import/source-message.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-readers-'));
const POSTMARK = 'From someone@example.org Mon Jan  1 10:00:00 2024\n';

async function all(gen: AsyncGenerator<SourceMessage>): Promise<SourceMessage[]> {
  const out: SourceMessage[] = [];
  for await (const m of gen) out.push(m);
  return out;
}
const mboxOf = (text: string) => {
  const f = path.join(tmp(), 'm.mbox');
  fs.writeFileSync(f, text);
  return f;
};

describe('mbox reader', () => {
  const file = mboxOf(
    `${POSTMARK}Subject: one\n\nFrom what I see\n>From quoted\n>>From twice\n\n` +
      `${POSTMARK}Subject: two\n\nbody\n\nFrom here on, no postmark\nend\n\n` +
      `${POSTMARK}Subject: three\n\nlast\n`,
  );

  test('mboxrd: one > comes off quoted From lines; a body line that is no postmark does not cut the message', async () => {
    const ms = await all(readMbox(file, { position: '', maxBytes: 1e6, variant: 'mboxrd' }));
    assert.equal(ms.length, 3);
    assert.equal(ms[0]!.raw.toString(), 'Subject: one\n\nFrom what I see\nFrom quoted\n>From twice\n');
    assert.equal(ms[1]!.raw.toString(), 'Subject: two\n\nbody\n\nFrom here on, no postmark\nend\n');
    assert.equal(ms[2]!.raw.toString(), 'Subject: three\n\nlast\n');
    assert.equal(ms[0]!.fallbackDate?.toISOString(), '2024-01-01T10:00:00.000Z');
  });

  test('mboxo takes one > off ">From " only; mboxcl2 takes none off', async () => {
    const o = await all(readMbox(file, { position: '', maxBytes: 1e6, variant: 'mboxo' }));
    assert.equal(o[0]!.raw.toString(), 'Subject: one\n\nFrom what I see\nFrom quoted\n>>From twice\n');
    const cl2 = await all(readMbox(file, { position: '', maxBytes: 1e6, variant: 'mboxcl2' }));
    assert.equal(cl2[0]!.raw.toString(), 'Subject: one\n\nFrom what I see\n>From quoted\n>>From twice\n');
  });

  test('Content-Length carries a body with a postmark-like line; a wrong one is ignored', async () => {
    const body = 'a\n\nFrom x@y Mon Jan  1 10:00:00 2024\nb\n';
    const f = mboxOf(
      `${POSTMARK}Content-Length: ${body.length}\n\n${body}\n${POSTMARK}Content-Length: 3\n\nnot three\n\n${POSTMARK}\nlast\n`,
    );
    const ms = await all(readMbox(f, { position: '', maxBytes: 1e6, variant: 'mboxcl2' }));
    assert.equal(ms.length, 3);
    assert.equal(ms[0]!.raw.toString(), `Content-Length: ${body.length}\n\n${body}`);
    assert.equal(ms[1]!.raw.toString(), 'Content-Length: 3\n\nnot three\n');
  });

  test('each message says where the next starts: reading from there goes on without repeats', async () => {
    const ms = await all(readMbox(file, { position: '', maxBytes: 1e6 }));
    const rest = await all(readMbox(file, { position: ms[0]!.next, maxBytes: 1e6 }));
    assert.deepEqual(
      rest.map((m) => m.raw.toString()),
      ms.slice(1).map((m) => m.raw.toString()),
    );
    assert.equal(Number(ms[2]!.next), fs.statSync(file).size);
  });

  test('CRLF files, and a message over the limit is cut and marked, the next one whole', async () => {
    const f = mboxOf(
      `${POSTMARK.replace('\n', '\r\n')}Subject: big\r\n\r\n${'x'.repeat(5000)}\r\n\r\n${POSTMARK.replace('\n', '\r\n')}Subject: small\r\n\r\nok\r\n`,
    );
    const ms = await all(readMbox(f, { position: '', maxBytes: 1000 }));
    assert.equal(ms.length, 2);
    assert.equal(ms[0]!.oversize, true);
    assert.equal(ms[0]!.raw.length, 1000);
    assert.ok(ms[0]!.size > 5000);
    assert.equal(ms[1]!.raw.toString(), 'Subject: small\r\n\r\nok\r\n');
  });

  test('a file that is no mbox is refused', async () => {
    await assert.rejects(all(readMbox(mboxOf('Subject: hi\n\nthere\n'), { position: '', maxBytes: 1e6 })), /not an mbox file/);
  });
});

describe('Maildir reader', () => {
  test('flags from the name; cur/ and new/ and Maildir++ folders in name order; resumes after the last file done', async () => {
    assert.deepEqual(maildirFlags('1.M1.host:2,FRST'), { seen: true, replied: true, flagged: true, trashed: true });
    assert.deepEqual(maildirFlags('1.M1.host:2,S'), { seen: true, replied: false, flagged: false, trashed: false });
    assert.deepEqual(maildirFlags('1.M1.host'), { seen: false, replied: false, flagged: false, trashed: false });
    const dir = tmp();
    for (const d of ['cur', 'new', 'tmp', '.Sent/cur', '.Sent/new']) fs.mkdirSync(path.join(dir, d), { recursive: true });
    fs.writeFileSync(path.join(dir, 'cur/1700000001.a:2,S'), 'Subject: a\n\na\n');
    fs.writeFileSync(path.join(dir, 'new/1700000002.b'), 'Subject: b\n\nb\n');
    fs.writeFileSync(path.join(dir, '.Sent/cur/1700000003.c:2,S'), 'Subject: c\n\nc\n');
    fs.writeFileSync(path.join(dir, 'tmp/1700000004.d'), 'Subject: d\n\nd\n');
    const files = maildirFiles(dir);
    assert.deepEqual(files, ['.Sent/cur/1700000003.c:2,S', 'cur/1700000001.a:2,S', 'new/1700000002.b']);
    const ms = await all(readFiles(dir, files, { position: '', maxBytes: 1e6, maildir: true }));
    assert.equal(ms[1]!.flags?.seen, true);
    assert.equal(ms[1]!.fallbackDate?.toISOString(), new Date(1700000001 * 1000).toISOString());
    const rest = await all(readFiles(dir, files, { position: ms[0]!.next, maxBytes: 1e6, maildir: true }));
    assert.deepEqual(
      rest.map((m) => m.at),
      files.slice(1),
    );
  });
});

test('dates: the Date header, else the fallback, within sane bounds', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const fb = new Date('2020-05-05T00:00:00Z');
  assert.equal(dateOf('Tue, 1 Feb 2022 10:00:00 +0000', fb, now), '2022-02-01T10:00:00.000Z');
  assert.equal(dateOf('Thu, 1 Jan 1970 00:00:00 +0000', fb, now), fb.toISOString(), 'the epoch is a broken clock');
  assert.equal(dateOf('Fri, 1 Jan 2100 00:00:00 +0000', fb, now), fb.toISOString(), 'the future too');
  assert.equal(dateOf(null, null, now), new Date(now).toISOString());
});
