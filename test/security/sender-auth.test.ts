/**
 * Sender authentication on the built-in receiver, over real SMTP from several loopback IPs, against
 * a real DNS server on loopback: SPF, DKIM and DMARC verdicts are stored on the message and shown
 * by the API; a forward from an agent's address is logged to the quoted sender only when the
 * agent's mail is authenticated; a DNS server that never answers cannot hold mail up.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestDns, type TestDns } from '../support/dns.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { mail } from '../email/support/mail.js';
import { dkimKey, publishDkim, sendAs, signed, type DkimKey } from './support/sender.js';

/** Each loopback IP is a different sending host. */
const ALLOWED = '127.0.0.2';
const STRANGER = '127.0.0.3';
const EVIL_HOST = '127.0.0.4';

for (const engine of engines) {
  describe(`sender authentication on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let dns: TestDns;
    let inbox: { id: string; fallbackAddress: string };
    let keys: Record<string, DkimKey>;
    let n = 0;
    const subject = (what: string) => `${what} #${++n}`;
    const conversationsBy = async (subj: string) => {
      const items: any[] = [];
      for (const status of ['open', 'closed'])
        items.push(...(await a.get(`/api/v1/conversations?inboxId=${inbox.id}&limit=100&status=${status}`)).body.items);
      return items.filter((c) => c.subject === subj);
    };
    const onlyMessage = async (subj: string) => {
      const [c, ...more] = await conversationsBy(subj);
      assert.ok(c, `a conversation "${subj}"`);
      assert.equal(more.length, 0, subj);
      const items = (await a.get(`/api/v1/conversations/${c.id}/messages`)).body.items as any[];
      return { conv: c, message: items.find((m) => m.kind === 'incoming') };
    };
    const deliver = async (o: {
      from: string;
      ip: string;
      mailFrom?: string;
      subj: string;
      sign?: DkimKey;
      tamper?: (raw: string) => string;
      text?: string;
    }) => {
      let raw = mail({ to: inbox.fallbackAddress, from: o.from, subject: o.subj, text: o.text ?? `Body of ${o.subj}` });
      if (o.sign) raw = await signed(raw, o.sign);
      if (o.tamper) raw = o.tamper(raw);
      const r = await sendAs(s.running.smtpPort!, { to: inbox.fallbackAddress, raw, ip: o.ip, mailFrom: o.mailFrom ?? o.from });
      assert.equal(r.ok, true, `${o.subj}: ${r.response}`);
    };

    before(async () => {
      dns = await startTestDns();
      keys = {
        signed: dkimKey('signed.example'),
        strict: dkimKey('strict.example'),
        evil: dkimKey('evil.example'),
        agents: dkimKey('example.com'),
        other: dkimKey('signed.example'),
      };
      for (const k of [keys.signed!, keys.strict!, keys.evil!, keys.agents!]) publishDkim(dns, k);
      dns.txt.set('spf.example', ['v=spf1 ip4:127.0.0.2 -all']);
      dns.txt.set('soft.example', ['v=spf1 ip4:127.0.0.2 ~all']);
      dns.txt.set('neutral.example', ['v=spf1 ?all']);
      dns.txt.set('strict.example', ['v=spf1 ip4:127.0.0.2 -all']);
      dns.txt.set('_dmarc.strict.example', ['v=DMARC1; p=reject']);
      dns.txt.set('evil.example', ['v=spf1 ip4:127.0.0.4 -all']);
      // The agents' domain (admin@example.com): SPF, DKIM and a DMARC reject policy.
      dns.txt.set('example.com', ['v=spf1 ip4:127.0.0.2 -all']);
      dns.txt.set('_dmarc.example.com', ['v=DMARC1; p=reject']);
      s = await startTestServer({ engine, env: { DNS_SERVERS: dns.address } });
      a = s.adminClient;
      inbox = (await a.get('/api/v1/inboxes')).body.items[0];
    });
    after(async () => {
      await s?.close();
      await dns?.close();
    });

    test('SPF pass, fail, softfail, neutral and none: stored on the message and shown by the API', async () => {
      const cases = [
        { from: 'ann@spf.example', ip: ALLOWED, spf: 'pass', summary: 'verified' },
        { from: 'ann@spf.example', ip: STRANGER, spf: 'fail', summary: 'unverified' },
        { from: 'ann@spf.example', ip: EVIL_HOST, spf: 'fail', summary: 'unverified' },
        { from: 'bob@soft.example', ip: ALLOWED, spf: 'pass', summary: 'verified' },
        { from: 'bob@soft.example', ip: STRANGER, spf: 'softfail', summary: 'unverified' },
        { from: 'cy@neutral.example', ip: STRANGER, spf: 'neutral', summary: 'unverified' },
        { from: 'dee@nospf.example', ip: ALLOWED, spf: 'none', summary: 'unverified' },
      ];
      for (const c of cases) {
        const subj = subject(`SPF ${c.spf} from ${c.ip}`);
        await deliver({ from: c.from, ip: c.ip, subj });
        const { message } = await onlyMessage(subj);
        assert.deepEqual(message.senderAuth, { summary: c.summary, spf: c.spf, dkim: 'none', dmarc: 'none' }, subj);
      }
    });

    test('DKIM valid, invalid (changed body, changed header, wrong key in DNS) and absent', async () => {
      const valid = subject('DKIM valid');
      await deliver({ from: 'eve@signed.example', ip: STRANGER, subj: valid, sign: keys.signed });
      assert.deepEqual((await onlyMessage(valid)).message.senderAuth, { summary: 'verified', spf: 'none', dkim: 'pass', dmarc: 'none' });

      const broken: Array<{ what: string; sign: DkimKey; tamper?: (raw: string) => string }> = [
        { what: 'body changed', sign: keys.signed!, tamper: (raw) => raw.replace(/Body of /, 'Pay to NL00BANK0123456789. Body of ') },
        { what: 'body appended', sign: keys.signed!, tamper: (raw) => `${raw}\r\nP.S. new bank details\r\n` },
        { what: 'From name changed', sign: keys.signed!, tamper: (raw) => raw.replace(/^From: /m, 'From: "The CEO" ') },
        { what: 'signed by another key', sign: keys.other! },
      ];
      for (const b of broken) {
        const subj = subject(`DKIM invalid: ${b.what}`);
        await deliver({
          from: 'eve@signed.example',
          ip: STRANGER,
          subj,
          sign: b.sign,
          tamper: b.tamper ? (raw) => b.tamper!(raw).replace(/^Subject: .*$/m, `Subject: ${subj}`) : undefined,
        });
        const { message } = await onlyMessage(subj);
        assert.equal(message.senderAuth?.dkim, 'fail', subj);
        assert.equal(message.senderAuth?.summary, 'unverified', subj);
      }

      const absent = subject('DKIM absent');
      await deliver({ from: 'eve@signed.example', ip: STRANGER, subj: absent });
      assert.deepEqual((await onlyMessage(absent)).message.senderAuth, { summary: 'unverified', spf: 'none', dkim: 'none', dmarc: 'none' });
    });

    test('DMARC pass (aligned SPF or DKIM) and fail (unaligned SPF, unaligned DKIM, nothing)', async () => {
      const passes = [
        { what: 'aligned SPF', ip: ALLOWED },
        { what: 'aligned DKIM', ip: STRANGER, sign: keys.strict },
      ];
      for (const p of passes) {
        const subj = subject(`DMARC pass: ${p.what}`);
        await deliver({ from: 'ceo@strict.example', ip: p.ip, subj, sign: p.sign });
        const { message } = await onlyMessage(subj);
        assert.equal(message.senderAuth?.dmarc, 'pass', subj);
        assert.equal(message.senderAuth?.summary, 'verified', subj);
      }
      const fails = [
        { what: 'SPF passes for another domain', ip: ALLOWED, mailFrom: 'bounce@spf.example' },
        { what: 'DKIM passes for another domain', ip: EVIL_HOST, mailFrom: 'x@evil.example', sign: keys.evil },
        { what: 'nothing passes', ip: STRANGER },
        { what: 'null sender from a stranger', ip: STRANGER, mailFrom: '' },
      ];
      for (const f of fails) {
        const subj = subject(`DMARC fail: ${f.what}`);
        await deliver({ from: 'ceo@strict.example', ip: f.ip, mailFrom: f.mailFrom, subj, sign: f.sign });
        const { message } = await onlyMessage(subj);
        assert.equal(message.senderAuth?.dmarc, 'fail', subj);
        assert.equal(message.senderAuth?.summary, 'unverified', subj);
      }
    });

    test('a forged "Fwd:" from an agent\'s address stays with its sender, marked unverified; an authenticated one is logged to the original sender', async () => {
      const forward = (subj: string) =>
        [
          'Please change it.',
          '',
          '---------- Forwarded message ---------',
          'From: Vera Victim <vera@customer.example>',
          `Subject: ${subj}`,
          'To: billing@acme.example',
          '',
          'Please change my IBAN to NL00EVIL0000000001.',
        ].join('\r\n');
      const forged = [
        { what: 'from a host the domain does not allow', ip: STRANGER, mailFrom: s.admin.email },
        { what: "SPF passes for the attacker's own domain", ip: EVIL_HOST, mailFrom: 'x@evil.example' },
        { what: "signed by the attacker's domain", ip: EVIL_HOST, mailFrom: 'x@evil.example', sign: keys.evil },
        { what: 'from the null sender', ip: STRANGER, mailFrom: '' },
      ];
      for (const f of forged) {
        const original = subject(`change my IBAN (${f.what})`);
        const subj = `Fwd: ${original}`;
        await deliver({ from: s.admin.email, ip: f.ip, mailFrom: f.mailFrom, subj, sign: f.sign, text: forward(original) });
        assert.equal((await conversationsBy(original)).length, 0, `${f.what}: no conversation with the quoted customer`);
        const { conv, message } = await onlyMessage(subj);
        assert.equal(conv.contact.email, s.admin.email, f.what);
        assert.equal(message.senderAuth?.summary, 'unverified', f.what);
      }
      const genuine = [
        { what: 'aligned SPF', ip: ALLOWED },
        { what: 'aligned DKIM from another host', ip: STRANGER, sign: keys.agents },
      ];
      for (const g of genuine) {
        const original = subject(`Broken heater (${g.what})`);
        await deliver({ from: s.admin.email, ip: g.ip, subj: `Fwd: ${original}`, sign: g.sign, text: forward(original) });
        assert.equal((await conversationsBy(`Fwd: ${original}`)).length, 0, g.what);
        const { conv, message } = await onlyMessage(original);
        assert.equal(conv.contact.email, 'vera@customer.example', g.what);
        assert.equal(message.senderAuth?.summary, 'verified', g.what);
      }
    });

    test('a DNS server that never answers does not hold mail: it is stored, not verified', async () => {
      dns.silent.add('slow.example');
      dns.silent.add('_dmarc.slow.example');
      try {
        const subj = subject('Silent DNS');
        await deliver({ from: 'sam@slow.example', ip: ALLOWED, subj });
        const { message } = await onlyMessage(subj);
        assert.equal(message.senderAuth?.summary, 'unverified');
        assert.equal(message.senderAuth?.spf, 'temperror');
      } finally {
        dns.silent.clear();
      }
    });
  });
}
