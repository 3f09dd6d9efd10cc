/**
 * Outgoing webhooks (F-NOTIFY.4): an admin registers an endpoint; what happens in Switchboard
 * reaches a local receiver, signed so that the Standard Webhooks reference library verifies it
 * (with the old and the new secret while a rotation lasts); a failure is retried (the retry's
 * time is brought forward rather than waited for) and delivered once; 410 disables the endpoint;
 * private targets are refused without ALLOW_PRIVATE_WEBHOOKS; agents see none of it; an inbox the
 * endpoint's creator cannot read is never sent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { runHousekeeping } from '../../src/server/jobs/housekeeping.js';
import { engines, engineSuite } from '../support/engines.js';
import type { Factory } from '../support/factory.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { waitFor } from '../email/support/mail.js';
import { startReceiver, startWebhookWorld, type Received } from '../support/webhook-receiver.js';

const verify = (secret: string, r: Received) =>
  new Webhook(secret).verify(r.body, {
    'webhook-id': r.headers['webhook-id']!,
    'webhook-timestamp': r.headers['webhook-timestamp']!,
    'webhook-signature': r.headers['webhook-signature']!,
  });

for (const engine of engines) {
  describe(`outgoing webhooks on ${engine}`, await engineSuite(engine), () => {
    let world: Awaited<ReturnType<typeof startWebhookWorld>>;
    let s: TestServer;
    let f: Factory;
    let rx: Awaited<ReturnType<typeof startReceiver>>;
    let deliveries: (id: string) => Promise<any[]>;

    before(async () => ({ s, f, rx, deliveries } = world = await startWebhookWorld(engine)));
    after(() => world?.close());

    const create = async (path: string, eventTypes: string[], as = s.adminClient) => {
      const r = await as.post('/api/v1/webhooks', { name: `Hook ${path}`, url: rx.url(path), eventTypes });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body as { id: string; secret: string; status: string };
    };
    /** Time passes: every waiting webhook attempt becomes due now. */
    const bringRetriesForward = async () => {
      const now = new Date().toISOString();
      const k = s.running.ctx.db.kysely;
      await k.updateTable('webhook_deliveries').set({ next_attempt_at: now }).where('status', '=', 'failed').execute();
      await k.updateTable('jobs').set({ run_at: now }).where('kind', '=', 'deliver-webhook').where('status', '=', 'pending').execute();
    };

    test('a new conversation reaches the endpoint signed; after a rotation both secrets verify', async () => {
      const hook = await create('/signed', ['conversation.created']);
      assert.match(hook.secret, /^whsec_[A-Za-z0-9+/]{32}$/);
      const listed = (await s.adminClient.get('/api/v1/webhooks')).body.items.find((w: any) => w.id === hook.id);
      assert.equal(listed.secret, undefined, 'the secret is shown once');
      assert.deepEqual(listed.eventTypes, ['conversation.created']);

      const conv = await f.conversation({ body: 'Where is my parcel?' });
      const first = await waitFor('the signed delivery', () =>
        rx.got.find((r) => r.path === '/signed' && r.json.data.conversation?.id === conv.id),
      );
      assert.equal(first.json.type, 'conversation.created');
      assert.deepEqual((verify(hook.secret, first) as any).data.conversation.id, conv.id);
      assert.throws(() => verify('whsec_' + Buffer.alloc(24).toString('base64'), first), 'another secret does not verify');

      const rotated = (await s.adminClient.post(`/api/v1/webhooks/${hook.id}/rotate-secret`)).body;
      assert.notEqual(rotated.secret, hook.secret);
      assert.ok(rotated.previousSecretUntil > new Date(Date.now() + 23 * 3600_000).toISOString());
      const conv2 = await f.conversation();
      const second = await waitFor('the delivery after rotation', () =>
        rx.got.find((r) => r.path === '/signed' && r.json.data.conversation?.id === conv2.id),
      );
      assert.equal(second.headers['webhook-signature']!.split(' ').length, 2, 'both signatures are sent');
      verify(rotated.secret, second);
      verify(hook.secret, second);

      // The receiver has the request before the delivery's row records the answer.
      const log = await waitFor('both deliveries recorded', async () => {
        const l = await deliveries(hook.id);
        return l.every((d) => d.status !== 'pending') && l;
      });
      assert.equal(log.length, 2);
      assert.equal(log[0].conversationId, conv2.id, 'newest first');
      assert.deepEqual(
        log.map((d) => [d.status, d.attempts, d.lastStatus, d.responseExcerpt]),
        [
          ['delivered', 1, 200, 'thanks'],
          ['delivered', 1, 200, 'thanks'],
        ],
      );
    });

    test('a 500 is retried and delivered once after; the log lists the attempts', async () => {
      rx.answer('/flaky', 500);
      const hook = await create('/flaky', ['conversation.created']);
      const ping = await s.adminClient.post(`/api/v1/webhooks/${hook.id}/test`);
      assert.equal(ping.status, 201);
      const failed = await waitFor('the failed attempt', async () => (await deliveries(hook.id)).find((d) => d.status === 'failed'));
      assert.deepEqual([failed.attempts, failed.lastStatus, failed.responseExcerpt], [1, 500, 'no luck (500)']);
      assert.ok(failed.nextAttemptAt > new Date().toISOString(), 'the retry waits');

      await bringRetriesForward();
      const done = await waitFor('the retried delivery', async () => (await deliveries(hook.id)).find((d) => d.status === 'delivered'));
      assert.deepEqual([done.attempts, done.lastStatus, done.eventType], [2, 200, 'webhook.ping']);
      const sent = rx.got.filter((r) => r.path === '/flaky');
      assert.equal(sent.length, 2);
      assert.equal(sent[0]!.headers['webhook-id'], sent[1]!.headers['webhook-id'], 'the same message id on a retry');
      verify(hook.secret, sent[1]!);
      const endpoint = (await s.adminClient.get('/api/v1/webhooks')).body.items.find((w: any) => w.id === hook.id);
      assert.equal(endpoint.consecutiveFailures, 0);
    });

    test("a conversation's events arrive in order: a later one waits while an earlier one is retried", async () => {
      rx.answer('/ordered', 500);
      const hook = await create('/ordered', ['conversation.created', 'message.created']);
      const conv = await f.conversation({ body: 'First things first' });
      await waitFor('the failed first delivery', async () => (await deliveries(hook.id)).find((d) => d.status === 'failed'));
      await f.message(conv.id, { body: 'Then this' });
      const waiting = await waitFor('the reply waiting its turn', async () => {
        const reply = (await deliveries(hook.id)).find((d) => d.eventType === 'message.created');
        if (!reply) return null;
        const parked = await s.running.ctx.db.kysely
          .selectFrom('jobs')
          .select('id')
          .where('dedupe_key', 'like', `webhook:${reply.id}:1:after:%`)
          .executeTakeFirst();
        return parked && reply;
      });
      assert.deepEqual([waiting.status, waiting.attempts], ['pending', 0]);
      assert.equal(rx.got.filter((r) => r.path === '/ordered').length, 1);

      await bringRetriesForward();
      await waitFor('both delivered', async () => (await deliveries(hook.id)).every((d) => d.status === 'delivered'));
      assert.deepEqual(
        rx.got.filter((r) => r.path === '/ordered').map((r) => r.json.type),
        ['conversation.created', 'conversation.created', 'message.created'],
      );
    });

    test('410 Gone disables the endpoint, and nothing more is sent to it', async () => {
      rx.answer('/gone', 410);
      const hook = await create('/gone', ['conversation.created']);
      await s.adminClient.post(`/api/v1/webhooks/${hook.id}/test`);
      const disabled = await waitFor('the endpoint disabled', async () =>
        ((await s.adminClient.get('/api/v1/webhooks')).body.items as any[]).find((w) => w.id === hook.id && w.status === 'disabled'),
      );
      assert.match(disabled.disabledReason, /410/);
      assert.equal(disabled.disabledCode, 'gone', 'a code the app words');
      assert.equal((await deliveries(hook.id))[0].status, 'given_up');
      // Admins are told, once, in their notifications; an agent is not.
      const notice = await waitFor('the admins’ notice', async () =>
        ((await s.adminClient.get('/api/v1/notifications')).body.items as any[]).filter(
          (n) => n.kind === 'webhook_disabled' && n.data.webhookName === 'Hook /gone',
        ),
      );
      assert.equal(notice.length, 1);
      assert.equal(notice[0].data.webhookReason, 'gone');
      const agent = await f.user();
      assert.deepEqual((await agent.client.get('/api/v1/notifications')).body.items, []);
      await f.conversation();
      const other = await create('/after-gone', ['conversation.created']);
      const conv = await f.conversation();
      await waitFor('a later event elsewhere', () =>
        rx.got.find((r) => r.path === '/after-gone' && r.json.data.conversation?.id === conv.id),
      );
      assert.equal(rx.got.filter((r) => r.path === '/gone').length, 1);
      assert.ok(other.id);
    });

    test('ten failures in a row disable the endpoint, the reason kept', async () => {
      rx.answer('/tired', 500);
      const hook = await create('/tired', ['conversation.created']);
      // Nine failed before this one.
      await s.running.ctx.db.kysely.updateTable('webhooks').set({ consecutive_failures: 9 }).where('id', '=', hook.id).execute();
      await s.adminClient.post(`/api/v1/webhooks/${hook.id}/test`);
      const disabled = await waitFor('the endpoint disabled', async () =>
        ((await s.adminClient.get('/api/v1/webhooks')).body.items as any[]).find((w) => w.id === hook.id && w.status === 'disabled'),
      );
      assert.equal(disabled.disabledReason, '10 deliveries failed in a row');
      assert.equal(disabled.disabledCode, 'failures');
      assert.equal((await deliveries(hook.id))[0].status, 'given_up');
      const on = await s.adminClient.patch(`/api/v1/webhooks/${hook.id}`, { status: 'on' });
      assert.deepEqual([on.body.status, on.body.disabledReason, on.body.consecutiveFailures], ['on', null, 0]);
    });

    test("an inbox the endpoint's creator cannot read is never sent", async () => {
      const creator = await f.user({ role: 'admin' });
      const member = await f.user();
      const hidden = await f.inbox({ access: { mode: 'specific', userIds: [member.id] } });
      const hook = await create('/scoped', ['conversation.created', 'message.created'], creator.client);
      // The creator is an agent now, outside the hidden inbox.
      assert.equal((await s.adminClient.patch(`/api/v1/users/${creator.id}`, { role: 'agent' })).status, 200);
      const secret = await f.conversation({ inboxId: hidden.id, as: member.client, body: 'hidden words' });
      const open = await f.conversation({ body: 'open words' });
      await waitFor('the readable conversation', () =>
        rx.got.find((r) => r.path === '/scoped' && r.json.data.conversation?.id === open.id),
      );
      const scoped = rx.got.filter((r) => r.path === '/scoped');
      assert.ok(scoped.every((r) => !r.body.includes(secret.id) && !r.body.includes('hidden words')));
      assert.ok((await deliveries(hook.id)).every((d) => d.conversationId !== secret.id));
    });

    test('the delivery log keeps 14 days', async () => {
      const hook = await create('/kept', ['conversation.created']);
      const k = s.running.ctx.db.kysely;
      const row = (id: string, daysAgo: number) => ({
        id,
        webhook_id: hook.id,
        event_id: null,
        event_type: 'webhook.ping',
        conversation_id: null,
        payload: '{}',
        status: 'delivered' as const,
        attempts: 1,
        next_attempt_at: null,
        last_status: 200,
        last_duration_ms: 3,
        response_excerpt: 'thanks',
        created_at: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
      });
      await k
        .insertInto('webhook_deliveries')
        .values([row(`old-${hook.id}`, 15), row(`kept-${hook.id}`, 13)])
        .execute();
      await runHousekeeping(s.running.ctx);
      assert.deepEqual(
        (await deliveries(hook.id)).map((d) => d.id),
        [`kept-${hook.id}`],
      );
    });

    test('an agent finds no webhook route', async () => {
      const hook = await create('/agent', ['conversation.created']);
      const ping = (await s.adminClient.post(`/api/v1/webhooks/${hook.id}/test`)).body;
      const agent = (await f.user()).client;
      const calls: [string, string, unknown?][] = [
        ['GET', '/api/v1/webhooks'],
        ['POST', '/api/v1/webhooks', { name: 'x', url: rx.url('/x'), eventTypes: ['message.created'] }],
        ['PATCH', `/api/v1/webhooks/${hook.id}`, { name: 'mine' }],
        ['DELETE', `/api/v1/webhooks/${hook.id}`],
        ['POST', `/api/v1/webhooks/${hook.id}/rotate-secret`, {}],
        ['POST', `/api/v1/webhooks/${hook.id}/test`, {}],
        ['GET', `/api/v1/webhooks/${hook.id}/deliveries`],
        ['POST', `/api/v1/webhooks/deliveries/${ping.id}/retry`, {}],
      ];
      for (const [method, path, body] of calls) assert.equal((await agent.request(method, path, body)).status, 404, `${method} ${path}`);
      assert.equal((await s.adminClient.get('/api/v1/webhooks')).body.items.find((w: any) => w.id === hook.id).name, 'Hook /agent');
    });
  });

  describe(`webhooks to private addresses on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer({ engine });
    });
    after(() => s?.close());

    test('a loopback or private URL is refused without ALLOW_PRIVATE_WEBHOOKS', async () => {
      for (const url of ['http://127.0.0.1:8080/hook', 'https://10.1.2.3/hook', 'http://[::1]/hook', 'http://169.254.169.254/latest']) {
        const r = await s.adminClient.post('/api/v1/webhooks', { name: 'Internal', url, eventTypes: ['conversation.created'] });
        assert.equal(r.status, 400, url);
        assert.equal(r.body.fieldErrors.url.code, 'private_host', url);
      }
      const bad = await s.adminClient.post('/api/v1/webhooks', {
        name: 'FTP',
        url: 'ftp://example.com/x',
        eventTypes: ['conversation.created'],
      });
      assert.equal(bad.status, 400);
      assert.deepEqual((await s.adminClient.get('/api/v1/webhooks')).body.items, []);
    });

    test('the address is checked again at delivery: a saved endpoint now on loopback is not reached', async () => {
      const hook = await s.adminClient.post('/api/v1/webhooks', {
        name: 'Moves later',
        url: 'https://1.1.1.1/hook',
        eventTypes: ['conversation.created'],
      });
      assert.equal(hook.status, 201, JSON.stringify(hook.body));
      // As if its name now resolved to loopback.
      await s.running.ctx.db.kysely
        .updateTable('webhooks')
        .set({ url: 'http://127.0.0.1:9/hook' })
        .where('id', '=', hook.body.id)
        .execute();
      await s.adminClient.post(`/api/v1/webhooks/${hook.body.id}/test`);
      const failed = await waitFor('the refused attempt', async () =>
        ((await s.adminClient.get(`/api/v1/webhooks/${hook.body.id}/deliveries`)).body.items as any[]).find((d) => d.status === 'failed'),
      );
      assert.equal(failed.lastStatus, null);
      assert.match(failed.responseExcerpt, /private/);
    });
  });
}
