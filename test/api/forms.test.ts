/**
 * Support forms (F-MSG.2): admins build them per inbox; a visitor's submission (with the token of the page
 * they loaded) opens a conversation in the Forms view, with a ticket when the form says so; everything
 * refused stores nothing; the reply leaves by email and the customer's answer threads back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mail, sendRaw, startCapture, waitFor } from '../email/support/mail.js';
import { engines, engineSuite } from '../support/engines.js';
import { Factory } from '../support/factory.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** The hosted page's token, read from the page as a browser gets it. */
async function pageToken(s: TestServer, slug: string): Promise<string> {
  const res = await fetch(`${s.url}/f/${slug}`);
  assert.equal(res.status, 200);
  const m = /name="_token" value="([^"]+)"/.exec(await res.text());
  assert.ok(m, 'the page carries a token');
  return m[1]!;
}

async function submit(s: TestServer, slug: string, body: FormData | Record<string, unknown>) {
  const json = !(body instanceof FormData);
  const res = await fetch(`${s.url}/api/v1/forms/${slug}/submissions`, {
    method: 'POST',
    headers: json ? { 'content-type': 'application/json' } : {},
    body: json ? JSON.stringify(body) : body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

for (const engine of engines) {
  describe(`support forms on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let f: Factory;
    let capture: Awaited<ReturnType<typeof startCapture>>;
    /** A team mailbox's own SMTP server (it asks for the mailbox's login). */
    let mailboxSmtp: Awaited<ReturnType<typeof startCapture>>;
    let inboxId: string;
    const forms = () => `/api/v1/inboxes/${inboxId}/forms`;
    const formConversations = async () =>
      (await s.adminClient.get(`/api/v1/conversations?inboxId=${inboxId}&view=forms`)).body.items as any[];

    before(async () => {
      capture = await startCapture();
      mailboxSmtp = await startCapture({ login: { user: 'team', pass: 'team-pass' } });
      s = await startTestServer({
        engine,
        env: {
          SMTP_RELAY_URL: capture.url,
          ALLOW_PRIVATE_MAIL_HOSTS: '1',
          // Small limits, so a test reaches them; no wait between loading and sending.
          FORM_LIMIT_PER_ADDRESS_HOUR: '3',
          FORM_LIMIT_TOTAL_DAY: '12',
          FORM_MAX_FILE_MB: '0.01',
          FORM_MIN_FILL_SECONDS: '0',
        },
      });
      f = new Factory(s);
      inboxId = (await f.inbox({ name: 'Support' })).id;
    });
    after(async () => {
      await s?.close();
      await capture?.close();
      await mailboxSmtp?.close();
    });

    test('admins build forms; a new one has name, email, subject and message; agents of another inbox get 404', async () => {
      const created = await s.adminClient.post(forms(), { name: 'Contact us', language: 'nl' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const form = created.body;
      assert.deepEqual(
        form.fields.map((x: any) => [x.id, x.kind, x.required]),
        [
          ['name', 'name', true],
          ['email', 'email', true],
          ['subject', 'subject', false],
          ['message', 'message', true],
        ],
      );
      assert.equal(form.fields[0].label, 'Je naam', 'labels in the form’s language');
      assert.match(form.slug, /^contact-us-[0-9a-f]{10}$/);
      assert.equal(form.url, `${s.url}/f/${form.slug}`);
      assert.match(form.embedSnippet, new RegExp(`<iframe src="${s.url}/f/${form.slug}\\?embed=1"`));

      // Name and email cannot be removed; custom kinds keep their choices.
      const changed = await s.adminClient.patch(`/api/v1/forms/${form.id}`, {
        fields: [
          { kind: 'message', label: 'Question', required: true },
          { kind: 'choice', label: 'Product', choices: ['Lamp', 'Chair'], required: true },
          { kind: 'checkbox', label: 'Call me back' },
        ],
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.deepEqual(
        changed.body.fields.map((x: any) => x.kind),
        ['name', 'email', 'message', 'choice', 'checkbox'],
      );
      assert.deepEqual(changed.body.fields[3].choices, ['Lamp', 'Chair']);
      assert.equal((await s.adminClient.post(forms(), { name: 'x', fields: Array(31).fill({ kind: 'text', label: 'a' }) })).status, 400);

      const other = await f.inbox({ name: 'Elsewhere', access: { mode: 'specific' } });
      const member = await f.user();
      const outsider = await f.user();
      await s.adminClient.patch(`/api/v1/inboxes/${other.id}`, { access: { mode: 'specific', userIds: [member.id], teamIds: [] } });
      const theirs = (await s.adminClient.post(`/api/v1/inboxes/${other.id}/forms`, { name: 'Theirs' })).body;
      assert.equal((await outsider.client.get(`/api/v1/inboxes/${other.id}/forms`)).status, 404);
      assert.equal((await outsider.client.patch(`/api/v1/forms/${theirs.id}`, { name: 'Mine' })).status, 404);
      assert.equal((await outsider.client.delete(`/api/v1/forms/${theirs.id}`)).status, 404);
      assert.equal((await member.client.get(`/api/v1/inboxes/${other.id}/forms`)).status, 403, 'members who are not admins may not');
      assert.equal((await s.adminClient.delete(`/api/v1/forms/${theirs.id}`)).status, 204);
      assert.equal((await fetch(`${s.url}/f/${theirs.slug}`)).status, 404);
      // An inbox goes with its forms.
      const kept = (await s.adminClient.post(`/api/v1/inboxes/${other.id}/forms`, { name: 'Kept' })).body;
      assert.equal((await s.adminClient.delete(`/api/v1/inboxes/${other.id}`, { confirmName: 'Elsewhere' })).status, 204);
      assert.equal((await fetch(`${s.url}/f/${kept.slug}`)).status, 404);
      const listed = (await s.adminClient.get(forms())).body.items as any[];
      assert.deepEqual(
        listed.map((x) => x.name),
        ['Contact us'],
      );
    });

    test('a submission opens a conversation in the Forms view with the answers, its file, and the ticket', async () => {
      const pipeline = (await s.adminClient.post('/api/v1/pipelines', { name: `Support ${f.uniq()}`, stages: ['New', 'Doing'] })).body;
      const form = (
        await s.adminClient.post(forms(), {
          name: 'Returns',
          fields: [
            { kind: 'subject', label: 'Subject' },
            { kind: 'message', label: 'What happened?', required: true },
            { kind: 'file', label: 'Photo' },
          ],
          ticket: { pipelineId: pipeline.id },
        })
      ).body;
      const data = new FormData();
      data.set('_token', await pageToken(s, form.slug));
      data.set('website', '');
      data.set('name', 'Rita Jansen');
      data.set('email', 'Rita@Example.org');
      data.set('subject', 'Broken lamp');
      data.set('message', 'It arrived in pieces.');
      data.set(form.fields[4].id, new Blob([Buffer.from('photo bytes')], { type: 'image/png' }), 'lamp.png');
      const r = await submit(s, form.slug, data);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.match(r.body.confirmation, /Thank you/);

      const conv = await waitFor('the conversation', async () => (await formConversations()).find((c) => c.subject === 'Broken lamp'));
      assert.equal(conv.channel, 'form');
      assert.equal(conv.contact.email, 'rita@example.org');
      assert.equal(conv.contact.name, 'Rita Jansen');
      const msgs = (await s.adminClient.get(`/api/v1/conversations/${conv.id}/messages`)).body.items as any[];
      const first = msgs.find((m) => m.kind === 'incoming');
      assert.match(first.text, /^Your name: Rita Jansen$/m);
      assert.match(first.text, /^What happened\?: It arrived in pieces\.$/m);
      assert.match(first.text, /^Photo: lamp\.png$/m);
      assert.deepEqual(
        first.attachments.map((a: any) => [a.filename, a.size]),
        [['lamp.png', 11]],
      );
      const tickets = (await s.adminClient.get(`/api/v1/tickets?conversationId=${conv.id}`)).body.items as any[];
      assert.deepEqual(
        tickets.map((t) => [t.title, t.pipelineId]),
        [['Broken lamp', pipeline.id]],
      );
    });

    test('the honeypot, a missing or forged token and a file too large are refused, and nothing is stored', async () => {
      const form = (
        await s.adminClient.post(forms(), {
          name: 'Guarded',
          fields: [
            { kind: 'message', label: 'Message', required: true },
            { kind: 'file', label: 'File' },
          ],
        })
      ).body;
      const answers = { name: 'Bot', email: 'bot@example.org', message: 'spam' };
      const before = (await formConversations()).length;
      const token = await pageToken(s, form.slug);

      const honeypot = await submit(s, form.slug, { token, website: 'http://spam.example', answers });
      assert.deepEqual([honeypot.status, honeypot.body.reason], [400, 'honeypot']);
      const missing = await submit(s, form.slug, { answers });
      assert.deepEqual([missing.status, missing.body.reason], [403, 'token_missing']);
      const forged = await submit(s, form.slug, { token: token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), answers });
      assert.deepEqual([forged.status, forged.body.reason], [403, 'token_invalid']);
      const otherForm = (await s.adminClient.post(forms(), { name: 'Another' })).body;
      const foreign = await submit(s, form.slug, { token: await pageToken(s, otherForm.slug), answers });
      assert.deepEqual([foreign.status, foreign.body.reason], [403, 'token_invalid'], 'a token is for its own form only');
      const invalid = await submit(s, form.slug, { token, answers: { name: 'Bot', email: 'not an address' } });
      assert.deepEqual(
        [invalid.status, invalid.body.reason, invalid.body.fields],
        [400, 'invalid', { email: 'email', message: 'required' }],
      );

      const big = new FormData();
      big.set('_token', token);
      for (const [k, v] of Object.entries(answers)) big.set(k, v);
      big.set(form.fields.find((x: any) => x.kind === 'file').id, new Blob([Buffer.alloc(20 * 1024, 1)]), 'big.bin');
      const tooLarge = await submit(s, form.slug, big);
      assert.deepEqual([tooLarge.status, tooLarge.body.reason, tooLarge.body.params], [413, 'file_too_large', { mb: 0 }]);

      const broken = await fetch(`${s.url}/api/v1/forms/${form.slug}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
        body: '--xyz\r\nnot a part',
      });
      assert.equal(broken.status, 400);
      // Only multipart bodies may be large (files): a large JSON body is refused before it is read.
      const padded = await submit(s, form.slug, { token, answers, pad: 'x'.repeat(100_000) });
      assert.equal(padded.status, 413);

      assert.equal((await formConversations()).length, before, 'no conversation');
      const contacts = (await s.adminClient.get('/api/v1/contacts?q=bot%40example.org')).body.items as any[];
      assert.equal(contacts.length, 0, 'no contact');
    });

    test('the reply reaches the submitter by email and their answer threads back into the conversation', async () => {
      const inbox = (await s.adminClient.get(`/api/v1/inboxes/${inboxId}`)).body;
      const form = (await s.adminClient.post(forms(), { name: 'Help', confirmation: 'Got it!' })).body;
      await s.adminClient.patch(`/api/v1/forms/${form.id}`, {});
      const ok = await submit(s, form.slug, {
        token: await pageToken(s, form.slug),
        answers: { name: 'Noor', email: 'noor@example.net', subject: 'Invoice copy', message: 'Please send my invoice.' },
      });
      assert.deepEqual([ok.status, ok.body.confirmation], [201, 'Got it!']);
      const conv = await waitFor('the conversation', async () => (await formConversations()).find((c) => c.subject === 'Invoice copy'));
      // The inbox's email identity: its signature goes with the reply.
      const channels = (await s.adminClient.get(`/api/v1/inboxes/${inboxId}/channels`)).body.items as any[];
      const emailChannel = channels.find((c) => c.kind === 'email');
      const signed = await s.adminClient.patch(`/api/v1/channels/${emailChannel.id}`, {
        signature: { format: 'text', body: 'Kind regards,\nThe Support team' },
      });
      assert.equal(signed.status, 200, JSON.stringify(signed.body));
      const reply = await s.adminClient.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'Here it is.' });
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      const got = await waitFor('the reply at the capture server', () =>
        capture.messages.find((m) => m.parsed.subject === 'Re: Invoice copy'),
      );
      assert.deepEqual(got.envelope.to, ['noor@example.net']);
      assert.equal(got.parsed.from?.value[0]?.address, inbox.fallbackAddress, 'from the inbox’s email address');
      assert.match(got.parsed.text!, /Here it is\.\n\n-- \nKind regards,\nThe Support team/);

      const answerTo = got.parsed.replyTo!.value[0]!.address!;
      const sent = await sendRaw(
        s.running.smtpPort!,
        answerTo,
        mail({
          to: answerTo,
          from: 'noor@example.net',
          subject: 'Re: Invoice copy',
          messageId: '<noor2@example.net>',
          inReplyTo: got.parsed.messageId,
        }),
      );
      assert.ok(sent.ok);
      const msgs = await waitFor('the answer in the same conversation', async () => {
        const items = (await s.adminClient.get(`/api/v1/conversations/${conv.id}/messages`)).body.items as any[];
        return items.filter((m) => m.kind === 'incoming').length === 2 ? items : null;
      });
      assert.equal(msgs.filter((m) => m.kind === 'reply')[0].deliveryState, 'sent');
      assert.equal((await formConversations()).filter((c) => c.contact?.email === 'noor@example.net').length, 1, 'no new conversation');
    });

    test('an inbox with its own mailbox answers from it, with its signature, and the answers thread back', async () => {
      const acme = await f.inbox({ name: `Acme ${f.uniq()}` });
      const closed = await startCapture();
      await closed.close();
      const box = await s.adminClient.post(`/api/v1/inboxes/${acme.id}/mailboxes`, {
        name: 'Acme support',
        address: 'support@acme.example',
        // Nothing to fetch here: the answers are sent in through the SMTP server below.
        imap: { host: '127.0.0.1', port: closed.port, secure: false, user: 'team', password: 'team-pass', folder: 'INBOX' },
        smtp: { host: '127.0.0.1', port: mailboxSmtp.port, secure: false, user: 'team', password: 'team-pass' },
      });
      assert.equal(box.status, 201, JSON.stringify(box.body));
      const signed = await s.adminClient.patch(`/api/v1/channels/${box.body.id}`, {
        signature: { format: 'text', body: 'Acme Support\nacme.example' },
      });
      assert.equal(signed.status, 200, JSON.stringify(signed.body));
      const form = (await s.adminClient.post(`/api/v1/inboxes/${acme.id}/forms`, { name: 'Acme help' })).body;
      const ok = await submit(s, form.slug, {
        token: await pageToken(s, form.slug),
        answers: { name: 'Lea', email: 'lea@example.com', subject: 'Warranty', message: 'Is my lamp covered?' },
      });
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      const conv = await waitFor('the conversation', async () =>
        ((await s.adminClient.get(`/api/v1/conversations?inboxId=${acme.id}&view=forms`)).body.items as any[]).find(
          (c) => c.subject === 'Warranty',
        ),
      );
      const messages = async () => (await s.adminClient.get(`/api/v1/conversations/${conv.id}/messages`)).body.items as any[];

      // Each reply leaves through the mailbox's own server, from its address, signed; each way a mail client
      // names the thread brings the answer back: In-Reply-To, References only, and In-Reply-To of an earlier reply.
      const replies: Array<{ messageId: string; subject: string }> = [];
      const answers = [
        (r: { messageId: string }) => ({ inReplyTo: r.messageId }),
        (r: { messageId: string }) => ({ references: r.messageId }),
        () => ({ inReplyTo: replies[0]!.messageId }),
      ];
      for (const [i, threadOf] of answers.entries()) {
        const body = `Answer number ${i + 1}.`;
        const reply = await s.adminClient.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body });
        assert.equal(reply.status, 201, JSON.stringify(reply.body));
        const got = await waitFor('the reply at the mailbox’s SMTP server', () =>
          mailboxSmtp.messages.find((m) => m.parsed.text?.includes(body)),
        );
        assert.deepEqual(got.envelope.to, ['lea@example.com']);
        assert.equal(got.parsed.from?.value[0]?.address, 'support@acme.example', 'from the mailbox');
        assert.equal(got.parsed.subject, 'Re: Warranty');
        assert.match(got.parsed.text!, new RegExp(`${body}\n\n-- \nAcme Support\nacme\\.example`));
        assert.equal(capture.messages.filter((m) => m.parsed.text?.includes(body)).length, 0, 'not through the outgoing server');
        const answerTo = got.parsed.replyTo?.value[0]?.address ?? 'support@acme.example';
        assert.equal(answerTo, 'support@acme.example', 'answers go to the mailbox');
        replies.push({ messageId: got.parsed.messageId!, subject: got.parsed.subject! });
        const thread = threadOf({ messageId: got.parsed.messageId! });
        const sent = await sendRaw(
          s.running.smtpPort!,
          answerTo,
          mail({
            to: answerTo,
            from: 'lea@example.com',
            subject: 'Re: Warranty',
            messageId: `<lea${i}.${f.uniq()}@example.com>`,
            ...thread,
          }),
        );
        assert.ok(sent.ok, JSON.stringify(sent));
        await waitFor(`answer ${i + 1} in the same conversation`, async () =>
          (await messages()).filter((m) => m.kind === 'incoming').length === i + 2 ? true : null,
        );
      }
      assert.deepEqual(
        (await messages()).filter((m) => m.kind === 'reply').map((m) => m.deliveryState),
        ['sent', 'sent', 'sent'],
      );
      const inAcme = (await s.adminClient.get(`/api/v1/conversations?inboxId=${acme.id}&view=all`)).body.items as any[];
      assert.equal(inAcme.length, 1, 'no new conversation');
    });

    test('a new form conversation notifies who turned that kind on', async () => {
      const agent = await f.user();
      const current = (await agent.client.get('/api/v1/me/notification-preferences')).body;
      assert.equal(current.kinds.new_conversation_form.inApp, false, 'off unless chosen');
      const prefs = await agent.client.put('/api/v1/me/notification-preferences', {
        ...current,
        kinds: { ...current.kinds, new_conversation_form: { inApp: true, email: false, push: false, sound: false } },
      });
      assert.equal(prefs.status, 200, JSON.stringify(prefs.body));
      const form = (await s.adminClient.post(forms(), { name: 'Notify' })).body;
      await submit(s, form.slug, {
        token: await pageToken(s, form.slug),
        answers: { name: 'Ava', email: 'ava@example.net', subject: 'Ping', message: 'Hello' },
      });
      const n = await waitFor('the notification', async () =>
        ((await agent.client.get('/api/v1/notifications')).body.items as any[]).find((x) => x.kind === 'new_conversation_form'),
      );
      assert.equal(n.kind, 'new_conversation_form');
    });

    test('limits per address per hour and for all forms per day', async () => {
      const form = (await s.adminClient.post(forms(), { name: 'Limited', fields: [{ kind: 'message', label: 'Message', required: true }] }))
        .body;
      const send = async (email: string) =>
        submit(s, form.slug, { token: await pageToken(s, form.slug), answers: { name: 'Sam', email, message: `hello ${f.uniq()}` } });
      for (let i = 0; i < 3; i++) assert.equal((await send('sam@example.org')).status, 201);
      const fourth = await send('SAM@example.org');
      assert.deepEqual([fourth.status, fourth.body.reason], [429, 'rate_limited'], 'the same address in any case');
      // Other addresses until the day's 12 in all (earlier tests sent some): then every address is refused.
      let last = await send('p0@example.org');
      for (let n = 1; last.status === 201 && n < 12; n++) last = await send(`p${n}@example.org`);
      assert.deepEqual([last.status, last.body.reason], [429, 'busy']);
      // In every inbox (one test above sends to another).
      const stored = (await s.adminClient.get('/api/v1/conversations?view=forms&limit=50')).body.items as any[];
      assert.equal(stored.length, 12, 'exactly the day’s limit was stored');
    });
  });
}
