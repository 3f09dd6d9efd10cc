/**
 * Slack alerts per inbox (F-NOTIFY.3), against a local server speaking Slack's Web API: a new
 * conversation is posted once; an assignment and a close update that message and reply in its
 * thread; internal comments never go; a 429 waits for its Retry-After and is delivered after it;
 * `invalid_auth` shows on the connection; an incoming webhook gets a short message per change;
 * secrets are never answered back; for agents the routes do not exist.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runHousekeeping } from '../../src/server/jobs/housekeeping.js';
import { engines, engineSuite, isolatedStorage } from '../support/engines.js';
import { Factory } from '../support/factory.js';
import { startFakeSlack } from '../support/fake-slack.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { waitFor } from '../email/support/mail.js';

const TOKEN = 'xoxb-1234-5678-secretsecret';
const CHANNELS = ['C0ALERTS1', 'C0ALERTS2', 'C0ALERTS3', 'C0ALERTS4'];

for (const engine of engines) {
  describe(`Slack alerts on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let f: Factory;
    let slack: Awaited<ReturnType<typeof startFakeSlack>>;

    before(async () => {
      slack = await startFakeSlack({ token: TOKEN, channels: CHANNELS });
      // The fake Slack and its incoming webhooks listen on loopback.
      s = await startTestServer({ engine, env: { SLACK_API_URL: slack.apiUrl, ALLOW_PRIVATE_WEBHOOKS: '1' } });
      f = new Factory(s);
    });
    after(async () => {
      await s?.close();
      await slack?.close();
    });

    const connect = async (inboxId: string, body: Record<string, unknown>) => {
      const r = await s.adminClient.put(`/api/v1/inboxes/${inboxId}/slack`, body);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };
    const slackOf = async (inboxId: string) => (await s.adminClient.get(`/api/v1/inboxes/${inboxId}/slack`)).body;
    const rootsIn = (channel: string) => slack.messages.filter((m) => m.channel === channel && !m.threadTs);
    const repliesTo = (ts: string) => slack.messages.filter((m) => m.threadTs === ts);

    test('a new conversation is posted once; assigning and closing update it and reply in its thread; comments stay out', async () => {
      const inbox = await f.inbox({ name: 'Billing' });
      const channel = CHANNELS[0]!;
      const saved = await connect(inbox.id, { mode: 'bot', token: TOKEN, channel });
      assert.deepEqual([saved.connected, saved.mode, saved.channel, saved.hasToken, saved.state], [true, 'bot', channel, true, 'new']);

      const conv = await f.conversation({ inboxId: inbox.id, contactEmail: 'ada@example.com', body: 'My invoice is wrong' });
      const root = await waitFor('the conversation in Slack', () => rootsIn(channel)[0]);
      const words = JSON.stringify(root.blocks);
      assert.match(root.text, /New conversation in Billing/);
      assert.ok(words.includes(`/inbox/${inbox.id}/all/${conv.id}|`), 'a link back to the conversation');
      assert.ok(words.includes('ada@example.com'), 'who wrote');
      assert.ok(words.includes('nobody') && words.includes('Open'), 'assignee and status');
      const posts = slack.calls.filter((c) => c.body.channel === channel);
      assert.ok(
        posts.every((c) => c.auth === `Bearer ${TOKEN}`),
        'the bot token as a bearer token',
      );

      await f.message(conv.id, { kind: 'comment', body: 'internal: refund them quietly' });
      const me = (await s.adminClient.get('/api/v1/me')).body;
      assert.equal((await s.adminClient.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: me.id })).status, 200);
      await waitFor('the assignment reply', () => repliesTo(root.ts).find((m) => m.text.startsWith('Assigned to')));
      assert.equal(root.updates, 1, 'the message was updated');
      assert.ok(JSON.stringify(root.blocks).includes(me.name), 'the message names the assignee now');

      assert.equal((await s.adminClient.patch(`/api/v1/conversations/${conv.id}`, { status: 'closed' })).status, 200);
      await waitFor('the close reply', () => repliesTo(root.ts).find((m) => m.text === 'Closed'));
      assert.equal(root.updates, 2);
      assert.ok(JSON.stringify(root.blocks).includes('Closed'));

      assert.equal(rootsIn(channel).length, 1, 'one message per conversation');
      assert.deepEqual(
        repliesTo(root.ts).map((m) => m.text),
        [`Assigned to ${me.name}`, 'Closed'],
        'in the order they happened',
      );
      assert.ok(!JSON.stringify(slack.calls).includes('refund them quietly'), 'internal comments never reach Slack');
      const after = await slackOf(inbox.id);
      assert.equal(after.state, 'ok');
      assert.ok(after.lastSuccessAt);
    });

    test('a 429 waits for its Retry-After and the message is delivered after it', async () => {
      const inbox = await f.inbox();
      const channel = CHANNELS[1]!;
      await connect(inbox.id, { mode: 'bot', token: TOKEN, channel });
      slack.rateLimitNext('/api/chat.postMessage', '1');
      await f.conversation({ inboxId: inbox.id });
      await waitFor('the message after the rate limit', () => rootsIn(channel)[0]);
      const tries = slack.calls.filter((c) => c.path === '/api/chat.postMessage' && c.body.channel === channel);
      assert.deepEqual(
        tries.map((c) => c.status),
        [429, 200],
        'refused once, then delivered',
      );
      assert.ok(tries[1]!.at - tries[0]!.at >= 950, 'not before Retry-After');
      assert.equal((await slackOf(inbox.id)).state, 'ok');
    });

    test('invalid_auth shows on the connection, from the test message and from an alert', async () => {
      const inbox = await f.inbox();
      await connect(inbox.id, { mode: 'bot', token: 'xoxb-0000-wrong', channel: CHANNELS[2]! });
      const tested = await s.adminClient.post(`/api/v1/inboxes/${inbox.id}/slack/test`);
      assert.equal(tested.status, 200, JSON.stringify(tested.body));
      assert.equal(tested.body.ok, false);
      assert.equal(tested.body.error, 'invalid_auth');
      assert.match(tested.body.message, /not posted .*invalid_auth/);
      assert.deepEqual([tested.body.connection.state, tested.body.connection.lastError], ['error', 'invalid_auth']);

      // Fixed: the test message arrives and the state is ok again.
      await connect(inbox.id, { mode: 'bot', token: TOKEN, channel: CHANNELS[2]! });
      const ok = (await s.adminClient.post(`/api/v1/inboxes/${inbox.id}/slack/test`)).body;
      assert.equal(ok.ok, true);
      assert.equal(ok.connection.state, 'ok');
      assert.match(rootsIn(CHANNELS[2]!).at(-1)!.text, /Switchboard is connected/);

      // Slack refuses an alert: the state turns to error with Slack's reason.
      slack.refuseNext('/api/chat.postMessage', 'not_in_channel');
      await f.conversation({ inboxId: inbox.id });
      const failed = await waitFor('the error on the connection', async () => {
        const c = await slackOf(inbox.id);
        return c.state === 'error' && c;
      });
      assert.equal(failed.lastError, 'not_in_channel');
    });

    test('an incoming webhook gets the new conversation and a short message per change', async () => {
      const inbox = await f.inbox({ name: 'Sales' });
      const hook = slack.hook('T000/B000/secretpath');
      const saved = await connect(inbox.id, { mode: 'webhook', webhookUrl: hook.url });
      assert.deepEqual([saved.mode, saved.updatesMessages, saved.webhookHost], ['webhook', false, new URL(hook.url).host]);
      assert.ok(!JSON.stringify(saved).includes('secretpath'), 'the webhook URL is never answered');

      const conv = await f.conversation({ inboxId: inbox.id });
      await waitFor('the new conversation', () => hook.got[0]);
      assert.match(hook.got[0]!.text, /New conversation in Sales/);
      await s.adminClient.patch(`/api/v1/conversations/${conv.id}`, { status: 'closed' });
      const closed = await waitFor('the close', () => hook.got[1]);
      assert.match(closed.text, /^Closed: <http[^|]+\/all\/[^|]+\|/);
      assert.equal((await slackOf(inbox.id)).state, 'ok');
    });

    test('secrets are sealed and never answered; agents get 404; disconnect', async () => {
      const inbox = await f.inbox();
      const saved = await connect(inbox.id, { mode: 'bot', token: TOKEN, channel: CHANNELS[3]! });
      assert.ok(!JSON.stringify(saved).includes(TOKEN));
      assert.ok(!JSON.stringify(await slackOf(inbox.id)).includes(TOKEN));
      const row = await s.running.ctx.db.kysely
        .selectFrom('slack_connections')
        .selectAll()
        .where('inbox_id', '=', inbox.id)
        .executeTakeFirstOrThrow();
      assert.ok(row.bot_token && !row.bot_token.includes(TOKEN), 'sealed at rest');

      // A later save without the token keeps it.
      const kept = await connect(inbox.id, { mode: 'bot', channel: CHANNELS[3]! });
      assert.equal(kept.hasToken, true);

      const agent = await f.user();
      const base = `/api/v1/inboxes/${inbox.id}/slack`;
      assert.equal((await agent.client.get(base)).status, 404);
      assert.equal((await agent.client.put(base, { mode: 'bot', token: TOKEN, channel: CHANNELS[3]! })).status, 404);
      assert.equal((await agent.client.post(`${base}/test`)).status, 404);
      assert.equal((await agent.client.delete(base)).status, 404);

      assert.equal((await s.adminClient.delete(base)).status, 204);
      assert.equal((await slackOf(inbox.id)).connected, false);
      const missing = await s.adminClient.put(base, { mode: 'bot', channel: CHANNELS[3]! });
      assert.equal(missing.status, 400, 'a new connection needs its token');
    });

    test('housekeeping trims alerts sent or given up 14 days ago; one still waiting stays', async () => {
      const k = s.running.ctx.db.kysely;
      await k
        .updateTable('slack_posts')
        .set({ created_at: new Date(Date.now() - 20 * 86_400_000).toISOString() })
        .execute();
      const finished = await k.selectFrom('slack_posts').select('id').where('status', '!=', 'pending').execute();
      assert.ok(finished.length >= 5);
      assert.equal((await runHousekeeping(s.running.ctx)).slackPosts, finished.length);
      assert.equal((await k.selectFrom('slack_posts').select('id').where('status', '!=', 'pending').execute()).length, 0);
    });
  });
}

describe('Slack alerts with two servers on one PostgreSQL database', await engineSuite('postgres'), () => {
  let storage: Awaited<ReturnType<typeof isolatedStorage>>;
  let a: TestServer;
  let b: TestServer;
  let slack: Awaited<ReturnType<typeof startFakeSlack>>;
  before(async () => {
    slack = await startFakeSlack({ token: TOKEN, channels: CHANNELS });
    storage = await isolatedStorage('postgres');
    const env = { SLACK_API_URL: slack.apiUrl };
    a = await startTestServer({ engine: 'postgres', storage, env });
    b = await startTestServer({ engine: 'postgres', storage, env });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await storage?.drop();
    await slack?.close();
  });

  test('both see every event; each alert is posted once, in order', async () => {
    const inbox = (await a.adminClient.post('/api/v1/inboxes', { name: 'Shared' })).body;
    assert.equal(
      (await a.adminClient.put(`/api/v1/inboxes/${inbox.id}/slack`, { mode: 'bot', token: TOKEN, channel: CHANNELS[0] })).status,
      200,
    );
    const me = (await a.adminClient.get('/api/v1/me')).body;
    const convs: string[] = [];
    for (const [i, s] of [a, b, a].entries()) {
      const c = (
        await s.adminClient.post(`/api/v1/inboxes/${inbox.id}/conversations`, { contact: { email: `two${i}@example.com` }, body: 'hi' })
      ).body;
      await (s === a ? b : a).adminClient.patch(`/api/v1/conversations/${c.id}`, { assigneeId: me.id });
      convs.push(c.id as string);
    }
    const k = a.running.ctx.db.kysely;
    await waitFor('every alert sent', async () => {
      const posts = await k.selectFrom('slack_posts').select('status').execute();
      return posts.length === 6 && posts.every((p) => p.status === 'sent');
    });
    const roots = slack.messages.filter((m) => !m.threadTs);
    assert.equal(roots.length, 3, 'one message per conversation');
    for (const r of roots)
      assert.deepEqual(
        slack.messages.filter((m) => m.threadTs === r.ts).map((m) => m.text),
        [`Assigned to ${me.name}`],
      );
    const links = roots.map((r) => convs.find((id) => JSON.stringify(r.blocks).includes(id)));
    assert.deepEqual([...links].sort(), [...convs].sort());
  });
});
