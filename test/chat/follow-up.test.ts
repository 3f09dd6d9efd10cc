/** Nobody available: the visitor leaves an email; the agent's later reply reaches the widget and, through the outbox, the capture SMTP server. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startCapture, waitFor } from '../email/support/mail.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { VisitorClient } from './support/visitor.js';

for (const engine of engines) {
  describe(`chat email follow-up on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let capture: Awaited<ReturnType<typeof startCapture>>;
    before(async () => {
      capture = await startCapture();
      s = await startTestServer({ engine, env: { SMTP_RELAY_URL: capture.url } });
    });
    after(async () => {
      await s?.close();
      await capture?.close();
    });

    test('a captured email gets the next reply by email too; chats without one do not', async () => {
      const a = s.adminClient;
      const inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      const ch = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Site' })).body;
      const { v } = await VisitorClient.hello(s.url, ch.id, { name: 'Pat' });
      const ack = await v.say('followup01', 'Please get back to me');
      v.send({ type: 'email', email: 'pat@example.org' });
      await v.next((m) => m.type === 'email-saved');
      const thread = (await a.get(`/api/v1/conversations/${ack.conversationId}/messages`)).body.items as any[];
      assert.ok(thread.some((m) => m.kind === 'system' && m.text.includes('pat@example.org')));
      assert.ok(thread.some((m) => m.kind === 'system' && m.fact?.kind === 'email_left' && m.fact.email === 'pat@example.org'));

      const reply = await a.post(`/api/v1/conversations/${ack.conversationId}/messages`, {
        kind: 'reply',
        body: 'Here is the answer you wanted',
      });
      assert.equal(reply.status, 201);
      await v.next((m) => m.type === 'message' && m.message.text === 'Here is the answer you wanted');
      const mail = await waitFor('the follow-up email', () =>
        capture.messages.find((m) => m.parsed.text?.includes('Here is the answer you wanted')),
      );
      assert.match(JSON.stringify(mail.parsed.to), /pat@example\.org/);
      await waitFor(
        'sent',
        async () =>
          ((await a.get(`/api/v1/conversations/${ack.conversationId}/messages`)).body.items as any[]).find((m) => m.id === reply.body.id)
            ?.deliveryState === 'sent',
      );

      // Another visitor, no email left: the reply stays in the chat.
      const other = await VisitorClient.hello(s.url, ch.id);
      const ack2 = await other.v.say('followup02', 'Just browsing');
      await a.post(`/api/v1/conversations/${ack2.conversationId}/messages`, { kind: 'reply', body: 'Chat only answer' });
      await other.v.next((m) => m.type === 'message' && m.message.text === 'Chat only answer');
      await new Promise((r) => setTimeout(r, 1500));
      assert.ok(!capture.messages.some((m) => m.parsed.text?.includes('Chat only answer')));
      v.close();
      other.v.close();
    });

    test('closing a chat emails its transcript (times, page) to the assigned agent through the outbox, once', async () => {
      const a = s.adminClient;
      const me = (await a.get('/api/v1/me')).body;
      const inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      const ch = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Shop' })).body;
      const { v } = await VisitorClient.hello(s.url, ch.id, { name: 'Quinn', page: 'http://shop.example/checkout' });
      const ack = await v.say('transcr001', 'My card was declined');
      await a.post(`/api/v1/conversations/${ack.conversationId}/messages`, { kind: 'reply', body: 'Try again in a minute please' });
      assert.equal((await a.patch(`/api/v1/conversations/${ack.conversationId}`, { assigneeId: me.id })).status, 200);
      assert.equal((await a.patch(`/api/v1/conversations/${ack.conversationId}`, { status: 'closed' })).status, 200);
      const mail = await waitFor('the transcript', () => capture.messages.find((m) => m.parsed.subject === 'Chat transcript: Quinn'));
      assert.match(JSON.stringify(mail.parsed.to), new RegExp(me.email.replace('.', '\\.')));
      assert.match(mail.parsed.text ?? '', /Started on: http:\/\/shop\.example\/checkout/);
      assert.match(mail.parsed.text ?? '', /\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\] Quinn: My card was declined/);
      assert.match(mail.parsed.text ?? '', /UTC\] .+: Try again in a minute please/);
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(capture.messages.filter((m) => m.parsed.subject === 'Chat transcript: Quinn').length, 1);
      v.close();
    });

    test("a Dutch chat channel's transcript is mailed in Dutch", async () => {
      const a = s.adminClient;
      const me = (await a.get('/api/v1/me')).body;
      const inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      const ch = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Winkel', settings: { language: 'nl' } })).body;
      const { v } = await VisitorClient.hello(s.url, ch.id, { name: 'Daan', page: 'http://shop.example/kassa' });
      const ack = await v.say('transcrnl1', 'Mijn betaling mislukt');
      await a.post(`/api/v1/conversations/${ack.conversationId}/messages`, { kind: 'reply', body: 'Probeer het zo nog eens' });
      assert.equal((await a.patch(`/api/v1/conversations/${ack.conversationId}`, { assigneeId: me.id })).status, 200);
      assert.equal((await a.patch(`/api/v1/conversations/${ack.conversationId}`, { status: 'closed' })).status, 200);
      const mail = await waitFor('the Dutch transcript', () => capture.messages.find((m) => m.parsed.subject === 'Chatverslag: Daan'));
      const text = mail.parsed.text ?? '';
      assert.match(text, /^Chatverslag\nBegonnen op: http:\/\/shop\.example\/kassa\nBezoeker: Daan\nGesloten: /);
      assert.match(text, /\n2 berichten\n/);
      assert.match(text, /UTC\] Daan: Mijn betaling mislukt/);
      v.close();
    });
  });
}
