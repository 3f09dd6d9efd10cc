/** Replies leave through the outbox to a real capture SMTP server, with threading headers; the customer's answer threads back; bounces and failures show. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { mail, sendRaw, startCapture, waitFor } from './support/mail.js';

for (const engine of engines) {
  describe(`email replies on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let inbox: { id: string; fallbackAddress: string };
    let capture: Awaited<ReturnType<typeof startCapture>>;
    let rejectNext = 0;
    const messages = async (id: string) => (await a.get(`/api/v1/conversations/${id}/messages`)).body.items as any[];

    before(async () => {
      capture = await startCapture({ reject: () => (rejectNext > 0 ? (rejectNext--, 554) : null) });
      s = await startTestServer({ engine, env: { SMTP_RELAY_URL: capture.url } });
      a = s.adminClient;
      inbox = (await a.get('/api/v1/inboxes')).body.items[0];
    });
    after(async () => {
      await s?.close();
      await capture?.close();
    });

    test('a reply goes out with Message-ID, In-Reply-To, References and Re: subject; the answer threads back', async () => {
      const port = s.running.smtpPort!;
      assert.ok((await sendRaw(port, inbox.fallbackAddress, mail({ to: inbox.fallbackAddress, from: 'rita@example.org', fromName: 'Rita', subject: 'Broken lamp', messageId: '<lamp1@example.org>' }))).ok);
      const conv = (await a.get(`/api/v1/conversations?inboxId=${inbox.id}`)).body.items.find((c: any) => c.subject === 'Broken lamp');
      const reply = await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'We will send a new one.' });
      assert.equal(reply.status, 201);
      assert.equal(reply.body.deliveryState, 'queued');
      const got = await waitFor('the reply at the capture server', () => capture.messages.find((m) => m.parsed.subject === 'Re: Broken lamp'));
      assert.deepEqual(got.envelope.to, ['rita@example.org']);
      assert.equal(got.parsed.inReplyTo, '<lamp1@example.org>');
      assert.match(String(got.parsed.references), /<lamp1@example\.org>/);
      assert.match(got.parsed.messageId!, new RegExp(`^<sb\\.${conv.id}\\.${reply.body.id}@switchboard\\.localhost>$`));
      assert.equal(got.parsed.replyTo?.value[0]?.address, `reply+${conv.id}@switchboard.localhost`);
      assert.equal(got.parsed.from?.value[0]?.address, inbox.fallbackAddress);
      assert.match(got.parsed.text!, /We will send a new one\./);
      const sent = await waitFor('sent state', async () => (await messages(conv.id)).find((m) => m.id === reply.body.id && m.deliveryState === 'sent'));
      assert.equal(sent.deliveryError, null);

      // The customer answers with a client that keeps only In-Reply-To, and another subject.
      assert.ok((await sendRaw(port, inbox.fallbackAddress, mail({ to: inbox.fallbackAddress, from: 'rita@example.org', subject: 'thanks!', inReplyTo: got.parsed.messageId! }))).ok);
      // And one that dropped every header but answered to the reply+ address.
      const replyTo = `reply+${conv.id}@switchboard.localhost`;
      assert.ok((await sendRaw(port, replyTo, mail({ to: replyTo, from: 'rita@example.org', subject: 'one more thing' }))).ok);
      const thread = await messages(conv.id);
      assert.deepEqual(thread.map((m) => m.kind), ['incoming', 'reply', 'incoming', 'incoming']);
    });

    test('a failed send is marked on the message, and retry sends it with the same Message-ID', async () => {
      const port = s.running.smtpPort!;
      assert.ok((await sendRaw(port, inbox.fallbackAddress, mail({ to: inbox.fallbackAddress, from: 'sam@example.org', subject: 'Refund' }))).ok);
      const conv = (await a.get(`/api/v1/conversations?inboxId=${inbox.id}`)).body.items.find((c: any) => c.subject === 'Refund');
      rejectNext = 1;
      const reply = (await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'Refund done' })).body;
      const failed = await waitFor('failed state', async () => (await messages(conv.id)).find((m) => m.id === reply.id && m.deliveryState === 'failed'));
      assert.match(failed.deliveryError, /554|rejected/);
      const r = await a.post(`/api/v1/messages/${reply.id}/retry`);
      assert.equal(r.status, 200);
      const got = await waitFor('the retried reply', () => capture.messages.find((m) => m.parsed.subject === 'Re: Refund'));
      assert.match(got.parsed.messageId!, new RegExp(`\\.${reply.id}@`));
      await waitFor('sent state', async () => (await messages(conv.id)).find((m) => m.id === reply.id && m.deliveryState === 'sent'));
      assert.equal(capture.messages.filter((m) => m.parsed.subject === 'Re: Refund').length, 1, 'sent once');
      assert.equal((await a.post(`/api/v1/messages/${reply.id}/retry`)).status, 409);
    });

    test('a bounce attaches to the reply it reports and marks it failed, without reopening', async () => {
      const port = s.running.smtpPort!;
      assert.ok((await sendRaw(port, inbox.fallbackAddress, mail({ to: inbox.fallbackAddress, from: 'gone@example.org', subject: 'Address check' }))).ok);
      const conv = (await a.get(`/api/v1/conversations?inboxId=${inbox.id}`)).body.items.find((c: any) => c.subject === 'Address check');
      const reply = (await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'Hello?' })).body;
      const out = await waitFor('the reply', () => capture.messages.find((m) => m.parsed.subject === 'Re: Address check'));
      await waitFor('sent', async () => (await messages(conv.id)).find((m) => m.id === reply.id && m.deliveryState === 'sent'));
      await a.patch(`/api/v1/conversations/${conv.id}`, { status: 'closed' });
      const bounce = [
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
        `To: ${inbox.fallbackAddress}`,
        'Subject: Undelivered Mail Returned to Sender',
        'Message-ID: <bounce1@mx.example.org>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
        '',
        '--r',
        'Content-Type: text/plain',
        '',
        'The mail could not be delivered: user unknown.',
        '--r',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.org',
        '',
        'Final-Recipient: rfc822; gone@example.org',
        'Action: failed',
        'Status: 5.1.1',
        '--r',
        'Content-Type: text/rfc822-headers',
        '',
        `Message-ID: ${out.parsed.messageId}`,
        'Subject: Re: Address check',
        '--r--',
        '',
      ].join('\r\n');
      assert.ok((await sendRaw(port, inbox.fallbackAddress, bounce, '')).ok);
      const thread = await messages(conv.id);
      const bounced = thread.find((m) => m.id === reply.id);
      assert.equal(bounced.deliveryState, 'failed');
      assert.match(bounced.deliveryError, /Bounced/);
      assert.equal(thread.filter((m) => m.kind === 'incoming').length, 2, 'the bounce is in the same conversation');
      assert.equal((await a.get(`/api/v1/conversations/${conv.id}`)).body.status, 'closed');
    });
  });
}

describe('email replies without an outgoing server', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({});
  });
  after(() => s?.close());

  test('are held, and the channel and the message say why', async () => {
    const a = s.adminClient;
    const inbox = (await a.get('/api/v1/inboxes')).body.items[0];
    assert.ok((await sendRaw(s.running.smtpPort!, inbox.fallbackAddress, mail({ to: inbox.fallbackAddress, subject: 'No relay' }))).ok);
    const conv = (await a.get(`/api/v1/conversations?inboxId=${inbox.id}`)).body.items.find((c: any) => c.subject === 'No relay');
    const reply = (await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'hi' })).body;
    const held = await waitFor('held notice', async () =>
      ((await a.get(`/api/v1/conversations/${conv.id}/messages`)).body.items as any[]).find((m) => m.id === reply.id && m.deliveryError),
    );
    assert.equal(held.deliveryState, 'queued');
    assert.match(held.deliveryError, /SMTP_RELAY_URL/);
    const channel = (await a.get(`/api/v1/inboxes/${inbox.id}/channels`)).body.items.find((c: any) => c.kind === 'email');
    const full = (await a.get(`/api/v1/channels/${channel.id}`)).body;
    assert.equal(full.email.sending, 'held');
    assert.match(full.email.notice, /SMTP_RELAY_URL/);
  });
});
