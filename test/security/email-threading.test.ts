/**
 * Who may write into a thread by email, over real SMTP: reply+ addresses and our Message-IDs carry
 * a MAC; mail that names a thread joins it only when its sender is on that thread (else a new
 * conversation follows up on it), and never a chat; a bounce counts only from the null sender
 * with a delivery-status report; Reply all copies only addresses legitimately on the thread.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { replyAllCc } from '../../src/common/reply-all.js';
import { VisitorClient } from '../chat/support/visitor.js';
import { mail, sendRaw, startCapture, waitFor } from '../email/support/mail.js';
import { startTestDns, type TestDns } from '../support/dns.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';

const DOMAIN = 'switchboard.localhost';

for (const engine of engines) {
  describe(`email threading trust on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let dns: TestDns;
    let capture: Awaited<ReturnType<typeof startCapture>>;
    let inbox: { id: string; fallbackAddress: string };
    let port: number;
    let n = 0;
    const uniq = (what: string) => `${what} ${++n}`;
    const messages = async (id: string) => (await a.get(`/api/v1/conversations/${id}/messages`)).body.items as any[];
    const conversationsIn = async (inboxId: string) => {
      const items: any[] = [];
      for (const status of ['open', 'closed'])
        items.push(...(await a.get(`/api/v1/conversations?inboxId=${inboxId}&limit=100&status=${status}`)).body.items);
      return items;
    };
    const bySubject = async (subject: string, inboxId = inbox.id) => (await conversationsIn(inboxId)).filter((c) => c.subject === subject);

    /** A customer's mail (rita, Cc carl), the agent's reply as it left (its Message-ID and Reply-To). */
    async function thread(what: string) {
      const subject = uniq(what);
      const firstId = `<${randomUUID()}@customer.example>`;
      assert.ok(
        (
          await sendRaw(
            port,
            inbox.fallbackAddress,
            mail({
              to: inbox.fallbackAddress,
              from: 'rita@customer.example',
              subject,
              messageId: firstId,
              headers: { Cc: 'carl@customer.example' },
            }),
            'rita@customer.example',
          )
        ).ok,
      );
      const [conv] = await bySubject(subject);
      assert.ok(conv);
      const reply = (await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'On it.' })).body;
      const out = await waitFor('the reply', () => capture.messages.find((m) => m.parsed.subject === `Re: ${subject}`));
      await waitFor('sent', async () => (await messages(conv.id)).find((m) => m.id === reply.id && m.deliveryState === 'sent'));
      return {
        conv,
        subject,
        firstId,
        replyId: reply.id as string,
        messageId: out.parsed.messageId!,
        replyTo: out.parsed.replyTo!.value[0]!.address!,
      };
    }

    before(async () => {
      dns = await startTestDns();
      dns.txt.set('verified.example', ['v=spf1 ip4:127.0.0.1 -all']);
      capture = await startCapture();
      s = await startTestServer({ engine, env: { SMTP_RELAY_URL: capture.url, DNS_SERVERS: dns.address } });
      a = s.adminClient;
      inbox = (await a.get('/api/v1/inboxes')).body.items[0];
      port = s.running.smtpPort!;
    });
    after(async () => {
      await s?.close();
      await capture?.close();
      await dns?.close();
    });

    test("a participant's reply still threads: the contact and whoever was addressed, by reply+ address, In-Reply-To, References and old-form tokens", async () => {
      const t = await thread('Lamp');
      assert.match(t.replyTo, new RegExp(`^reply\\+${t.conv.id}\\.[0-9a-f]{16}@`));
      const ways = [
        { from: 'rita@customer.example', to: t.replyTo },
        { from: 'carl@customer.example', inReplyTo: t.messageId },
        { from: 'RITA@customer.example', references: `<unknown@elsewhere.example> ${t.messageId}` },
        { from: 'carl@customer.example', inReplyTo: t.firstId },
        // Tokens of the old form (no MAC), handed out before: they still work for the thread's own people.
        { from: 'rita@customer.example', to: `reply+${t.conv.id}@${DOMAIN}` },
        { from: 'carl@customer.example', inReplyTo: `<sb.${t.conv.id}.${t.replyId}@${DOMAIN}>` },
      ];
      for (const [i, w] of ways.entries()) {
        const to = w.to ?? inbox.fallbackAddress;
        assert.ok(
          (
            await sendRaw(
              port,
              to,
              mail({ to, from: w.from, subject: `other subject ${i}`, inReplyTo: w.inReplyTo, references: w.references }),
              w.from,
            )
          ).ok,
        );
      }
      const incoming = (await messages(t.conv.id)).filter((m) => m.kind === 'incoming');
      assert.equal(incoming.length, 1 + ways.length);
    });

    test('someone an agent copied on a reply may answer into the thread, also after the participants are rebuilt from the stored messages', async () => {
      const t = await thread('Shelf');
      const cc = `dora.${n}@customer.example`;
      const reply = (
        await a.post(`/api/v1/conversations/${t.conv.id}/messages`, { kind: 'reply', body: 'Copying Dora.', cc: [{ email: cc }] })
      ).body;
      await waitFor('sent', async () => (await messages(t.conv.id)).find((m) => m.id === reply.id && m.deliveryState === 'sent'));
      const answer = async (from: string, i: number) =>
        assert.ok((await sendRaw(port, t.replyTo, mail({ to: t.replyTo, from, subject: `answer ${n}.${i}` }), from)).ok);
      await answer(cc.toUpperCase(), 1);
      const incoming = async () => (await messages(t.conv.id)).filter((m) => m.kind === 'incoming').length;
      assert.equal(await incoming(), 2, 'Dora, copied by the agent, answers in the thread');
      // The participants as the migration finds them in messages stored before it: the same people.
      const { up } = await import('../../src/server/db/migrations/021-conversation-participants.js');
      const k = s.running.ctx.db.kysely;
      await k.schema.dropTable('conversation_participants').execute();
      await up(k, engine);
      await answer(cc, 2);
      await answer('carl@customer.example', 3);
      await answer('rita@customer.example', 4);
      assert.equal(await incoming(), 5, 'everyone on the thread still answers into it');
      await answer(`eve.${n}@customer.example`, 5);
      assert.equal(await incoming(), 5, 'a stranger does not');
    });

    test('anyone else who names a thread (reply+ address, In-Reply-To, References, old tokens) opens a new conversation that follows up on it', async () => {
      const t = await thread('Invoice');
      const before = (await messages(t.conv.id)).length;
      const ways = [
        { what: 'the reply+ address', to: t.replyTo },
        { what: 'In-Reply-To our Message-ID', inReplyTo: t.messageId },
        { what: 'References with our Message-ID', references: `<x@elsewhere.example> ${t.messageId}` },
        { what: "In-Reply-To the customer's Message-ID", inReplyTo: t.firstId },
        { what: 'an old reply+ address (a guessed conversation id)', to: `reply+${t.conv.id}@${DOMAIN}` },
        { what: 'an old Message-ID', inReplyTo: `<sb.${t.conv.id}.${t.replyId}@${DOMAIN}>` },
      ];
      const senders = ['mallory@evil.example', 'someone@customer.example', 'rita@customer.example.evil.example'];
      for (const [i, w] of ways.entries()) {
        const from = senders[i % senders.length]!;
        const subject = uniq(`Please change the IBAN (${w.what})`);
        const to = w.to ?? inbox.fallbackAddress;
        const r = await sendRaw(port, to, mail({ to, from, subject, inReplyTo: w.inReplyTo, references: w.references }), from);
        assert.ok(r.ok, `${w.what}: ${r.response}`);
        const [conv] = await bySubject(subject);
        assert.ok(conv, `${w.what}: a conversation of its own`);
        assert.notEqual(conv.id, t.conv.id);
        assert.equal(conv.contact.email, from);
        const lines = (await messages(conv.id)).filter((m) => m.kind === 'system');
        assert.ok(
          lines.some((m) => m.text.includes(`Follows up on conversation ${t.conv.id}`)),
          `${w.what}: the link to the thread it named`,
        );
        assert.ok(
          lines.some((m) => m.fact?.kind === 'follows_up' && m.fact.conversationId === t.conv.id),
          `${w.what}: the line's fact, for the reader's language`,
        );
      }
      assert.equal((await messages(t.conv.id)).length, before, 'nothing was added to the thread');
    });

    test('guessed tokens: a reply+ address with a wrong MAC is no mailbox; a guessed id of another inbox opens a conversation there, not in the thread', async () => {
      // A conversation of another inbox, its id guessed: mail to its old reply+ address does not join it.
      const other = (await a.post('/api/v1/inboxes', { name: uniq('Payroll') })).body;
      const victimSubject = uniq('Salary');
      assert.ok(
        (
          await sendRaw(
            port,
            other.fallbackAddress,
            mail({ to: other.fallbackAddress, from: 'hr@customer.example', subject: victimSubject }),
            'hr@customer.example',
          )
        ).ok,
      );
      const [victim] = await bySubject(victimSubject, other.id);
      const to = `reply+${victim.id}@${DOMAIN}`;
      assert.ok(
        (await sendRaw(port, to, mail({ to, from: 'mallory@evil.example', subject: uniq('new bank account') }), 'mallory@evil.example')).ok,
      );
      assert.equal((await messages(victim.id)).length, 1, 'the guessed thread is untouched');
      assert.equal((await conversationsIn(other.id)).length, 2, 'a new conversation in that inbox');

      const t = await thread('Contract');
      const mac = /\.([0-9a-f]{16})@/.exec(t.replyTo)![1]!;
      const wrong = [
        '0'.repeat(16),
        mac.slice(0, 15) + (mac[15] === '0' ? '1' : '0'),
        mac.split('').reverse().join(''),
        mac.slice(0, 8),
        `${mac}00`,
      ];
      for (const w of wrong) {
        const to = `reply+${t.conv.id}.${w}@${DOMAIN}`;
        const r = await sendRaw(port, to, mail({ to, from: 'rita@customer.example', subject: uniq('wrong mac') }), 'rita@customer.example');
        assert.equal(r.code, 550, `${w}: ${r.response}`);
      }
      // A Message-ID of ours with a wrong MAC names no thread, even for a participant.
      const forged = `<sb.${t.conv.id}.${t.replyId}.${'f'.repeat(32)}@${DOMAIN}>`;
      const subject = uniq('forged mac');
      assert.ok(
        (
          await sendRaw(
            port,
            inbox.fallbackAddress,
            mail({ to: inbox.fallbackAddress, from: 'rita@customer.example', subject, inReplyTo: forged }),
            'rita@customer.example',
          )
        ).ok,
      );
      assert.equal((await bySubject(subject)).length, 1);
      assert.equal((await messages(t.conv.id)).filter((m) => m.kind === 'incoming').length, 1);
    });

    test('never into a chat: reply+ addresses and Message-IDs naming a chat conversation (of this inbox or another) do not reach it', async () => {
      const chatInbox = (await a.post('/api/v1/inboxes', { name: uniq('Web shop') })).body;
      const ch = (await a.post(`/api/v1/inboxes/${chatInbox.id}/channels`, { kind: 'chat', name: 'Site' })).body;
      const { v } = await VisitorClient.hello(s.url, ch.id, { name: 'Pat' });
      try {
        const ack = await v.say(`parcel-question-${n}`, 'Where is my parcel?');
        v.send({ type: 'email', email: 'pat@customer.example' });
        await v.next((m) => m.type === 'email-saved');
        const chatId = ack.conversationId as string;
        const before = (await messages(chatId)).length;
        // The chat's own visitor (its contact) and strangers alike.
        for (const from of ['pat@customer.example', 'mallory@evil.example']) {
          const to = `reply+${chatId}@${DOMAIN}`;
          const r = await sendRaw(port, to, mail({ to, from, subject: uniq('via reply+') }), from);
          assert.equal(r.code, 550, `${from}: ${r.response}`);
          for (const target of [chatInbox.fallbackAddress, inbox.fallbackAddress]) {
            for (const header of ['inReplyTo', 'references'] as const) {
              const id = `<sb.${chatId}.${randomUUID()}@${DOMAIN}>`;
              assert.ok((await sendRaw(port, target, mail({ to: target, from, subject: uniq('via Message-ID'), [header]: id }), from)).ok);
            }
          }
        }
        assert.equal((await messages(chatId)).length, before, 'the chat got nothing');
        assert.ok(
          !v.received.some((m) => m.type === 'message' && /via (reply\+|Message-ID)|Hello there/.test(JSON.stringify(m))),
          'the visitor saw nothing',
        );
      } finally {
        v.ws.close();
      }
    });

    test('a bounce counts only from the null sender with a delivery-status report', async () => {
      const dsn = (messageId: string, o: { report: boolean }) =>
        [
          'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
          `To: ${inbox.fallbackAddress}`,
          'Subject: Undelivered Mail Returned to Sender',
          `Message-ID: <${randomUUID()}@mx.example.org>`,
          'MIME-Version: 1.0',
          o.report
            ? 'Content-Type: multipart/report; report-type=delivery-status; boundary="r"'
            : 'Content-Type: multipart/mixed; boundary="r"',
          '',
          '--r',
          'Content-Type: text/plain',
          '',
          'The mail could not be delivered: user unknown.',
          '--r',
          o.report ? 'Content-Type: message/delivery-status' : 'Content-Type: text/plain',
          '',
          'Reporting-MTA: dns; mx.example.org',
          '',
          'Final-Recipient: rfc822; rita@customer.example',
          'Action: failed',
          'Status: 5.1.1',
          '--r',
          'Content-Type: text/rfc822-headers',
          '',
          `Message-ID: ${messageId}`,
          '--r--',
          '',
        ].join('\r\n');
      const fakes = [
        { what: 'a report from an ordinary sender', report: true, from: 'mailer-daemon@evil.example' },
        { what: 'a report from a postmaster address', report: true, from: 'postmaster@mx.example.org' },
        { what: 'no report, from the null sender', report: false, from: '' },
        { what: 'no report, from an ordinary sender', report: false, from: 'mallory@evil.example' },
      ];
      for (const f of fakes) {
        const t = await thread(`Delivery (${f.what})`);
        assert.ok((await sendRaw(port, inbox.fallbackAddress, dsn(t.messageId, f), f.from)).ok);
        const reply = (await messages(t.conv.id)).find((m) => m.id === t.replyId);
        assert.equal(reply.deliveryState, 'sent', `${f.what}: the reply is not marked failed`);
      }
      const t = await thread('Delivery (a real bounce)');
      assert.ok((await sendRaw(port, inbox.fallbackAddress, dsn(t.messageId, { report: true }), '')).ok);
      const reply = (await messages(t.conv.id)).find((m) => m.id === t.replyId);
      assert.equal(reply.deliveryState, 'failed');
    });

    test('Reply all copies only addresses legitimately on the thread', async () => {
      const subject = uniq('Quote');
      const firstId = `<${randomUUID()}@customer.example>`;
      const own = [inbox.fallbackAddress];
      const send = (from: string, cc: string, o: { verifiedEnvelope?: boolean } = {}) =>
        sendRaw(
          port,
          inbox.fallbackAddress,
          mail({ to: inbox.fallbackAddress, from, subject: `Re: ${subject}`, inReplyTo: firstId, headers: { Cc: cc } }),
          o.verifiedEnvelope ? from : 'bounces@elsewhere.example',
        );
      assert.ok(
        (
          await sendRaw(
            port,
            inbox.fallbackAddress,
            mail({
              to: inbox.fallbackAddress,
              from: 'rita@verified.example',
              subject,
              messageId: firstId,
              headers: { Cc: 'carl@customer.example' },
            }),
            'bounces@elsewhere.example',
          )
        ).ok,
      );
      const [conv] = await bySubject(subject);
      // What the app's Reply all gets from the server, which is the rule applied to the whole thread.
      const cc = async () => {
        const r = await a.get(`/api/v1/conversations/${conv.id}/reply-all`);
        assert.equal(r.status, 200);
        const served = (r.body.cc as { email: string }[]).map((x) => x.email).sort();
        const rule = replyAllCc(await messages(conv.id), 'rita@verified.example', own)
          .map((x) => x.email)
          .sort();
        assert.deepEqual(served, rule);
        return served;
      };
      assert.deepEqual(await cc(), ['carl@customer.example'], 'the first email anchors the thread');
      // Mail claiming to be Rita that fails authentication adds nobody (its sender may be forged).
      for (const intruder of ['attacker@evil.example', 'ATTACKER2@evil.example', 'collector@customer.example']) {
        assert.ok((await send('rita@verified.example', `carl@customer.example, ${intruder}`)).ok);
        assert.deepEqual(await cc(), ['carl@customer.example'], intruder);
        assert.equal((await messages(conv.id)).at(-1).senderAuth?.summary, 'unverified');
      }
      // Someone our reply went to, and someone Rita's authenticated mail adds, are on the thread.
      assert.equal(
        (
          await a.post(`/api/v1/conversations/${conv.id}/messages`, {
            kind: 'reply',
            body: 'Adding Dana.',
            cc: [{ email: 'dana@customer.example' }],
          })
        ).status,
        201,
      );
      assert.ok((await send('rita@verified.example', 'carl@customer.example, dana@customer.example, attacker@evil.example')).ok);
      assert.deepEqual(await cc(), ['carl@customer.example', 'dana@customer.example']);
      assert.ok((await send('rita@verified.example', 'carl@customer.example, erin@customer.example', { verifiedEnvelope: true })).ok);
      assert.equal((await messages(conv.id)).at(-1).senderAuth?.summary, 'verified');
      assert.deepEqual(await cc(), ['carl@customer.example', 'erin@customer.example']);
    });
  });
}
