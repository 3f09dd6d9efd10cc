/**
 * Web Push (F-NOTIFY.1), end to end against a local push service that checks the VAPID JWT and
 * decrypts the payload itself (`test/support/push-service.ts`): an assignment and a mention reach
 * the subscribed user once, in their language; an outsider's browser gets nothing; a user with a tab
 * open gets no push (the tab shows it); 410 removes the subscription; a notification read before the
 * push went is not pushed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { testServerPerSuite } from '../support/factory.js';
import { loadActor } from '../../src/server/domain/auth.js';
import type { DomainError } from '../../src/server/domain/errors.js';
import { subscribePush } from '../../src/server/domain/push.js';
import { openAppsOf } from '../../src/server/realtime/open-apps.js';
import { PushService } from '../support/push-service.js';
import { StreamClient } from '../support/stream.js';
import { waitFor } from '../email/support/mail.js';
import type { Client, TestServer } from '../support/server.js';

/** Waits until no push job is waiting or running (the worker polls every second). */
async function pushJobsDone(s: TestServer): Promise<void> {
  await waitFor('push jobs done', async () => {
    const r = await s.running.ctx.db.kysely
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('kind', '=', 'send-push')
      .where('status', 'in', ['pending', 'running'])
      .executeTakeFirstOrThrow();
    return Number(r.n) === 0;
  });
}

const subscribe = async (c: Client, sub: object) => {
  const r = await c.post('/api/v1/me/push-subscriptions', { ...sub, label: 'Firefox on Linux' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as { id: string };
};

for (const engine of engines) {
  describe(`web push on ${engine}`, await engineSuite(engine), () => {
    const t = testServerPerSuite(engine, { ALLOW_PRIVATE_WEBHOOKS: '1', VAPID_SUBJECT: 'mailto:ops@example.com' });
    let push: PushService;
    before(async () => (push = await PushService.start()));
    after(() => push.close());

    test('the public key is one P-256 key, kept; only signed-in users ask for it', async () => {
      const { s } = t;
      const a = await s.adminClient.get('/api/v1/push/public-key');
      assert.equal(a.status, 200);
      assert.equal(Buffer.from(a.body.publicKey, 'base64url').length, 65);
      assert.equal((await s.adminClient.get('/api/v1/push/public-key')).body.publicKey, a.body.publicKey);
      assert.equal((await s.anonymous().get('/api/v1/push/public-key')).status, 401);
    });

    test('an assignment and a mention reach the subscribed user once by push, in their language; an outsider gets nothing', async () => {
      const { s, f } = t;
      const b = await f.user();
      const outsider = await f.user();
      await b.client.patch('/api/v1/me', { locale: 'nl' });
      await subscribe(b.client, push.subscription('b'));
      await subscribe(outsider.client, push.subscription('outsider'));
      const admin = (await s.adminClient.get('/api/v1/me')).body;
      const inbox = await f.inbox({ access: { mode: 'specific', userIds: [b.id, admin.id] } });
      const conv = await f.conversation({ inboxId: inbox.id, body: 'Waar blijft mijn pakket?' });

      assert.equal((await s.adminClient.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: b.id })).status, 200);
      const [assigned] = await waitFor('the assignment pushed', async () => (push.of('b').length >= 1 ? push.of('b') : null));
      const bell = (await b.client.get('/api/v1/notifications')).body.items;
      assert.equal(assigned!.payload.notificationId, bell.find((n: any) => n.kind === 'assigned').id);
      assert.equal(assigned!.payload.title, `${admin.name} heeft een gesprek aan je toegewezen`);
      assert.equal(assigned!.payload.url, `/inbox/${inbox.id}/all/${conv.id}`);
      assert.equal(assigned!.jwt.sub, 'mailto:ops@example.com');
      assert.equal(assigned!.k, (await s.adminClient.get('/api/v1/push/public-key')).body.publicKey);
      const ttl = Number(assigned!.headers.ttl);
      assert.ok(ttl > 0 && ttl <= 3600, `TTL ${ttl}`);
      assert.equal(assigned!.headers.urgency, 'high');

      const r = await s.adminClient.post(`/api/v1/conversations/${conv.id}/messages`, {
        kind: 'comment',
        body: 'Kun jij hiernaar kijken?',
        mentions: [b.id, outsider.id],
      });
      assert.equal(r.status, 201);
      const mention = await waitFor('the mention pushed', async () => push.of('b').find((x) => x.payload.title.includes('noemde je')));
      assert.equal(mention.payload.body.includes('Kun jij hiernaar kijken?'), true);
      await pushJobsDone(s);
      assert.equal(push.of('b').length, 2, 'each once');
      assert.deepEqual(push.of('outsider'), [], 'the outsider may not read the inbox');
      assert.deepEqual(push.refused, []);
      const subs = (await b.client.get('/api/v1/me/push-subscriptions')).body;
      assert.equal(subs.length, 1);
      assert.ok(subs[0].lastSuccessAt);
      assert.equal(subs[0].label, 'Firefox on Linux');
    });

    test('no push while a tab of the user is open; after it closed, again', async () => {
      const { s, f } = t;
      const c = await f.user();
      await subscribe(c.client, push.subscription('c'));
      const stream = await StreamClient.connect(s.url, { cookie: c.client.cookie });
      const first = await f.conversation();
      await s.adminClient.patch(`/api/v1/conversations/${first.id}`, { assigneeId: c.id });
      await stream.next((m) => m.event === 'notification.created');
      await pushJobsDone(s);
      assert.deepEqual(push.of('c'), [], 'the open tab shows it itself');
      stream.ws.close();
      await waitFor('the stream closed on the server', () => !openAppsOf(s.running.ctx).isOpen(c.id));
      const second = await f.conversation();
      await s.adminClient.patch(`/api/v1/conversations/${second.id}`, { assigneeId: c.id });
      const got = await waitFor('a push', async () => push.of('c')[0]);
      assert.ok(got.payload.url.endsWith(`/${second.id}`));
    });

    test('a push service answering 410 removes the subscription', async () => {
      const { s, f } = t;
      const d = await f.user();
      await subscribe(d.client, push.subscription('gone', [410]));
      await subscribe(d.client, push.subscription('kept'));
      const conv = await f.conversation();
      await s.adminClient.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: d.id });
      await waitFor('the kept browser pushed', async () => push.of('kept')[0]);
      await pushJobsDone(s);
      const subs = (await d.client.get('/api/v1/me/push-subscriptions')).body as { id: string }[];
      assert.equal(subs.length, 1, 'only the browser still subscribed');
      assert.deepEqual(push.of('gone'), []);
    });

    test('a notification read before its push went is not pushed (a failed push is not retried once read)', async () => {
      const { s, f } = t;
      const e = await f.user();
      await subscribe(e.client, push.subscription('late', [500]));
      const conv = await f.conversation();
      await s.adminClient.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: e.id });
      const k = s.running.ctx.db.kysely;
      // The first attempt failed (500); the retry waits.
      const job = await waitFor('the failed attempt', () =>
        k
          .selectFrom('jobs')
          .selectAll()
          .where('kind', '=', 'send-push')
          .where('status', '=', 'pending')
          .where('attempts', '=', 1)
          .executeTakeFirst(),
      );
      assert.equal((await e.client.post(`/api/v1/conversations/${conv.id}/read`)).status, 204);
      await k.updateTable('jobs').set({ run_at: new Date().toISOString() }).where('id', '=', job.id).execute();
      await waitFor('the retry ran', async () => {
        const j = await k.selectFrom('jobs').select('status').where('id', '=', job.id).executeTakeFirstOrThrow();
        return j.status === 'done';
      });
      assert.deepEqual(push.of('late'), []);
    });

    test('without ALLOW_PRIVATE_WEBHOOKS an endpoint must be https and not a private address', async () => {
      const { s, f } = t;
      const h = await f.user();
      const actor = (await loadActor(s.running.ctx, h.id))!;
      const strict = { ...s.running.ctx, mail: { ...s.running.ctx.mail, allowPrivateWebhooks: false } };
      const keys = push.subscription('strict').keys;
      for (const endpoint of ['http://push.example.com/x', 'https://127.0.0.1/x', 'https://10.1.2.3/x'])
        await assert.rejects(subscribePush(strict, actor, { endpoint, keys }), (err: DomainError) => err.code === 'invalid', endpoint);
      assert.deepEqual((await h.client.get('/api/v1/me/push-subscriptions')).body, []);
    });

    test('unsubscribing stops push to that browser; someone else cannot unsubscribe it', async () => {
      const { s, f } = t;
      const g = await f.user();
      const other = await f.user();
      const sub = push.subscription('g');
      await subscribe(g.client, sub);
      assert.equal((await other.client.delete('/api/v1/me/push-subscriptions', { endpoint: sub.endpoint })).status, 204);
      assert.equal((await g.client.get('/api/v1/me/push-subscriptions')).body.length, 1);
      assert.equal((await g.client.delete('/api/v1/me/push-subscriptions', { endpoint: sub.endpoint })).status, 204);
      assert.deepEqual((await g.client.get('/api/v1/me/push-subscriptions')).body, []);
      const conv = await f.conversation();
      await s.adminClient.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: g.id });
      await waitFor('the notification', async () => (await g.client.get('/api/v1/notifications')).body.items.length === 1);
      await pushJobsDone(s);
      assert.deepEqual(push.of('g'), []);
      const bad = await g.client.post('/api/v1/me/push-subscriptions', { endpoint: sub.endpoint, keys: { p256dh: 'x', auth: 'y' } });
      assert.equal(bad.status, 400);
    });
  });
}
