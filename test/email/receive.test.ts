/** The SMTP receiver end to end over real sockets: routing, limits, dedupe, threading, filtering, switched-off channels, HTML and attachments. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestDns, type TestDns } from '../support/dns.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { mail, sendRaw, waitFor } from './support/mail.js';

for (const engine of engines) {
  describe(`SMTP receiver on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let dns: TestDns;
    let inbox: { id: string; slug: string; fallbackAddress: string };
    let port: number;
    const send = (raw: string | Buffer, to = inbox.fallbackAddress, from?: string) => sendRaw(port, to, raw, from);
    const convs = async (q = '') => {
      const open = (await a.get(`/api/v1/conversations?inboxId=${inbox.id}&limit=100&status=open${q}`)).body.items as any[];
      const closed = (await a.get(`/api/v1/conversations?inboxId=${inbox.id}&limit=100&status=closed${q}`)).body.items as any[];
      return [...open, ...closed];
    };
    const messages = async (id: string) => (await a.get(`/api/v1/conversations/${id}/messages`)).body.items as any[];
    const bySubject = async (subject: string, q = '') => (await convs(q)).filter((c) => c.subject === subject);

    before(async () => {
      // The agents' domain lets 127.0.0.1 send its mail (SPF), so their forwards are authenticated.
      dns = await startTestDns();
      dns.txt.set('example.com', ['v=spf1 ip4:127.0.0.1 -all']);
      s = await startTestServer({ engine, env: { MAX_MESSAGE_MB: '0.1', DNS_SERVERS: dns.address } });
      a = s.adminClient;
      inbox = (await a.get('/api/v1/inboxes')).body.items[0];
      port = s.running.smtpPort!;
    });
    after(async () => {
      await s?.close();
      await dns?.close();
    });

    test('mail to the fallback address becomes a conversation, answered 250 once stored', async () => {
      const r = await send(
        mail({
          to: inbox.fallbackAddress,
          fromName: 'Ada Lovelace',
          from: 'ada@example.org',
          subject: 'Engine trouble',
          text: 'The engine stopped.',
        }),
      );
      assert.equal(r.ok, true, r.response);
      const [c] = await bySubject('Engine trouble');
      assert.ok(c, 'conversation listed right after 250');
      assert.equal(c.channel, 'email');
      assert.equal(c.contact.email, 'ada@example.org');
      assert.equal(c.contact.name, 'Ada Lovelace');
      const m = await messages(c.id);
      assert.equal(m.length, 1);
      assert.match(m[0].text, /The engine stopped\./);
    });

    test('unknown recipients get 550, over-size mail 552', async () => {
      const r = await send(mail({ to: 'nobody@switchboard.localhost' }), 'nobody@switchboard.localhost');
      assert.equal(r.ok, false);
      assert.equal(r.code, 550);
      const other = await send(mail({ to: 'x@elsewhere.example' }), 'x@elsewhere.example');
      assert.equal(other.code, 550);
      const big = await send(mail({ to: inbox.fallbackAddress, subject: 'Too big', text: 'x'.repeat(150 * 1024) }));
      assert.equal(big.ok, false);
      assert.equal(big.code, 552);
      assert.equal((await bySubject('Too big')).length, 0);
    });

    test('a redelivery never makes a second message, with or without a Message-ID', async () => {
      const withId = mail({ to: inbox.fallbackAddress, subject: 'Twice with id', from: 'twice@example.org' });
      assert.ok((await send(withId)).ok);
      assert.ok((await send(withId)).ok);
      const noId = mail({ to: inbox.fallbackAddress, subject: 'Twice without id', messageId: null, from: 'noid@example.org' });
      assert.ok((await send(noId)).ok);
      assert.ok((await send(noId)).ok);
      for (const subj of ['Twice with id', 'Twice without id']) {
        const cs = await bySubject(subj);
        assert.equal(cs.length, 1, subj);
        assert.equal((await messages(cs[0].id)).length, 1, subj);
      }
    });

    test('threading: In-Reply-To and References of the same inbox, subject within 7 days, reply+ address; never across inboxes', async () => {
      const first = mail({ to: inbox.fallbackAddress, from: 'tom@example.org', subject: 'Order 77', messageId: '<order77@example.org>' });
      assert.ok((await send(first)).ok);
      const [c] = await bySubject('Order 77');
      // In-Reply-To (another subject: the header decides; the sender is on the thread, test/security/email-threading.test.ts has the others).
      assert.ok(
        (
          await send(
            mail({ to: inbox.fallbackAddress, from: 'tom@example.org', subject: 'something else', inReplyTo: '<order77@example.org>' }),
          )
        ).ok,
      );
      // References only.
      assert.ok(
        (
          await send(
            mail({
              to: inbox.fallbackAddress,
              from: 'tom@example.org',
              subject: 'x',
              references: '<unknown@example.org> <order77@example.org>',
            }),
          )
        ).ok,
      );
      // Same contact and subject with Re:.
      assert.ok((await send(mail({ to: inbox.fallbackAddress, from: 'tom@example.org', subject: 'RE: [Ticket] Fwd: Order 77' }))).ok);
      // reply+<token>@ address (of the old form, without a MAC: it still threads for the thread's own participants).
      const replyTo = `reply+${c.id}@switchboard.localhost`;
      assert.ok((await sendRaw(port, replyTo, mail({ to: replyTo, from: 'tom@example.org', subject: 'new subject' }))).ok);
      assert.equal((await messages(c.id)).length, 5);

      // Another inbox: a crafted In-Reply-To pointing into the first inbox starts a new conversation there.
      const other = (await a.post('/api/v1/inboxes', { name: 'Sales desk' })).body;
      assert.ok(
        (
          await sendRaw(
            port,
            other.fallbackAddress,
            mail({ to: other.fallbackAddress, from: 'tom@example.org', subject: 'Order 77', inReplyTo: '<order77@example.org>' }),
          )
        ).ok,
      );
      const otherConvs = (await a.get(`/api/v1/conversations?inboxId=${other.id}`)).body.items;
      assert.equal(otherConvs.length, 1);
      assert.notEqual(otherConvs[0].id, c.id);
      assert.equal((await messages(c.id)).length, 5);
    });

    test('a new message reopens a closed conversation; an auto-reply does not', async () => {
      assert.ok(
        (
          await send(
            mail({ to: inbox.fallbackAddress, from: 'carl@example.org', subject: 'Closing time', messageId: '<closing@example.org>' }),
          )
        ).ok,
      );
      const [c] = await bySubject('Closing time');
      assert.equal((await a.patch(`/api/v1/conversations/${c.id}`, { status: 'closed' })).status, 200);
      assert.ok(
        (
          await send(
            mail({
              to: inbox.fallbackAddress,
              from: 'carl@example.org',
              subject: 'Re: Closing time',
              inReplyTo: '<closing@example.org>',
              headers: { 'Auto-Submitted': 'auto-replied' },
            }),
          )
        ).ok,
      );
      assert.equal((await a.get(`/api/v1/conversations/${c.id}`)).body.status, 'closed');
      assert.equal((await messages(c.id)).filter((m) => m.kind === 'incoming').length, 2, 'the auto-reply is in the thread');
      assert.ok(
        (
          await send(
            mail({ to: inbox.fallbackAddress, from: 'carl@example.org', subject: 'Re: Closing time', inReplyTo: '<closing@example.org>' }),
          )
        ).ok,
      );
      assert.equal((await a.get(`/api/v1/conversations/${c.id}`)).body.status, 'open');
    });

    test('role addresses go to Filtered; the list is editable per channel', async () => {
      assert.ok((await send(mail({ to: inbox.fallbackAddress, from: 'marketing@vendor.example', subject: 'Big sale' }))).ok);
      assert.equal((await bySubject('Big sale', '&view=filtered')).length, 1);
      assert.equal((await bySubject('Big sale')).length, 0);
      const channels = (await a.get(`/api/v1/inboxes/${inbox.id}/channels`)).body.items;
      const email = channels.find((c: any) => c.kind === 'email');
      assert.equal(email.address, inbox.fallbackAddress);
      const r = await a.patch(`/api/v1/channels/${email.id}`, { roleAddresses: ['billing'] });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.settings.roleAddresses, ['billing']);
      assert.ok((await send(mail({ to: inbox.fallbackAddress, from: 'marketing@vendor2.example', subject: 'Second sale' }))).ok);
      assert.equal((await bySubject('Second sale')).length, 1);
      assert.ok((await send(mail({ to: inbox.fallbackAddress, from: 'billing@vendor3.example', subject: 'Invoice due' }))).ok);
      assert.equal((await bySubject('Invoice due', '&view=filtered')).length, 1);
    });

    test('a switched-off channel keeps mail aside, unseen, and replays it when switched on', async () => {
      const email = (await a.get(`/api/v1/inboxes/${inbox.id}/channels`)).body.items.find((c: any) => c.kind === 'email');
      assert.equal((await a.patch(`/api/v1/channels/${email.id}`, { status: 'off' })).status, 200);
      assert.ok((await send(mail({ to: inbox.fallbackAddress, from: 'held@example.org', subject: 'While off' }))).ok);
      assert.equal((await bySubject('While off')).length, 0);
      assert.equal((await a.get(`/api/v1/channels/${email.id}`)).body.email.heldIncoming, 1);
      const on = await a.patch(`/api/v1/channels/${email.id}`, { status: 'on' });
      assert.equal(on.status, 200);
      // Replayed by the replay-held job (test/email/held-replay.test.ts has the details).
      await waitFor('the replay', async () => (await bySubject('While off')).length === 1, 60_000);
      // The held copy goes a moment after the message is recorded (never before: nothing can be lost).
      await waitFor('the held copy to go', async () => (await a.get(`/api/v1/channels/${email.id}`)).body.email.heldIncoming === 0, 10_000);
      assert.equal((await bySubject('While off')).length, 1, 'replayed once');
    });

    test('mail an agent forwards is logged to the original sender, unless the channel turns that off', async () => {
      const fwd = (subject: string) =>
        mail({
          to: inbox.fallbackAddress,
          from: s.admin.email,
          fromName: 'Admin',
          subject: `Fwd: ${subject}`,
          text: [
            'Can someone take this?',
            '',
            '---------- Forwarded message ---------',
            'From: Olga Original <olga@example.org>',
            'Date: Mon, 1 Jun 2026 at 10:00',
            `Subject: ${subject}`,
            'To: admin@example.com',
            '',
            'My invoice is wrong.',
          ].join('\r\n'),
        });
      assert.ok((await send(fwd('Invoice 12'), undefined, s.admin.email)).ok);
      const [c] = await bySubject('Invoice 12');
      assert.ok(c, 'the conversation takes the original subject');
      assert.equal(c.contact.email, 'olga@example.org');
      assert.equal(c.contact.name, 'Olga Original');
      // A customer forwarding something stays the contact.
      assert.ok(
        (
          await send(
            mail({
              to: inbox.fallbackAddress,
              from: 'cust@example.org',
              subject: 'Fwd: look',
              text: '---------- Forwarded message ---------\r\nFrom: Other <other@example.org>\r\n\r\nhi',
            }),
          )
        ).ok,
      );
      assert.equal((await bySubject('Fwd: look'))[0].contact.email, 'cust@example.org');
      const email = (await a.get(`/api/v1/inboxes/${inbox.id}/channels`)).body.items.find((x: any) => x.kind === 'email');
      assert.equal((await a.patch(`/api/v1/channels/${email.id}`, { logForwardedToSender: false })).status, 200);
      assert.ok((await send(fwd('Invoice 13'), undefined, s.admin.email)).ok);
      const [own] = await bySubject('Fwd: Invoice 13');
      assert.equal(own.contact.email, s.admin.email);
    });

    test('HTML is sanitised, attachments are stored and served only as downloads, cid: images inline', async () => {
      const png = Buffer.from(
        '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6300010000050001a5f645400000000049454e44ae426082',
        'hex',
      );
      const b = 'mixed1';
      const r = 'rel1';
      const raw = [
        'From: "Eve" <eve@example.org>',
        `To: ${inbox.fallbackAddress}`,
        'Subject: Hostile html',
        'Message-ID: <hostile-html@example.org>',
        'MIME-Version: 1.0',
        `Content-Type: multipart/mixed; boundary="${b}"`,
        '',
        `--${b}`,
        `Content-Type: multipart/related; boundary="${r}"`,
        '',
        `--${r}`,
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p onclick="alert(1)">Hi <a href="javascript:alert(2)">x</a><script>alert(3)</script><form action="https://evil.example"><input name=a></form>',
        '<img src="cid:logo@x"><img src="https://tracker.example/p.gif"><svg onload="alert(4)"></svg><style>body{display:none}</style><iframe src="https://evil.example"></iframe>',
        '<span style="position:fixed;top:0;color:red;background:url(https://x.example/a)">styled</span></p>',
        `--${r}`,
        'Content-Type: image/png',
        'Content-ID: <logo@x>',
        'Content-Transfer-Encoding: base64',
        'Content-Disposition: inline',
        '',
        png.toString('base64'),
        `--${r}--`,
        `--${b}`,
        'Content-Type: text/html; name="../../etc/passwd.html"',
        'Content-Disposition: attachment; filename="../../etc/passwd.html"',
        '',
        '<script>alert(5)</script>',
        `--${b}--`,
        '',
      ].join('\r\n');
      assert.ok((await send(raw)).ok);
      const [c] = await bySubject('Hostile html');
      const [m] = await messages(c.id);
      assert.ok(m.html);
      for (const bad of [
        /<script/i,
        /onclick/i,
        /javascript:/i,
        /<form/i,
        /<input/i,
        /<svg/i,
        /onload/i,
        /<style/i,
        /<iframe/i,
        /position\s*:\s*fixed/i,
        /url\(/i,
      ])
        assert.doesNotMatch(m.html, bad);
      assert.match(m.html, /color:\s*red/);
      assert.match(m.html, /https:\/\/tracker\.example\/p\.gif/, 'remote images are kept; the app blocks them until the agent loads them');
      assert.equal(m.attachments.length, 2);
      const logo = m.attachments.find((x: any) => x.inline);
      const file = m.attachments.find((x: any) => !x.inline);
      assert.ok(m.html.includes(`/api/v1/attachments/${logo.id}/inline`));
      assert.equal(file.filename, 'passwd.html');
      const dl = await a.get(`/api/v1/attachments/${file.id}`);
      assert.equal(dl.status, 200);
      assert.equal(dl.headers.get('content-type'), 'application/octet-stream');
      assert.match(dl.headers.get('content-disposition')!, /^attachment; filename="passwd.html"/);
      assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');
      const img = await a.get(`/api/v1/attachments/${logo.id}/inline`);
      assert.equal(img.headers.get('content-type'), 'image/png');
      const fileInline = await a.get(`/api/v1/attachments/${file.id}/inline`);
      assert.equal(fileInline.headers.get('content-type'), 'application/octet-stream');
      assert.equal((await s.anonymous().get(`/api/v1/attachments/${file.id}`)).status, 401);
    });
  });
}
