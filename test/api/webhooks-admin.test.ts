/**
 * Outgoing webhooks as the Settings screen uses them: "Send test" on a disabled endpoint reaches the
 * receiver but leaves the endpoint off (its reason kept, tried once); the list tells each endpoint's
 * newest delivery and why it is off as a code; the subscriber's cache of enabled endpoints follows a
 * change in this process at once and one made by another process within `WEBHOOK_CACHE_MS`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import { enabledWebhooks, WEBHOOK_CACHE_MS } from '../../src/server/domain/webhook-endpoints.js';
import { waitFor } from '../email/support/mail.js';
import { engines, engineSuite } from '../support/engines.js';
import type { Factory } from '../support/factory.js';
import type { TestServer } from '../support/server.js';
import { startReceiver, startWebhookWorld } from '../support/webhook-receiver.js';

for (const engine of engines) {
  describe(`webhooks in Settings on ${engine}`, await engineSuite(engine), () => {
    let world: Awaited<ReturnType<typeof startWebhookWorld>>;
    let s: TestServer;
    let f: Factory;
    let rx: Awaited<ReturnType<typeof startReceiver>>;
    let deliveries: (id: string) => Promise<any[]>;

    before(async () => ({ s, f, rx, deliveries } = world = await startWebhookWorld(engine)));
    after(() => world?.close());

    const create = async (path: string) => {
      const r = await s.adminClient.post('/api/v1/webhooks', {
        name: `Hook ${path}`,
        url: rx.url(path),
        eventTypes: ['conversation.created'],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body as { id: string };
    };
    const listed = async (id: string) => ((await s.adminClient.get('/api/v1/webhooks')).body.items as any[]).find((w) => w.id === id);

    test('a test of a disabled endpoint reaches it, once, and the endpoint stays off with its reason', async () => {
      const hook = await create('/mended');
      assert.equal((await listed(hook.id)).lastDelivery, null, 'nothing sent yet');
      const off = (await s.adminClient.patch(`/api/v1/webhooks/${hook.id}`, { status: 'disabled' })).body;
      assert.deepEqual([off.status, off.disabledCode], ['disabled', 'admin']);

      const ping = await s.adminClient.post(`/api/v1/webhooks/${hook.id}/test`);
      assert.equal(ping.status, 201);
      await waitFor('the test at the receiver', () => rx.got.find((r) => r.path === '/mended' && r.json.type === 'webhook.ping'));
      await waitFor('the test delivered', async () => (await deliveries(hook.id))[0]?.status === 'delivered');
      let endpoint = await listed(hook.id);
      assert.deepEqual([endpoint.status, endpoint.disabledCode], ['disabled', 'admin'], 'the test does not turn it on');
      assert.deepEqual([endpoint.lastDelivery.status, endpoint.lastDelivery.lastStatus], ['delivered', 200]);

      // A failing test is tried once: no retry is queued, the failure count and the reason stay.
      rx.answer('/mended', 500);
      const failing = (await s.adminClient.post(`/api/v1/webhooks/${hook.id}/test`)).body;
      const failed = await waitFor('the failed test', async () =>
        (await deliveries(hook.id)).find((d) => d.id === failing.id && d.attempts > 0),
      );
      assert.deepEqual([failed.status, failed.lastStatus, failed.nextAttemptAt], ['given_up', 500, null]);
      const queued = await s.running.ctx.db.kysely
        .selectFrom('jobs')
        .select('id')
        .where('dedupe_key', 'like', `webhook:${failing.id}:%`)
        .where('status', '=', 'pending')
        .execute();
      assert.deepEqual(queued, []);
      endpoint = await listed(hook.id);
      assert.deepEqual([endpoint.status, endpoint.disabledCode, endpoint.consecutiveFailures], ['disabled', 'admin', 0]);
      assert.equal(endpoint.lastDelivery.status, 'given_up');

      // Events still do not reach it while it is off.
      const witness = await create('/witness');
      const conv = await f.conversation();
      await waitFor('the event at another endpoint', () =>
        rx.got.find((r) => r.path === '/witness' && r.json.data.conversation?.id === conv.id),
      );
      assert.ok((await deliveries(hook.id)).every((d) => d.eventType === 'webhook.ping'));
      assert.ok(witness.id);
    });

    test('the enabled endpoints: a change here counts at once, one made by another process within seconds', async () => {
      const hook = await create('/cached');
      const ids = async () => (await enabledWebhooks(s.running.ctx)).map((h) => h.id);
      assert.ok((await ids()).includes(hook.id));
      await s.adminClient.patch(`/api/v1/webhooks/${hook.id}`, { status: 'disabled' });
      assert.ok(!(await ids()).includes(hook.id), 'turned off here: gone at once');
      await s.adminClient.patch(`/api/v1/webhooks/${hook.id}`, { status: 'on' });
      assert.ok((await ids()).includes(hook.id), 'turned on here: back at once');

      // Another process turns it off: this one reads the endpoints again once the cache time is over.
      await s.running.ctx.db.kysely.updateTable('webhooks').set({ status: 'disabled' }).where('id', '=', hook.id).execute();
      mock.timers.enable({ apis: ['Date'], now: Date.now() });
      try {
        assert.ok((await ids()).includes(hook.id), 'still cached');
        mock.timers.tick(WEBHOOK_CACHE_MS);
        assert.ok(!(await ids()).includes(hook.id), 'read again');
      } finally {
        mock.timers.reset();
      }
    });
  });
}
