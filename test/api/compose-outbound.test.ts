/** A composed email leaves through the outbox to a real capture SMTP server: subject, HTML, text, Cc, attachment and inline image. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startCapture, waitFor } from '../email/support/mail.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { PNG, upload } from '../support/upload.js';

for (const engine of engines) {
  describe(`composed email at the capture server on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let capture: Awaited<ReturnType<typeof startCapture>>;

    before(async () => {
      capture = await startCapture();
      s = await startTestServer({ engine, env: { SMTP_RELAY_URL: capture.url } });
      a = s.adminClient;
    });
    after(async () => {
      await s?.close();
      await capture?.close();
    });

    test('compose → the email arrives with To, Cc, HTML, text part and the file; a reply-all reaches the Cc too', async () => {
      const inbox = (await a.get('/api/v1/inboxes')).body.items[0];
      const file = (await upload(a, 'offer.pdf', Buffer.from('%PDF-1.4 offer'))).body;
      const logo = (await upload(a, 'logo.png', PNG)).body;
      const conv = await a.post('/api/v1/conversations', {
        inboxId: inbox.id,
        to: { email: 'olga@example.org', name: 'Olga' },
        cc: [{ email: 'finance@example.org', name: 'Finance' }],
        subject: 'Our offer',
        html: `<p>Dear Olga, here is <strong>our offer</strong>.</p><p><img src="/api/v1/uploads/${logo.id}" alt="logo"></p>`,
        attachmentIds: [file.id],
      });
      assert.equal(conv.status, 201, JSON.stringify(conv.body));
      const got = await waitFor('the composed email', () => capture.messages.find((m) => /Our offer/.test(m.parsed.subject ?? '')));
      assert.equal(got.parsed.subject, 'Our offer', 'a new email, not a Re:');
      assert.deepEqual(got.envelope.to.sort(), ['finance@example.org', 'olga@example.org']);
      assert.equal(got.parsed.to && !Array.isArray(got.parsed.to) ? got.parsed.to.value[0]?.address : null, 'olga@example.org');
      assert.equal(got.parsed.cc && !Array.isArray(got.parsed.cc) ? got.parsed.cc.value[0]?.address : null, 'finance@example.org');
      assert.match(String(got.parsed.html), /<strong>our offer<\/strong>/);
      assert.match(got.parsed.text ?? '', /Dear Olga, here is our offer\./);
      const pdf = got.parsed.attachments.find((x) => x.filename === 'offer.pdf');
      assert.equal(pdf?.content.toString(), '%PDF-1.4 offer');
      assert.ok(
        got.parsed.attachments.some((x) => x.filename === 'logo.png'),
        'the inline image travels with the email',
      );
      // The body points at the image part by cid: (the parser turns a matching cid: into data:), not at a URL of this server.
      assert.match(String(got.parsed.html), /<img src="data:image\/png;base64,[^"]+" alt="logo"/);
      assert.doesNotMatch(String(got.parsed.html), /\/api\/v1\//);

      // Reply-all: the stored Cc of the reply goes out too.
      const reply = await a.post(`/api/v1/conversations/${conv.body.id}/messages`, {
        kind: 'reply',
        html: '<p>One more thing</p>',
        cc: [{ email: 'finance@example.org' }, { email: 'legal@example.org' }],
      });
      assert.equal(reply.status, 201);
      const second = await waitFor('the reply', () => capture.messages.find((m) => /One more thing/.test(m.parsed.text ?? '')));
      assert.deepEqual(second.envelope.to.sort(), ['finance@example.org', 'legal@example.org', 'olga@example.org']);
    });
  });
}
