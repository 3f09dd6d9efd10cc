/**
 * A database error never reaches a client as text. With the messages table made unusable for a
 * moment, a widget message, an agent's REST requests and the agent stream answer generic words
 * (the widget socket closes 1011 and the widget sends again once it reconnects); nothing a
 * client sees names the database, its tables or its error. Then everything works again and the
 * resend is stored once. Both engines.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { databaseWords, ProbeSocket } from './support/frames.js';

const leaks = (text: string) => databaseWords.test(text) || /messages_broken|no such table|does not exist/i.test(text);

for (const engine of engines) {
  describe(`no database text reaches a client on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let channelId: string;
    let conversationId: string;

    const setBroken = (broken: boolean) =>
      sql`alter table ${sql.table(broken ? 'messages' : 'messages_broken')} rename to ${sql.table(broken ? 'messages_broken' : 'messages')}`.execute(
        s.running.ctx.db.kysely,
      );

    before(async () => {
      s = await startTestServer({ engine });
      a = s.adminClient;
      const inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      channelId = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Website', settings: {} })).body.id;
      conversationId = (await a.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: 'e@example.com' }, body: 'hello' }))
        .body.id;
    });
    after(async () => {
      await setBroken(false).catch(() => undefined);
      await s?.close();
    });

    test('widget, REST and stream answer generic words while the database fails, and recover', { timeout: 120_000 }, async () => {
      const url = `${s.url.replace(/^http/, 'ws')}/api/v1/widget/socket?channel=${channelId}`;
      const v = await ProbeSocket.open(url, { origin: 'http://shop.example' });
      v.send({ label: 'hello', data: JSON.stringify({ type: 'hello' }) });
      const welcome = await v.until((m) => m.type === 'welcome', 15_000, 'hello');

      await setBroken(true);
      try {
        const texts = ['first try', 'héllo ✓', 'x'.repeat(4000)];
        for (const [i, text] of texts.entries()) {
          const w = i === 0 ? v : await ProbeSocket.open(url, { origin: 'http://shop.example' });
          if (i > 0) {
            w.send({ label: 'hello', data: JSON.stringify({ type: 'hello', token: welcome.token }) });
            await w.until((m) => m.type === 'welcome' || m.type === 'error', 15_000, 'hello');
          }
          w.send({ label: 'message', data: JSON.stringify({ type: 'message', clientId: `cid${i}abcdefgh`, text }) });
          const err = await w.until((m) => m.type === 'error', 15_000, 'a message while the database fails');
          assert.equal(err.code, 'server');
          assert.ok(!('detail' in err), JSON.stringify(err));
          for (const m of w.received) assert.ok(!leaks(JSON.stringify(m)), `the widget was told ${JSON.stringify(m)}`);
          await w.until(() => false, 5000, 'close').catch(() => undefined);
          assert.equal(w.closed?.code, 1011, 'the widget socket closes, so the widget reconnects and sends again');
        }
        for (const path of [
          `/api/v1/conversations/${conversationId}/messages`,
          `/api/v1/conversations/${conversationId}`,
          '/api/v1/conversations?q=hello',
        ]) {
          const r = await a.get(path);
          if (r.status >= 500) assert.equal(r.body.message, 'Something went wrong on the server', path);
          assert.ok(!leaks(JSON.stringify(r.body)), `${path} answered ${JSON.stringify(r.body)}`);
        }
        const post = await a.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'comment', body: 'while broken' });
        assert.ok(!leaks(JSON.stringify(post.body)), JSON.stringify(post.body));
      } finally {
        await setBroken(false);
      }
      assert.equal((await fetch(`${s.url}/healthz`)).status, 200);

      // Working again: the widget's resend (same client id) is stored once.
      const again = await ProbeSocket.open(url, { origin: 'http://shop.example' });
      again.send({ label: 'hello', data: JSON.stringify({ type: 'hello', token: welcome.token }) });
      await again.until((m) => m.type === 'welcome', 15_000, 'hello');
      for (let i = 0; i < 2; i++) {
        again.received.length = 0;
        again.send({ label: 'message', data: JSON.stringify({ type: 'message', clientId: 'cid0abcdefgh', text: 'first try' }) });
        const ack = await again.until((m) => m.type === 'ack', 15_000, 'resend');
        assert.ok(ack.conversationId);
        const thread = (await a.get(`/api/v1/conversations/${ack.conversationId}/messages`)).body.items;
        assert.equal(thread.filter((m: any) => m.text === 'first try').length, 1);
      }
      again.close();
    });
  });
}
