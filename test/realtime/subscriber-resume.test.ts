/**
 * Nothing owed is lost when a process stops between a commit and its subscribers: an assignment
 * committed while no server ran (as if the process died right after its commit) still becomes the
 * assignee's notification and the webhook's delivery once a server starts again, and only once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { loadActor } from '../../src/server/domain/auth.js';
import { createCtx } from '../../src/server/domain/context.js';
import { updateConversation } from '../../src/server/domain/conversations.js';
import { EventBus } from '../../src/server/events/bus.js';
import { openDatabase } from '../../src/server/db/open.js';
import { Secrets } from '../../src/server/secrets.js';
import { waitFor } from '../email/support/mail.js';
import { engines, engineSuite, isolatedStorage } from '../support/engines.js';
import { Factory, testPassword } from '../support/factory.js';
import { startTestServer } from '../support/server.js';
import { startReceiver } from '../support/webhook-receiver.js';

for (const engine of engines) {
  describe(`durable subscribers on ${engine}`, await engineSuite(engine), () => {
    test('an assignment committed while no server ran is notified and delivered after a start, once', async () => {
      const storage = await isolatedStorage(engine);
      const rx = await startReceiver();
      const env = { ALLOW_PRIVATE_WEBHOOKS: '1' };
      try {
        const s1 = await startTestServer({ engine, storage, env });
        const f = new Factory(s1);
        const bob = await f.user({ name: 'bobresume' });
        const conv = await f.conversation({ body: 'Lost parcel' });
        const hook = await s1.adminClient.post('/api/v1/webhooks', {
          name: 'Resume',
          url: rx.url('/resume'),
          eventTypes: ['conversation.assigned'],
        });
        assert.equal(hook.status, 201);
        const adminId = (await s1.adminClient.get('/api/v1/me')).body.id as string;
        await s1.close();

        // The commit happens with no subscriber listening: a process that died right after it.
        const db = openDatabase({ databaseUrl: storage.databaseUrl, dataDir: storage.dataDir }, storage.schema);
        const ctx = createCtx({
          db,
          bus: new EventBus(db),
          secrets: new Secrets(randomBytes(32), 'test'),
          mail: { filesDir: storage.dataDir, mailDomain: 'x.example', maxMessageBytes: 1e6 },
        });
        await updateConversation(ctx, (await loadActor(ctx, adminId))!, conv.id, { assigneeId: bob.id });
        await db.close();

        const s2 = await startTestServer({ engine, storage, env });
        try {
          const client = await s2.login(bob.email, testPassword(bob.name));
          const n = await waitFor('the notification after the restart', async () =>
            ((await client.get('/api/v1/notifications')).body.items as any[]).find(
              (x) => x.kind === 'assigned' && x.conversationId === conv.id,
            ),
          );
          assert.ok(n);
          await waitFor('the webhook delivery after the restart', () => rx.got.find((r) => r.json.data.conversation?.id === conv.id));
          // Another event later: handled once, and the earlier ones not again.
          await s2.adminClient.patch(`/api/v1/conversations/${conv.id}`, { status: 'closed' });
          await new Promise((r) => setTimeout(r, 500));
          assert.equal(
            ((await client.get('/api/v1/notifications')).body.items as any[]).filter((x) => x.conversationId === conv.id).length,
            1,
          );
          assert.equal(rx.got.filter((r) => r.json.data.conversation?.id === conv.id).length, 1);
        } finally {
          await s2.close();
        }
      } finally {
        await rx.close();
        await storage.drop();
      }
    });
  });
}
