/**
 * Facebook Messenger (F-MSG.1) against a local server speaking Meta's Graph API: connecting a Page
 * (secrets never answered), the webhook handshake, signed events (a wrong signature stores nothing),
 * batches, redeliveries stored once, an image fetched and stored, the sender's profile, replies typed
 * by the 24 hour / 7 day window and refused after it, receipts, and error 190 turning the channel to
 * "reconnect needed" with the admins told. An agent outside the inbox cannot see the channel.
 * Without ALLOW_PRIVATE_WEBHOOKS a file on a private address is not fetched (the message is kept).
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { Factory } from '../support/factory.js';
import { startFakeGraph } from '../support/fake-graph.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { messengerFileJob } from '../../src/server/jobs/messenger-file.js';
import { waitFor } from '../email/support/mail.js';

const PAGE = '1000000001';
const TOKEN = 'EAAGpagetoken-secret-1234567890';
const APP_SECRET = 'app-secret-abcdef0123456789';
const VERIFY = 'verify-me-please-42';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/QhJ4tQAAAABJRU5ErkJggg==', 'base64');
const DAY = 24 * 3600_000;

for (const engine of engines) {
  describe(`Messenger on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let f: Factory;
    let graph: Awaited<ReturnType<typeof startFakeGraph>>;
    let channelId: string;
    let inboxId: string;
    let seq = 0;

    before(async () => {
      graph = await startFakeGraph({ token: TOKEN, profiles: { '2000000001': { first_name: 'Ada', last_name: 'Lovelace' } } });
      // The fake Graph's files are on loopback: allowed here as the webhook tests allow their receiver.
      s = await startTestServer({
        engine,
        env: { MESSENGER_GRAPH_URL: graph.url, MESSENGER_GRAPH_VERSION: graph.version, ALLOW_PRIVATE_WEBHOOKS: '1' },
      });
      f = new Factory(s);
      const me = (await s.adminClient.get('/api/v1/me')).body;
      inboxId = (await f.inbox({ name: 'Facebook', access: { mode: 'specific', userIds: [me.id] } })).id;
      const r = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/channels`, {
        kind: 'messenger',
        name: 'Our Page',
        settings: { pageId: PAGE, pageAccessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      channelId = r.body.id;
    });
    after(async () => {
      await s?.close();
      await graph?.close();
    });

    const db = () => s.running.ctx.db.kysely;
    const hook = `/api/v1/channels/${'{id}'}/messenger/webhook`;
    const hookUrl = () => s.url + hook.replace('{id}', channelId);
    /** A webhook POST as Meta sends it: the raw body signed with the app secret (or `secret`). */
    const deliver = async (body: unknown, secret = APP_SECRET) => {
      const raw = JSON.stringify(body);
      const sig = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
      const res = await fetch(hookUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig },
        body: raw,
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const text = (psid: string, words: string, mid = `m_in_${++seq}`) => ({
      sender: { id: psid },
      recipient: { id: PAGE },
      timestamp: Date.now(),
      message: { mid, text: words },
    });
    const page = (...messaging: unknown[]) => ({ id: PAGE, time: Date.now(), messaging });
    const messagesOf = (mid: string) =>
      db().selectFrom('messages').selectAll().where('channel_id', '=', channelId).where('external_id', '=', mid).execute();
    const conversationOf = async (psid: string) => {
      const sender = await db()
        .selectFrom('messenger_senders')
        .selectAll()
        .where('channel_id', '=', channelId)
        .where('psid', '=', psid)
        .executeTakeFirstOrThrow();
      return db().selectFrom('conversations').selectAll().where('contact_id', '=', sender.contact_id).executeTakeFirstOrThrow();
    };

    test('the channel answers its webhook URL and state, never a secret; an agent outside the inbox gets 404', async () => {
      const r = await s.adminClient.get(`/api/v1/channels/${channelId}`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.messenger, { pageId: PAGE, webhookUrl: hookUrl(), state: 'connected', lastError: null });
      const listed = await s.adminClient.get(`/api/v1/inboxes/${inboxId}/channels`);
      for (const answer of [JSON.stringify(r.body), JSON.stringify(listed.body)])
        for (const secret of [TOKEN, APP_SECRET, VERIFY]) assert.ok(!answer.includes(secret), 'no secret is answered');
      const stored = await db().selectFrom('channels').select('settings').where('id', '=', channelId).executeTakeFirstOrThrow();
      for (const secret of [TOKEN, APP_SECRET, VERIFY]) assert.ok(!stored.settings.includes(secret), 'secrets are sealed at rest');
      const outsider = await f.user();
      assert.equal((await outsider.client.get(`/api/v1/channels/${channelId}`)).status, 404);
      const put = await outsider.client.put(`/api/v1/channels/${channelId}/messenger`, {
        pageId: PAGE,
        pageAccessToken: 'x',
        appSecret: 'y',
        verifyToken: 'z',
      });
      assert.equal(put.status, 404);
    });

    test('the handshake answers the challenge as text for the right verify token, 403 otherwise', async () => {
      const q = (token: string) => `${hookUrl()}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`;
      const ok = await fetch(q(VERIFY));
      assert.equal(ok.status, 200);
      assert.match(ok.headers.get('content-type') ?? '', /^text\/plain/);
      assert.equal(await ok.text(), '1158201444');
      assert.equal((await fetch(q('wrong-token'))).status, 403);
    });

    test('a wrong signature stores nothing; a batch of entries becomes messages, a redelivery is stored once', async () => {
      const bad = await deliver({ object: 'page', entry: [page(text('2000000009', 'forged'))] }, 'not-the-secret');
      assert.equal(bad.status, 403);
      const unsigned = await fetch(hookUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"object":"page","entry":[]}',
      });
      assert.equal(unsigned.status, 403);
      assert.equal((await db().selectFrom('messenger_senders').selectAll().where('psid', '=', '2000000009').execute()).length, 0);

      const batch = {
        object: 'page',
        entry: [
          page(text('2000000001', 'Hello, my order is late', 'm_a1')),
          page(text('2000000002', 'Do you ship to Sweden?', 'm_b1')),
          page(text('2000000001', 'Order 1234', 'm_a2')),
        ],
      };
      const r = await deliver(batch);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body, { stored: 3, duplicates: 0, echoes: 0, receipts: 0 });
      const ada = await conversationOf('2000000001');
      const msgs = await db()
        .selectFrom('messages')
        .select('text')
        .where('conversation_id', '=', ada.id)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      assert.deepEqual(msgs.map((m) => m.text).sort(), ['Hello, my order is late', 'Order 1234'], "one person's messages in one thread");
      assert.notEqual((await conversationOf('2000000002')).id, ada.id);

      const again = await deliver(batch);
      assert.deepEqual(again.body, { stored: 0, duplicates: 3, echoes: 0, receipts: 0 });
      assert.equal((await messagesOf('m_a1')).length, 1);

      // The sender's name comes from the User Profile, once.
      await waitFor(
        'the profile name',
        async () =>
          (await db().selectFrom('contacts').select('name').where('id', '=', ada.contact_id!).executeTakeFirst())?.name === 'Ada Lovelace',
      );
      assert.equal(graph.calls.filter((c) => c.path.endsWith('/2000000001')).length, 1);
      const listed = await s.adminClient.get(`/api/v1/conversations?inboxId=${inboxId}`);
      assert.ok(listed.body.items.some((c: any) => c.id === ada.id && c.channel === 'messenger'));
    });

    test('the signature is checked over the bytes as sent, not over the parsed body', async () => {
      const body = { object: 'page', entry: [page(text('2000000010', 'Spaced out', 'm_spaced_1'))] };
      // As Meta may send it: other whitespace, escaped characters; signed as sent.
      const raw = JSON.stringify(body, null, 2).replace('Spaced out', 'Spaced\\u0020out');
      const post = (signedOver: string) =>
        fetch(hookUrl(), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(signedOver).digest('hex')}`,
          },
          body: raw,
        });
      assert.equal((await post(JSON.stringify(body))).status, 403, 'a signature over the re-serialised body does not match');
      assert.equal((await messagesOf('m_spaced_1')).length, 0);
      assert.equal((await post(raw)).status, 200);
      assert.equal((await messagesOf('m_spaced_1'))[0]?.text, 'Spaced out');
    });

    test('more than 100 messaging items are refused whole; an echo of our own send is not stored', async () => {
      const many = { object: 'page', entry: [page(...Array.from({ length: 101 }, (_, i) => text('2000000003', `x${i}`)))] };
      const r = await deliver(many);
      assert.equal(r.status, 400);
      assert.equal((await db().selectFrom('messenger_senders').selectAll().where('psid', '=', '2000000003').execute()).length, 0);
      const echo = {
        sender: { id: PAGE },
        recipient: { id: '2000000001' },
        timestamp: Date.now(),
        message: { mid: 'm_echo_1', text: 'our reply', is_echo: true, app_id: 1 },
      };
      const e = await deliver({ object: 'page', entry: [page(echo)] });
      assert.deepEqual(e.body, { stored: 0, duplicates: 0, echoes: 1, receipts: 0 });
      assert.equal((await messagesOf('m_echo_1')).length, 0);
    });

    test('an image attachment is fetched and stored with its message', async () => {
      const url = graph.file('photo.png', 'image/png', PNG);
      const item = {
        sender: { id: '2000000004' },
        recipient: { id: PAGE },
        timestamp: Date.now(),
        message: { mid: 'm_img_1', attachments: [{ type: 'image', payload: { url } }] },
      };
      assert.equal((await deliver({ object: 'page', entry: [page(item)] })).status, 200);
      const [m] = await messagesOf('m_img_1');
      assert.ok(m);
      const file = await waitFor('the stored image', () =>
        db().selectFrom('attachments').selectAll().where('message_id', '=', m.id).executeTakeFirst(),
      );
      assert.equal(file.content_type, 'image/png');
      const got = await s.adminClient.request('GET', `/api/v1/attachments/${file.id}`);
      assert.equal(got.status, 200);
    });

    test('a file whose address keeps failing is tried again, and its last try leaves a line in the thread', async () => {
      assert.equal((await deliver({ object: 'page', entry: [page(text('2000000006', 'A photo follows'))] })).status, 200);
      const [m] = await messagesOf(`m_in_${seq}`);
      assert.ok(m);
      // Nothing listens on port 1: a passing failure, as far as the job can tell.
      const payload = { messageId: m.id, url: 'http://127.0.0.1:1/photo.png', type: 'image', index: 0 };
      const ctx = s.running.ctx;
      const lines = async () =>
        (
          await db()
            .selectFrom('messages')
            .select('fact')
            .where('conversation_id', '=', m.conversation_id)
            .where('kind', '=', 'system')
            .execute()
        )
          .map((x) => JSON.parse(x.fact ?? '{}'))
          .filter((f) => f.kind === 'file_not_fetched');
      await assert.rejects(messengerFileJob.handle(ctx, payload, { lastTry: false }), /Messenger file/);
      assert.deepEqual(await lines(), []);
      await messengerFileJob.handle(ctx, payload, { lastTry: true });
      assert.deepEqual(await lines(), [{ kind: 'file_not_fetched', why: 'failed' }]);
    });

    test('replies: RESPONSE inside 24 h, HUMAN_AGENT at 3 days, refused with a reason at 8 days; receipts mark them', async () => {
      await deliver({ object: 'page', entry: [page(text('2000000005', 'Is anyone there?'))] });
      const c = await conversationOf('2000000005');
      const sent = async (body: string) => waitFor(`the send of "${body}"`, () => graph.sends().find((x) => x.body.message.text === body));

      const first = await f.message(c.id, { body: 'Yes, hello!' });
      const a = await sent('Yes, hello!');
      assert.deepEqual([a.body.recipient.id, a.body.messaging_type, a.body.tag], ['2000000005', 'RESPONSE', undefined]);
      const mid = await waitFor(
        'the mid kept',
        async () => (await db().selectFrom('messages').select('external_id').where('id', '=', first.id).executeTakeFirst())?.external_id,
      );

      // Opening the conversation marks the customer's message seen on Messenger, once per message of theirs.
      assert.equal((await s.adminClient.post(`/api/v1/conversations/${c.id}/read`, {})).status, 204);
      assert.equal((await s.adminClient.post(`/api/v1/conversations/${c.id}/read`, {})).status, 204);
      await waitFor('mark_seen', () =>
        graph.calls.find((x) => x.body.sender_action === 'mark_seen' && x.body.recipient?.id === '2000000005'),
      );

      const setLast = (ms: number) =>
        db()
          .updateTable('conversations')
          .set({ last_incoming_at: new Date(Date.now() - ms).toISOString() })
          .where('id', '=', c.id)
          .execute();
      await setLast(3 * DAY);
      await f.message(c.id, { body: 'Following up' });
      const b = await sent('Following up');
      assert.deepEqual([b.body.messaging_type, b.body.tag], ['MESSAGE_TAG', 'HUMAN_AGENT']);

      await setLast(8 * DAY);
      const refused = await s.adminClient.post(`/api/v1/conversations/${c.id}/messages`, { kind: 'reply', body: 'Too late' });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.reason, 'messenger_window_closed');
      assert.deepEqual((await s.adminClient.get(`/api/v1/conversations/${c.id}`)).body.replyRefused, { reason: 'messenger_window_closed' });
      assert.equal((await db().selectFrom('messages').select('id').where('text', '=', 'Too late').execute()).length, 0, 'nothing queued');
      assert.equal((await s.adminClient.post(`/api/v1/conversations/${c.id}/messages`, { kind: 'comment', body: 'note' })).status, 201);

      const state = async () =>
        (await s.adminClient.get(`/api/v1/conversations/${c.id}/messages`)).body.items.find((m: any) => m.id === first.id)?.deliveryState;
      const receipt = (r: object) =>
        deliver({ object: 'page', entry: [page({ sender: { id: '2000000005' }, recipient: { id: PAGE }, timestamp: Date.now(), ...r })] });
      assert.equal((await receipt({ delivery: { mids: [mid], watermark: Date.now() } })).status, 200);
      assert.equal(await state(), 'delivered');
      await receipt({ read: { watermark: Date.now() + 1000 } });
      assert.equal(await state(), 'read');
    });

    test('error 190 fails the reply, turns the channel to reconnect needed and tells the admins; reconnecting clears it', async () => {
      await deliver({ object: 'page', entry: [page(text('2000000006', 'Hi again'))] });
      const c = await conversationOf('2000000006');
      // The profile lookup of the new sender is done first: the failure is the reply's.
      await waitFor(
        'the profile lookup',
        async () =>
          (await db().selectFrom('messenger_senders').select('profile_fetched_at').where('psid', '=', '2000000006').executeTakeFirst())
            ?.profile_fetched_at,
      );
      graph.failNext(190, 'Error validating access token: Session has expired');
      const m = await f.message(c.id, { body: 'This will fail' });
      const failed = await waitFor('the failed reply', async () => {
        const row = await db().selectFrom('messages').selectAll().where('id', '=', m.id).executeTakeFirst();
        return row?.delivery_state === 'failed' ? row : null;
      });
      assert.match(failed.delivery_error ?? '', /code 190/);
      const ch = (await s.adminClient.get(`/api/v1/channels/${channelId}`)).body;
      assert.equal(ch.messenger.state, 'reconnect_needed');
      assert.match(ch.messenger.lastError, /Session has expired/);
      const bell = await waitFor('the admin notification', async () =>
        (await s.adminClient.get('/api/v1/notifications')).body.items.find((n: any) => n.kind === 'channel_reconnect'),
      );
      assert.equal(bell.data.channelName, 'Our Page');
      const job = await db()
        .selectFrom('jobs')
        .selectAll()
        .where('kind', '=', 'deliver-message')
        .where('payload', 'like', `%${m.id}%`)
        .executeTakeFirstOrThrow();
      assert.equal(job.status, 'failed', 'a permanent error is not retried');

      const r = await s.adminClient.put(`/api/v1/channels/${channelId}/messenger`, {
        pageId: PAGE,
        pageAccessToken: TOKEN,
        appSecret: APP_SECRET,
        verifyToken: VERIFY,
      });
      assert.equal(r.status, 200);
      assert.deepEqual([r.body.messenger.state, r.body.messenger.lastError], ['connected', null]);
      assert.equal((await s.adminClient.post(`/api/v1/messages/${m.id}/retry`, {})).status, 200);
      await waitFor('the retried send', () => graph.sends().find((x) => x.body.message.text === 'This will fail'));
    });
  });

  describe(`Messenger files from private addresses on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let graph: Awaited<ReturnType<typeof startFakeGraph>>;
    let channelId: string;
    before(async () => {
      graph = await startFakeGraph({ token: TOKEN });
      s = await startTestServer({ engine, env: { MESSENGER_GRAPH_URL: graph.url, MESSENGER_GRAPH_VERSION: graph.version } });
      const inboxId = (await new Factory(s).inbox({ name: 'Facebook' })).id;
      const r = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/channels`, {
        kind: 'messenger',
        name: 'Our Page',
        settings: { pageId: PAGE, pageAccessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY },
      });
      channelId = r.body.id;
    });
    after(async () => {
      await s?.close();
      await graph?.close();
    });

    test('an attachment on a loopback address is not fetched: the message is kept with a line saying so', async () => {
      const url = graph.file('inside.png', 'image/png', PNG);
      const raw = JSON.stringify({
        object: 'page',
        entry: [
          {
            id: PAGE,
            messaging: [
              {
                sender: { id: '2000000101' },
                recipient: { id: PAGE },
                message: { mid: 'm_private_1', text: 'See this', attachments: [{ type: 'image', payload: { url } }] },
              },
            ],
          },
        ],
      });
      const res = await fetch(`${s.url}/api/v1/channels/${channelId}/messenger/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`,
        },
        body: raw,
      });
      assert.equal(res.status, 200);
      const m = await s.running.ctx.db.kysely
        .selectFrom('messages')
        .selectAll()
        .where('external_id', '=', 'm_private_1')
        .executeTakeFirstOrThrow();
      assert.equal(m.text, 'See this');
      const thread = async () => (await s.adminClient.get(`/api/v1/conversations/${m.conversation_id}/messages`)).body.items as any[];
      const line = await waitFor('the line about the file', async () => (await thread()).find((x) => x.kind === 'system'));
      assert.deepEqual(line.fact, { kind: 'file_not_fetched', why: 'refused' });
      assert.deepEqual((await thread()).find((x) => x.id === m.id).attachments ?? [], []);
      assert.equal(graph.calls.filter((c) => c.path.startsWith('/files/')).length, 0, 'the address was never asked');
    });
  });
}
