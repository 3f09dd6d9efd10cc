/** The bounds in front of mailparser: address headers cut to 1,000 entries, MIME nesting measured in one pass. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simpleParser, type AddressObject } from 'mailparser';
import { capAddressHeaders, MAX_HEADER_ADDRESSES } from '../../src/server/channels/email/header-cap.js';
import { MAX_MIME_DEPTH, mimeNestedDeeperThan } from '../../src/server/channels/email/mime-depth.js';

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.flatMap((v) => (v.group ? v.group : [v])));

describe('address headers are cut before parsing', () => {
  const lists = {
    plain: (n: number) => Array.from({ length: n }, (_, i) => `a${i}@ex.io`).join(', '),
    'quoted names with commas and semicolons': (n: number) =>
      Array.from({ length: n }, (_, i) => `"Doe, J; ${i}" <j${i}@ex.io>`).join(',\r\n '),
    'comments and angle brackets': (n: number) => Array.from({ length: n }, (_, i) => `x${i}@ex.io (a, b) <y${i}@ex.io>`).join(';'),
    groups: (n: number) =>
      Array.from({ length: n / 10 }, (_, g) => `team${g}: ${Array.from({ length: 10 }, (_, i) => `t${g}.${i}@ex.io`).join(', ')};`).join(
        ' ',
      ),
  };
  for (const [name, list] of Object.entries(lists)) {
    for (const header of ['To', 'Cc', 'Bcc', 'Reply-To']) {
      test(`${header}, ${name}: 20,000 entries become at most ${MAX_HEADER_ADDRESSES}, in order, the body untouched`, async () => {
        const raw = Buffer.from(`From: a@ex.io\r\n${header}: ${list(20_000)}\r\nSubject: many\r\n\r\nthe body, a@b.c, x\r\n`);
        const cut = capAddressHeaders(raw);
        assert.ok(cut.length < raw.length / 5);
        const m = await simpleParser(cut);
        const got = addresses(m[header.toLowerCase().replace('-t', 'T') as 'to']);
        assert.ok(got.length > 0 && got.length <= MAX_HEADER_ADDRESSES, `${got.length}`);
        assert.equal(m.subject, 'many');
        assert.equal(m.text?.trim(), 'the body, a@b.c, x');
        const few = Buffer.from(`From: a@ex.io\r\n${header}: ${list(10)}\r\nSubject: few\r\n\r\nx\r\n`);
        assert.deepEqual(
          addresses((await simpleParser(few))[header.toLowerCase().replace('-t', 'T') as 'to']).slice(0, 5),
          got.slice(0, 5),
        );
      });
    }
  }
  test('ordinary mail is left as it is (the same buffer)', () => {
    const raw = Buffer.from(`From: a@ex.io\r\nTo: ${lists.plain(50)}\r\nSubject: few\r\n\r\n${'To: x@y.z, '.repeat(5000)}\r\n`);
    assert.equal(capAddressHeaders(raw), raw);
  });
});

describe('MIME nesting is measured in one pass', () => {
  const wrappers: Record<string, (inner: string, i: number) => string> = {
    'multipart/mixed': (inner, i) => `Content-Type: multipart/mixed; boundary="m${i}"\r\n\r\n--m${i}\r\n${inner}\r\n--m${i}--\r\n`,
    'multipart/alternative, unquoted boundary, LF only': (inner, i) =>
      `Content-Type: multipart/alternative;\n boundary=alt${i}\n\n--alt${i}\n${inner}\n--alt${i}--\n`,
    'message/rfc822': (inner, i) => `Content-Type: message/rfc822\r\n\r\nSubject: level ${i}\r\n${inner}`,
    'boundaries that prefix each other': (inner, i) =>
      `Content-Type: multipart/related; boundary="b${'-'.repeat(i)}"\r\n\r\n--b${'-'.repeat(i)}\r\n${inner}\r\n--b${'-'.repeat(i)}--\r\n`,
  };
  const nest = (depth: number, wrap: (inner: string, i: number) => string) => {
    let body = 'Content-Type: text/plain\r\n\r\nleaf\r\n';
    for (let i = 0; i < depth; i++) body = wrap(body, i);
    return Buffer.from(`From: a@ex.io\r\nSubject: nest\r\nMIME-Version: 1.0\r\n${body}`);
  };
  for (const [name, wrap] of Object.entries(wrappers)) {
    test(`${name}: ${MAX_MIME_DEPTH} levels pass, ${MAX_MIME_DEPTH + 1} and 5,000 do not`, () => {
      assert.equal(mimeNestedDeeperThan(nest(MAX_MIME_DEPTH, wrap)), false);
      assert.equal(mimeNestedDeeperThan(nest(MAX_MIME_DEPTH + 1, wrap)), true);
      assert.equal(mimeNestedDeeperThan(nest(5_000, wrap)), true);
    });
  }
  test('many sibling parts are not depth', () => {
    let body = 'Content-Type: multipart/mixed; boundary="top"\r\n\r\n';
    for (let i = 0; i < 500; i++)
      body += `--top\r\nContent-Type: multipart/alternative; boundary="s${i}"\r\n\r\n--s${i}\r\nContent-Type: text/plain\r\n\r\nhi\r\n--s${i}--\r\n`;
    const raw = Buffer.from(`Subject: siblings\r\n${body}--top--\r\n`);
    assert.equal(mimeNestedDeeperThan(raw, 2), false);
    assert.equal(mimeNestedDeeperThan(raw, 1), true);
  });
});
