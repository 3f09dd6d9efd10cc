/** Incoming mail keeps its To and Cc; mail an agent forwards shows the original message's Cc, not the forwarder's. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestDns, type TestDns } from '../support/dns.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { mail, sendRaw } from './support/mail.js';

for (const engine of engines) {
  describe(`incoming email recipients on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let dns: TestDns;
    let inbox: { id: string; fallbackAddress: string };
    const lastMessageOf = async (subject: string) => {
      const conv = (await a.get(`/api/v1/conversations?inboxId=${inbox.id}`)).body.items.find((c: any) => c.subject === subject);
      assert.ok(conv, `a conversation "${subject}"`);
      const items = (await a.get(`/api/v1/conversations/${conv.id}/messages`)).body.items as any[];
      return { conv, message: items[items.length - 1] };
    };

    before(async () => {
      // The agents' domain lets 127.0.0.1 send its mail (SPF), so their forwards are authenticated.
      dns = await startTestDns();
      dns.txt.set('example.com', ['v=spf1 ip4:127.0.0.1 -all']);
      s = await startTestServer({ engine, env: { DNS_SERVERS: dns.address } });
      a = s.adminClient;
      inbox = (await a.get('/api/v1/inboxes')).body.items[0];
    });
    after(async () => {
      await s?.close();
      await dns?.close();
    });

    test('To and Cc of a received mail are on the message', async () => {
      const raw = mail({
        to: inbox.fallbackAddress,
        from: 'eva@example.org',
        subject: 'Team lunch',
        headers: { Cc: '"Bob Stone" <BOB@example.org>, dana@example.org' },
      });
      assert.ok((await sendRaw(s.running.smtpPort!, inbox.fallbackAddress, raw)).ok);
      const { message } = await lastMessageOf('Team lunch');
      assert.deepEqual(message.recipients, {
        to: [{ email: inbox.fallbackAddress }],
        cc: [{ email: 'bob@example.org', name: 'Bob Stone' }, { email: 'dana@example.org' }],
      });
    });

    test('a forward by an agent is logged to the original sender with only the original To and Cc', async () => {
      const text = [
        'Can someone take this?',
        '',
        '---------- Forwarded message ---------',
        'From: Carla Diaz <carla@example.org>',
        'Date: Mon, 30 Nov 2026 at 10:00',
        'Subject: Broken chair',
        'To: Sales <sales@acme.example>',
        'Cc: "Diaz, Pedro" <pedro@example.org>; anna@example.org',
        '',
        'The chair I bought broke after a week.',
      ].join('\r\n');
      const raw = mail({
        to: inbox.fallbackAddress,
        from: s.admin.email,
        subject: 'Fwd: Broken chair',
        text,
        headers: { Cc: 'boss@acme.example' },
      });
      assert.ok((await sendRaw(s.running.smtpPort!, inbox.fallbackAddress, raw, s.admin.email)).ok);
      const { conv, message } = await lastMessageOf('Broken chair');
      assert.equal(conv.contact?.email ?? (await a.get(`/api/v1/contacts/${conv.contactId}`)).body.email, 'carla@example.org');
      assert.deepEqual(message.recipients, {
        to: [{ email: 'sales@acme.example', name: 'Sales' }],
        cc: [{ email: 'pedro@example.org', name: 'Diaz, Pedro' }, { email: 'anna@example.org' }],
      });
      assert.doesNotMatch(JSON.stringify(message.recipients), /boss@/);
    });
  });
}
