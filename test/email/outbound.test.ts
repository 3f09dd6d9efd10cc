/** Replies leave through the outbox to a real capture SMTP server, with threading headers; the customer's answer threads back; bounces and failures show. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { mail, sendRaw, startCapture, waitFor } from './support/mail.js';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa0c5b1370000000049454e44ae426082',
  'hex',
);
/** A file for an email being written, sent as the editor does (the bytes as the body). */
async function upload(c: Client, filename: string, data: Buffer): Promise<{ id: string }> {
  const res = await fetch(`${c.baseUrl}/api/v1/attachments?filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { origin: c.baseUrl, cookie: c.cookie, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(data),
  });
  assert.equal(res.status, 201);
  return (await res.json()) as { id: string };
}

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
      assert.ok(
        (
          await sendRaw(
            port,
            inbox.fallbackAddress,
            mail({
              to: inbox.fallbackAddress,
              from: 'rita@example.org',
              fromName: 'Rita',
              subject: 'Broken lamp',
              messageId: '<lamp1@example.org>',
            }),
          )
        ).ok,
      );
      const conv = (await a.get(`/api/v1/conversations?inboxId=${inbox.id}`)).body.items.find((c: any) => c.subject === 'Broken lamp');
      const reply = await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'We will send a new one.' });
      assert.equal(reply.status, 201);
      assert.equal(reply.body.deliveryState, 'queued');
      const got = await waitFor('the reply at the capture server', () =>
        capture.messages.find((m) => m.parsed.subject === 'Re: Broken lamp'),
      );
      assert.deepEqual(got.envelope.to, ['rita@example.org']);
      assert.equal(got.parsed.inReplyTo, '<lamp1@example.org>');
      assert.match(String(got.parsed.references), /<lamp1@example\.org>/);
      // Both carry a MAC of the server's thread key (unguessable).
      assert.match(got.parsed.messageId!, new RegExp(`^<sb\\.${conv.id}\\.${reply.body.id}\\.[0-9a-f]{32}@switchboard\\.localhost>$`));
      assert.match(got.parsed.replyTo!.value[0]!.address!, new RegExp(`^reply\\+${conv.id}\\.[0-9a-f]{16}@switchboard\\.localhost$`));
      assert.equal(got.parsed.from?.value[0]?.address, inbox.fallbackAddress);
      assert.match(got.parsed.text!, /We will send a new one\./);
      const sent = await waitFor('sent state', async () =>
        (await messages(conv.id)).find((m) => m.id === reply.body.id && m.deliveryState === 'sent'),
      );
      assert.equal(sent.deliveryError, null);

      // The customer answers with a client that keeps only In-Reply-To, and another subject.
      assert.ok(
        (
          await sendRaw(
            port,
            inbox.fallbackAddress,
            mail({ to: inbox.fallbackAddress, from: 'rita@example.org', subject: 'thanks!', inReplyTo: got.parsed.messageId! }),
          )
        ).ok,
      );
      // And one that dropped every header but answered to the reply+ address.
      const replyTo = got.parsed.replyTo!.value[0]!.address!;
      assert.ok((await sendRaw(port, replyTo, mail({ to: replyTo, from: 'rita@example.org', subject: 'one more thing' }))).ok);
      const thread = await messages(conv.id);
      assert.deepEqual(
        thread.map((m) => m.kind),
        ['incoming', 'reply', 'incoming', 'incoming'],
      );
    });

    test('an HTML reply leaves as HTML and text with its file, its inline image as a cid: part, the Cc, and the signature in both parts', async () => {
      const port = s.running.smtpPort!;
      const channel = (await a.get(`/api/v1/inboxes/${inbox.id}/channels`)).body.items.find((c: any) => c.kind === 'email');
      await a.patch(`/api/v1/channels/${channel.id}`, { signature: { format: 'text', body: 'Regards,\n{{full_name}}' } });
      try {
        assert.ok(
          (
            await sendRaw(
              port,
              inbox.fallbackAddress,
              mail({ to: inbox.fallbackAddress, from: 'omar@example.org', subject: 'Invoice copy' }),
            )
          ).ok,
        );
        const conv = (await a.get(`/api/v1/conversations?inboxId=${inbox.id}`)).body.items.find((c: any) => c.subject === 'Invoice copy');
        const file = await upload(a, 'invoice.pdf', Buffer.from('%PDF-1.4 invoice'));
        const logo = await upload(a, 'logo.png', PNG);
        const r = await a.post(`/api/v1/conversations/${conv.id}/messages`, {
          kind: 'reply',
          html: `<p>Here is the <b>invoice</b>.</p><p><img src="/api/v1/uploads/${logo.id}" alt="logo"></p>`,
          cc: [{ email: 'books@example.org', name: 'Books' }],
          attachmentIds: [file.id, logo.id],
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        const got = await waitFor('the HTML reply', () => capture.messages.find((m) => m.parsed.subject === 'Re: Invoice copy'));
        assert.deepEqual(got.envelope.to.sort(), ['books@example.org', 'omar@example.org']);
        assert.equal(got.parsed.cc && !Array.isArray(got.parsed.cc) ? got.parsed.cc.value[0]?.address : null, 'books@example.org');
        const html = String(got.parsed.html);
        assert.match(html, /Here is the <b>invoice<\/b>\./);
        assert.match(html, /<div class="signature">Regards,<br>[^<]+<\/div>/);
        assert.match(got.parsed.text!, /Here is the invoice\.[\s\S]*\n-- \nRegards,\n/);
        assert.equal(got.parsed.attachments.find((x) => x.filename === 'invoice.pdf')?.content.toString(), '%PDF-1.4 invoice');
        const img = got.parsed.attachments.find((x) => x.filename === 'logo.png');
        assert.ok(img?.cid, 'the image is an inline part');
        assert.ok(img.content.equals(PNG));
        // mailparser resolves a cid: reference to its part's bytes: so the HTML pointed at the inline part.
        assert.ok(html.includes(`src="data:image/png;base64,${PNG.toString('base64')}"`), 'the HTML points at the inline part');
        assert.doesNotMatch(html, /\/api\/v1\//, 'no link into the app');
      } finally {
        await a.patch(`/api/v1/channels/${channel.id}`, { signature: { format: 'text', body: '' } });
      }
    });

    test('References and In-Reply-To carry only real Message-IDs, never a chat client id', async () => {
      const port = s.running.smtpPort!;
      assert.ok(
        (
          await sendRaw(
            port,
            inbox.fallbackAddress,
            mail({ to: inbox.fallbackAddress, from: 'lin@example.org', subject: 'Mixed thread', messageId: '<mixed1@example.org>' }),
          )
        ).ok,
      );
      const conv = (await a.get(`/api/v1/conversations?inboxId=${inbox.id}`)).body.items.find((c: any) => c.subject === 'Mixed thread');
      // A message in the thread whose id came from a chat widget (no '@'), newer than the email.
      const first = ((await messages(conv.id)) as any[])[0];
      await s.running.ctx.db.kysely
        .insertInto('messages')
        .values({
          id: `${first.id.slice(0, -4)}zzzz`,
          conversation_id: conv.id,
          channel_id: (
            await s.running.ctx.db.kysely.selectFrom('messages').select('channel_id').where('id', '=', first.id).executeTakeFirstOrThrow()
          ).channel_id,
          kind: 'incoming',
          author_user_id: null,
          author_contact_id: null,
          text: 'from the widget',
          html: null,
          external_id: 'cl-7f3a9c',
          delivery_state: 'none',
          delivery_error: null,
          mentions: '[]',
          recipients: null,
          created_at: new Date(Date.parse(first.createdAt) + 1).toISOString(),
        })
        .execute();
      await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'Answering both' });
      const got = await waitFor('the reply', () => capture.messages.find((m) => m.parsed.subject === 'Re: Mixed thread'));
      assert.equal(got.parsed.inReplyTo, '<mixed1@example.org>');
      assert.equal(String(got.parsed.references), '<mixed1@example.org>');
      assert.doesNotMatch(got.raw.toString('latin1'), /cl-7f3a9c/);
    });

    test('a failed send is marked on the message, and retry sends it with the same Message-ID', async () => {
      const port = s.running.smtpPort!;
      assert.ok(
        (await sendRaw(port, inbox.fallbackAddress, mail({ to: inbox.fallbackAddress, from: 'sam@example.org', subject: 'Refund' }))).ok,
      );
      const conv = (await a.get(`/api/v1/conversations?inboxId=${inbox.id}`)).body.items.find((c: any) => c.subject === 'Refund');
      rejectNext = 1;
      const reply = (await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'Refund done' })).body;
      const failed = await waitFor('failed state', async () =>
        (await messages(conv.id)).find((m) => m.id === reply.id && m.deliveryState === 'failed'),
      );
      assert.match(failed.deliveryError, /554|rejected/);
      const r = await a.post(`/api/v1/messages/${reply.id}/retry`);
      assert.equal(r.status, 200);
      const got = await waitFor('the retried reply', () => capture.messages.find((m) => m.parsed.subject === 'Re: Refund'));
      assert.match(got.parsed.messageId!, new RegExp(`\\.${reply.id}\\.[0-9a-f]{32}@`));
      await waitFor('sent state', async () => (await messages(conv.id)).find((m) => m.id === reply.id && m.deliveryState === 'sent'));
      assert.equal(capture.messages.filter((m) => m.parsed.subject === 'Re: Refund').length, 1, 'sent once');
      assert.equal((await a.post(`/api/v1/messages/${reply.id}/retry`)).status, 409);
    });

    test('a bounce attaches to the reply it reports and marks it failed, without reopening', async () => {
      const port = s.running.smtpPort!;
      assert.ok(
        (
          await sendRaw(
            port,
            inbox.fallbackAddress,
            mail({ to: inbox.fallbackAddress, from: 'gone@example.org', subject: 'Address check' }),
          )
        ).ok,
      );
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
    assert.equal(held.deliveryHeld, 'no_outgoing_server');
    assert.match(held.deliveryError, /^Held: no outgoing mail server/);
    const channel = (await a.get(`/api/v1/inboxes/${inbox.id}/channels`)).body.items.find((c: any) => c.kind === 'email');
    const full = (await a.get(`/api/v1/channels/${channel.id}`)).body;
    assert.equal(full.email.sending, 'held');
    assert.match(full.email.notice, /SMTP_RELAY_URL/);
  });
});
