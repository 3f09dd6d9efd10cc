/**
 * A chatflow on a Messenger Page (F-CHAT.6 with F-MSG.1): the bot's question goes out with quick
 * replies, a tapped quick reply (its payload) answers it, and a bot never sends with the human-agent
 * tag: past 24 hours its message fails rather than going out as a person's.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { waitFor } from '../email/support/mail.js';
import { engines, engineSuite } from '../support/engines.js';
import { startFakeGraph } from '../support/fake-graph.js';
import { startTestServer, type TestServer } from '../support/server.js';

const PAGE = '1000000077';
const TOKEN = 'EAAGpagetoken-secret-chatflow-0001';
const APP_SECRET = 'app-secret-chatflow-0123456789';

for (const engine of engines) {
  describe(`a chatflow on Messenger on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let graph: Awaited<ReturnType<typeof startFakeGraph>>;
    let channelId: string;
    let seq = 0;

    before(async () => {
      graph = await startFakeGraph({ token: TOKEN });
      s = await startTestServer({ engine, env: { MESSENGER_GRAPH_URL: graph.url, MESSENGER_GRAPH_VERSION: graph.version } });
      const inboxId = (await s.adminClient.get('/api/v1/inboxes')).body.items[0].id;
      channelId = (
        await s.adminClient.post(`/api/v1/inboxes/${inboxId}/channels`, {
          kind: 'messenger',
          name: 'Page',
          settings: { pageId: PAGE, pageAccessToken: TOKEN, appSecret: APP_SECRET, verifyToken: 'verify-chatflow-1' },
        })
      ).body.id;
      const flow = (
        await s.adminClient.post(`/api/v1/channels/${channelId}/chatflows`, {
          name: 'Page bot',
          steps: [
            {
              id: 'q',
              type: 'question',
              text: 'Which department?',
              buttons: [{ label: 'Billing and invoices, please', next: 'billing' }, { label: 'Technical support' }],
              next: 'tech',
            },
            { id: 'billing', type: 'message', text: 'Billing it is.', next: 'mail' },
            { id: 'mail', type: 'capture_email', text: 'Which email gets the invoices?', next: 'later' },
            { id: 'tech', type: 'message', text: 'Tech it is.', next: 'later' },
            { id: 'later', type: 'question', text: 'Anything to add?', next: 'bye' },
            { id: 'bye', type: 'handoff' },
          ],
        })
      ).body;
      assert.equal((await s.adminClient.post(`/api/v1/chatflows/${flow.id}/publish`)).status, 200);
    });
    after(async () => {
      await s?.close();
      await graph?.close();
    });

    const deliver = async (psid: string, message: object) => {
      const raw = JSON.stringify({
        object: 'page',
        entry: [
          { id: PAGE, time: Date.now(), messaging: [{ sender: { id: psid }, recipient: { id: PAGE }, timestamp: Date.now(), message }] },
        ],
      });
      const sig = `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`;
      const r = await fetch(`${s.url}/api/v1/channels/${channelId}/messenger/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig },
        body: raw,
      });
      assert.equal(r.status, 200);
    };
    /** The send of `text` to the visitor `psid` (another test's visitor gets the same questions). */
    const sentTo = (psid: string, text: string) =>
      waitFor(`the send of "${text}" to ${psid}`, () =>
        graph.sends().find((x) => x.body.recipient?.id === psid && x.body.message?.text === text),
      );

    test('the question goes with quick replies; a tapped one answers with its full payload', async () => {
      await deliver('3000000001', { mid: `m_cf_${++seq}`, text: 'Hi' });
      const q = await sentTo('3000000001', 'Which department?');
      assert.equal(q.body.messaging_type, 'RESPONSE');
      assert.deepEqual(
        q.body.message.quick_replies.map((r: any) => [r.title, r.payload]),
        [
          ['Billing and invoices', 'Billing and invoices, please'],
          ['Technical support', 'Technical support'],
        ],
      );
      // Messenger sends the cut title as text and the answer in the payload.
      await deliver('3000000001', {
        mid: `m_cf_${++seq}`,
        text: 'Billing and invoices',
        quick_reply: { payload: 'Billing and invoices, please' },
      });
      await sentTo('3000000001', 'Billing it is.');
      // Asked for an email address, the person is offered their own (Messenger's user_email quick reply).
      const mail = await sentTo('3000000001', 'Which email gets the invoices?');
      assert.deepEqual(mail.body.message.quick_replies, [{ content_type: 'user_email' }]);
      await deliver('3000000001', { mid: `m_cf_${++seq}`, text: 'pat@example.org', quick_reply: { payload: 'pat@example.org' } });
      const later = await sentTo('3000000001', 'Anything to add?');
      assert.equal(later.body.message.quick_replies, undefined);
    });

    test("past 24 hours the bot's message fails instead of going out with the human-agent tag", async () => {
      await deliver('3000000002', { mid: `m_cf_${++seq}`, text: 'Hello' });
      await sentTo('3000000002', 'Which department?');
      const db = s.running.ctx.db.kysely;
      const sender = await db
        .selectFrom('messenger_senders')
        .select('contact_id')
        .where('psid', '=', '3000000002')
        .executeTakeFirstOrThrow();
      const conv = await db.selectFrom('conversations').select('id').where('contact_id', '=', sender.contact_id).executeTakeFirstOrThrow();
      await deliver('3000000002', { mid: `m_cf_${++seq}`, text: 'Technical support' });
      await sentTo('3000000002', 'Tech it is.');
      // Two days after the customer's last message, sending the bot's message again is refused, not tagged.
      await db
        .updateTable('conversations')
        .set({ last_incoming_at: new Date(Date.now() - 2 * 24 * 3600_000).toISOString() })
        .where('id', '=', conv.id)
        .execute();
      const m = await db
        .selectFrom('messages')
        .selectAll()
        .where('text', '=', 'Tech it is.')
        .where('conversation_id', '=', conv.id)
        .executeTakeFirstOrThrow();
      const channel = await db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirstOrThrow();
      const before = graph.sends().length;
      await assert.rejects(
        s.running.ctx.adapters.get('messenger')!.deliver(s.running.ctx, channel, { ...m, id: `${m.id}-again` }),
        /within 24 hours/,
      );
      assert.equal(graph.sends().length, before);
      // A person's reply at the same moment goes, with the tag.
      assert.equal(
        (await s.adminClient.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'A person here' })).status,
        201,
      );
      assert.equal((await sentTo('3000000002', 'A person here')).body.tag, 'HUMAN_AGENT');
      assert.ok(graph.sends().every((x) => x.body.tag !== 'HUMAN_AGENT' || x.body.message?.text === 'A person here'));
    });
  });
}
