/**
 * IMAP-fetched mail has no SMTP envelope to check: only the topmost Authentication-Results of a
 * server named in IMAP_TRUSTED_AUTHSERV_IDS is believed; anything else is "not checked", and a
 * forward from an agent's address that nothing vouches for stays with its sender. Real Dovecot.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ImapFlow } from 'imapflow';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../email/support/dovecot.js';
import { mail, waitFor } from '../email/support/mail.js';

const missing = dovecotMissing();
const TRUSTED = 'mx.trusted.example';

for (const engine of engines) {
  describe(`IMAP sender authentication on ${engine}`, { ...(await engineSuite(engine)), ...(missing ? { skip: missing } : {}) }, () => {
    let dove: Dovecot;
    let s: TestServer;
    let imap: ImapFlow;
    let inboxId: string;

    before(async () => {
      dove = await startDovecot({ team: 'team-pass' });
      s = await startTestServer({
        engine,
        env: { IMAP_POLL_SECONDS: '1', ALLOW_PRIVATE_MAIL_HOSTS: '1', IMAP_TRUSTED_AUTHSERV_IDS: `${TRUSTED}, other.trusted.example` },
      });
      inboxId = (await s.adminClient.get('/api/v1/inboxes')).body.items[0].id;
      imap = await dove.connect('team');
      await imap.mailboxCreate('Support');
      const r = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/mailboxes`, {
        name: 'Team mailbox',
        address: 'team@example.net',
        imap: { host: '127.0.0.1', port: dove.port, secure: false, user: 'team', password: 'team-pass', folder: 'Support' },
        smtp: { host: '127.0.0.1', port: 9, secure: false },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    });
    after(async () => {
      await imap?.logout().catch(() => undefined);
      await s?.close();
      await dove?.stop();
    });

    const fetched = async (subject: string) => {
      const conv = await waitFor(
        `"${subject}" fetched`,
        async () =>
          (await s.adminClient.get(`/api/v1/conversations?inboxId=${inboxId}&limit=100`)).body.items.find(
            (c: any) => c.subject === subject,
          ),
        30_000,
      );
      const items = (await s.adminClient.get(`/api/v1/conversations/${conv.id}/messages`)).body.items as any[];
      return { conv, message: items.find((m) => m.kind === 'incoming') };
    };

    test('only the topmost Authentication-Results of a trusted server counts; otherwise "not checked"', async () => {
      const cases = [
        {
          what: 'trusted, DMARC pass',
          ar: [`${TRUSTED}; spf=pass smtp.mailfrom=ivy@ivy.example; dkim=pass header.d=ivy.example; dmarc=pass header.from=ivy.example`],
          summary: 'verified',
          dmarc: 'pass',
        },
        {
          what: 'the other trusted server, DMARC fail',
          ar: ['other.trusted.example; spf=fail smtp.mailfrom=ivy.example; dkim=none; dmarc=fail (p=reject) header.from=ivy.example'],
          summary: 'unverified',
          dmarc: 'fail',
        },
        {
          what: 'trusted, no DMARC, aligned DKIM',
          ar: [`${TRUSTED}; dkim=pass header.d=ivy.example; spf=none`],
          summary: 'verified',
          dmarc: 'none',
        },
        {
          what: 'trusted, no DMARC, DKIM of another domain',
          ar: [`${TRUSTED}; dkim=pass header.d=evil.example; spf=none`],
          summary: 'unverified',
          dmarc: 'none',
        },
        {
          what: 'an untrusted server says pass',
          ar: ['mx.evil.example; spf=pass; dkim=pass header.d=ivy.example; dmarc=pass'],
          summary: 'none',
          dmarc: 'none',
        },
        { what: 'a trusted id as a suffix of another', ar: [`evil${TRUSTED}; dmarc=pass`], summary: 'none', dmarc: 'none' },
        {
          what: 'a forged trusted pass below the real fail',
          ar: [`${TRUSTED}; spf=fail; dkim=none; dmarc=fail`, `${TRUSTED}; spf=pass; dkim=pass header.d=ivy.example; dmarc=pass`],
          summary: 'unverified',
          dmarc: 'fail',
        },
        { what: 'no Authentication-Results', ar: [], summary: 'none', dmarc: 'none' },
      ];
      for (const c of cases) {
        const subject = `IMAP auth: ${c.what}`;
        const raw = mail({ to: 'team@example.net', from: 'ivy@ivy.example', subject });
        await imap.append('Support', [...c.ar.map((x) => `Authentication-Results: ${x}`), raw].join('\r\n'));
        const { message } = await fetched(subject);
        assert.equal(message.senderAuth?.summary, c.summary, c.what);
        assert.equal(message.senderAuth?.dmarc, c.dmarc, c.what);
      }
    });

    test("a forward from an agent's address that nothing vouches for stays with its sender; a trusted pass logs it to the original sender", async () => {
      const forward = (original: string) =>
        mail({
          to: 'team@example.net',
          from: s.admin.email,
          subject: `Fwd: ${original}`,
          text: [
            'FYI',
            '',
            '---------- Forwarded message ---------',
            'From: Vera Victim <vera@customer.example>',
            `Subject: ${original}`,
            '',
            'Change my IBAN please.',
          ].join('\r\n'),
        });
      for (const ar of [[], ['mx.evil.example; dmarc=pass header.from=example.com'], [`${TRUSTED}; dmarc=fail header.from=example.com`]]) {
        const original = `IBAN via IMAP ${ar.length ? ar[0]!.split(';')[0] + ' ' + /dmarc=(\w+)/.exec(ar[0]!)![1] : 'plain'}`;
        await imap.append('Support', [...ar.map((x) => `Authentication-Results: ${x}`), forward(original)].join('\r\n'));
        const { conv } = await fetched(`Fwd: ${original}`);
        assert.equal(conv.contact.email, s.admin.email, original);
      }
      const original = 'Heater via IMAP';
      await imap.append(
        'Support',
        [`Authentication-Results: ${TRUSTED}; dmarc=pass header.from=example.com`, forward(original)].join('\r\n'),
      );
      const { conv } = await fetched(original);
      assert.equal(conv.contact.email, 'vera@customer.example');
    });
  });
}
