/**
 * Unsigned mail is checked without mailauth's full pass over the message (SPF and DMARC only):
 * for every mix of From header, envelope and published records, the verdict must be exactly the
 * one mailauth's `authenticate` gives. The variants are generated, so new shapes get tried too.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkSender, checkSenderWithMailauth, isDkimSigned } from '../../src/server/channels/email/authentication.js';
import { startTestDns, type TestDns } from '../support/dns.js';

let dns: TestDns;
before(async () => {
  dns = await startTestDns();
  dns.txt.set('spf.example', ['v=spf1 ip4:127.0.0.2 -all']);
  dns.txt.set('soft.example', ['v=spf1 ip4:127.0.0.2 ~all']);
  dns.txt.set('neutral.example', ['v=spf1 ?all']);
  dns.txt.set('strict.example', ['v=spf1 ip4:127.0.0.2 -all']);
  dns.txt.set('_dmarc.strict.example', ['v=DMARC1; p=reject']);
  dns.txt.set('_dmarc.spf.example', ['v=DMARC1; p=none']);
  dns.txt.set('sub.strict.example', ['v=spf1 ip4:127.0.0.2 -all']);
  dns.txt.set('broken.example', ['v=spf1 include:missing.invalid -all']);
});
after(() => dns?.close());

const domains = [
  'spf.example',
  'soft.example',
  'neutral.example',
  'strict.example',
  'sub.strict.example',
  'broken.example',
  'nothing.example',
];
const fromHeaders = (d: string, e: string) => [
  `From: Ana <ana@${d}>`,
  `From: ana@${d}`,
  `From: "someone@${e}" <ana@${d}>`,
  `From: Ana <ana@${d}>, Bob <bob@${e}>`,
  `From: Friends: ana@${d}, bob@${d};`,
  `From: =?utf-8?q?Ana_=C3=85?= <ana@${d}>`,
  `From:\r\n\tAna\r\n <ana@${d}>`,
  `From: <>`,
  `From: not an address`,
  '',
];

test('unsigned mail: the same SPF, DKIM and DMARC verdict as mailauth gives, over generated variants', async () => {
  let tried = 0;
  for (const d of domains) {
    const other = domains[(domains.indexOf(d) + 3) % domains.length]!;
    for (const from of fromHeaders(d, other)) {
      for (const ip of ['127.0.0.2', '127.0.0.9', '::ffff:127.0.0.2']) {
        for (const mailFrom of [`bounce@${d}`, `x@${other}`, '']) {
          for (const helo of ['mail.example', '127.0.0.2', '']) {
            const raw = Buffer.from(
              `${from ? `${from}\r\n` : ''}To: <support@switchboard.localhost>\r\nSubject: Hello\r\n\r\nHi there\r\n`,
            );
            assert.equal(isDkimSigned(raw), false);
            const req = { envelope: { ip, helo, mailFrom }, dnsServers: [dns.address], mta: 'switchboard.localhost' };
            const ours = await checkSender(raw, req);
            const theirs = await checkSenderWithMailauth(raw, req);
            assert.deepEqual(ours, theirs, `${JSON.stringify(from)} ip=${ip} mailFrom=${mailFrom} helo=${helo}`);
            tried++;
          }
        }
      }
    }
  }
  assert.ok(tried > 500, `tried ${tried} variants`);
});

test('a DKIM-Signature header (any case, folded) takes the full check', () => {
  for (const h of ['DKIM-Signature: v=1; d=x', 'dkim-signature:v=1', 'DKIM-Signature :\r\n v=1']) {
    assert.equal(isDkimSigned(Buffer.from(`From: a@b.example\r\n${h}\r\n\r\nbody\r\n`)), true, h);
  }
  // Only in the header block: a body line that looks like one does not count.
  assert.equal(isDkimSigned(Buffer.from('From: a@b.example\r\n\r\nDKIM-Signature: v=1\r\n')), false);
});
