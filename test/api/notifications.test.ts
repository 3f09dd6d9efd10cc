/**
 * Agents' notifications (F-NOTIFY.1–2, F-CONV.3): an assignment, an @mention and a customer writing
 * in an assigned conversation reach the right user once, in the bell and on their own stream only;
 * someone who may not read the conversation never hears of it; reading the conversation, ids or
 * everything marks them read; preferences turn kinds on and off.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { testServerPerSuite } from '../support/factory.js';
import { StreamClient } from '../support/stream.js';
import { waitFor } from '../email/support/mail.js';
import type { Client } from '../support/server.js';

const list = async (c: Client, q = '') =>
  (await c.get(`/api/v1/notifications${q}`)).body as { items: any[]; nextCursor: string | null; unreadCount: number };
const waitForKind = (c: Client, kind: string, conversationId: string) =>
  waitFor(`a ${kind} notification`, async () => (await list(c)).items.find((n) => n.kind === kind && n.conversationId === conversationId));

for (const engine of engines) {
  describe(`notifications on ${engine}`, await engineSuite(engine), () => {
    const t = testServerPerSuite(engine);

    test('an assignment reaches the assignee once, on their stream alone, and not who assigned it', async () => {
      const { s, f } = t;
      const b = await f.user();
      const c = await f.user();
      const streamB = await StreamClient.connect(s.url, { cookie: b.client.cookie });
      const streamC = await StreamClient.connect(s.url, { cookie: c.client.cookie });
      const conv = await f.conversation({ body: 'My parcel is lost' });
      assert.equal((await s.adminClient.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: b.id })).status, 200);
      const n = await waitForKind(b.client, 'assigned', conv.id);
      const admin = (await s.adminClient.get('/api/v1/me')).body;
      assert.deepEqual(n.actor, { id: admin.id, name: admin.name }, 'who assigned it');
      assert.equal(n.readAt, null);
      const live = await streamB.next((m) => m.type === 'event' && m.event === 'notification.created');
      assert.equal(live.payload.notification.id, n.id);
      assert.equal(live.payload.notification.kind, 'assigned');
      // A later event reaches C's stream, but never B's notification.
      await f.conversation();
      await streamC.next((m) => m.type === 'event' && m.event === 'conversation.created');
      assert.equal(streamC.messages.filter((m) => m.event === 'notification.created').length, 0);
      assert.equal((await list(c.client)).items.length, 0);
      assert.equal((await list(s.adminClient)).items.filter((x) => x.conversationId === conv.id).length, 0, 'not the one who assigned');
      assert.equal((await list(b.client)).items.filter((x) => x.conversationId === conv.id).length, 1, 'once');
      streamB.ws.close();
      streamC.ws.close();
    });

    test('an @mention reaches who is mentioned, with the comment’s words; an outsider mentioned hears nothing', async () => {
      const { s, f } = t;
      const b = await f.user();
      const outsider = await f.user();
      const adminId = (await s.adminClient.get('/api/v1/me')).body.id;
      const inbox = await f.inbox({ access: { mode: 'specific', userIds: [b.id, adminId] } });
      const conv = await f.conversation({ inboxId: inbox.id });
      const r = await s.adminClient.post(`/api/v1/conversations/${conv.id}/messages`, {
        kind: 'comment',
        body: 'Could you look at this refund?',
        mentions: [b.id, outsider.id],
      });
      assert.equal(r.status, 201);
      const n = await waitForKind(b.client, 'mention', conv.id);
      assert.equal(n.data.excerpt, 'Could you look at this refund?');
      // Something later in the same inbox reached B, so the mention was handled; the outsider has nothing.
      await s.adminClient.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: b.id });
      await waitForKind(b.client, 'assigned', conv.id);
      assert.deepEqual((await list(outsider.client)).items, []);
    });

    test('a customer writing in a conversation assigned to me notifies me; reading the conversation reads it', async () => {
      const { s, f } = t;
      const b = await f.user();
      const conv = await f.conversation();
      await b.client.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: b.id });
      assert.equal((await s.adminClient.post(`/api/v1/conversations/${conv.id}/incoming`, { body: 'Any news?' })).status, 201);
      const n = await waitForKind(b.client, 'new_message', conv.id);
      assert.equal(n.data.excerpt, 'Any news?');
      assert.equal(
        (await list(b.client)).items.some((x) => x.kind === 'assigned'),
        false,
        'assigning yourself tells you nothing',
      );
      const before = (await list(b.client)).unreadCount;
      assert.ok(before >= 1);
      const stream = await StreamClient.connect(s.url, { cookie: b.client.cookie });
      assert.equal((await b.client.post(`/api/v1/conversations/${conv.id}/read`)).status, 204);
      await stream.next((m) => m.event === 'notification.read' && m.payload.conversationId === conv.id);
      const after = await list(b.client);
      assert.equal(after.unreadCount, before - 1);
      assert.ok(after.items.find((x) => x.id === n.id).readAt);
      stream.ws.close();
    });

    test('a conversation given to a team with nobody assigned tells its members, naming the team', async () => {
      const { s, f } = t;
      const b = await f.user();
      const c = await f.user();
      const outsider = await f.user();
      const team = await s.adminClient.post('/api/v1/teams', { name: 'Billing', userIds: [b.id, c.id] });
      assert.equal(team.status, 201, JSON.stringify(team.body));
      const conv = await f.conversation();
      assert.equal((await s.adminClient.patch(`/api/v1/conversations/${conv.id}`, { teamId: team.body.id })).status, 200);
      for (const member of [b, c]) {
        const n = await waitForKind(member.client, 'team_assigned', conv.id);
        assert.equal(n.data.teamName, 'Billing');
      }
      assert.deepEqual((await list(outsider.client)).items, []);
    });

    test('mark read by ids (only one’s own) and all; unread filter and pages', async () => {
      const { s, f } = t;
      const b = await f.user();
      const other = await f.user();
      const convs = [];
      for (let i = 0; i < 3; i++) {
        const conv = await f.conversation();
        await s.adminClient.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: b.id });
        convs.push(conv);
      }
      await waitFor('three notifications', async () => (await list(b.client)).items.length === 3);
      const first = await list(b.client, '?limit=2');
      assert.equal(first.items.length, 2);
      assert.deepEqual(
        first.items.map((n) => n.conversationId),
        [convs[2]!.id, convs[1]!.id],
        'newest first',
      );
      const second = await list(b.client, `?limit=2&cursor=${first.nextCursor}`);
      assert.deepEqual(
        second.items.map((n) => n.conversationId),
        [convs[0]!.id],
      );
      assert.equal(second.nextCursor, null);
      // Another user's ids change nothing.
      const byOther = await other.client.post('/api/v1/notifications/read', { ids: [first.items[0].id] });
      assert.equal(byOther.status, 200);
      assert.equal((await list(b.client)).unreadCount, 3);
      const one = await b.client.post('/api/v1/notifications/read', { ids: [first.items[0].id] });
      assert.equal(one.body.unreadCount, 2);
      assert.equal((await list(b.client, '?unread=true')).items.length, 2);
      const all = await b.client.post('/api/v1/notifications/read', { all: true });
      assert.equal(all.body.unreadCount, 0);
      assert.equal((await list(b.client, '?unread=true')).items.length, 0);
      const bad = await b.client.post('/api/v1/notifications/read', { ids: [] });
      assert.equal(bad.status, 400);
    });

    test('preferences: defaults, a kind turned off stays quiet, a new kind turned on speaks; bad input changes nothing', async () => {
      const { s, f } = t;
      const b = await f.user();
      const prefs = (await b.client.get('/api/v1/me/notification-preferences')).body;
      assert.equal(prefs.kinds.mention.inApp, true);
      assert.equal(prefs.kinds.new_conversation_api.inApp, false);
      const changed = structuredClone(prefs);
      changed.kinds.assigned = { inApp: false, push: false, sound: false, email: false };
      changed.kinds.new_conversation_api.inApp = true;
      const put = await b.client.put('/api/v1/me/notification-preferences', changed);
      assert.equal(put.status, 200);
      assert.deepEqual(put.body, changed);
      assert.equal((await b.client.put('/api/v1/me/notification-preferences', { ...changed, emailDelayMinutes: 0 })).status, 400);
      assert.deepEqual((await b.client.get('/api/v1/me/notification-preferences')).body, changed);
      const inboxId = await f.defaultInbox();
      const incoming = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/conversations`, {
        contact: { email: `c${f.uniq()}@example.com` },
        subject: 'Hello',
        body: 'A new question',
      });
      assert.equal(incoming.status, 201, JSON.stringify(incoming.body));
      const n = await waitForKind(b.client, 'new_conversation_api', incoming.body.id);
      assert.equal(n.data.subject, 'Hello');
      await s.adminClient.patch(`/api/v1/conversations/${incoming.body.id}`, { assigneeId: b.id });
      // Assignment is off for B: a later mention arrives, the assignment never did.
      await s.adminClient.post(`/api/v1/conversations/${incoming.body.id}/messages`, { kind: 'comment', body: 'fyi', mentions: [b.id] });
      await waitForKind(b.client, 'mention', incoming.body.id);
      assert.equal(
        (await list(b.client)).items.some((x) => x.kind === 'assigned'),
        false,
      );
    });

    test('a notification of an inbox one can no longer read is no longer listed', async () => {
      const { s, f } = t;
      const b = await f.user();
      const adminId = (await s.adminClient.get('/api/v1/me')).body.id;
      const inbox = await f.inbox({ access: { mode: 'specific', userIds: [b.id, adminId] } });
      const conv = await f.conversation({ inboxId: inbox.id });
      await s.adminClient.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: b.id });
      await waitForKind(b.client, 'assigned', conv.id);
      const r = await s.adminClient.patch(`/api/v1/inboxes/${inbox.id}`, { access: { mode: 'specific', userIds: [adminId], teamIds: [] } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const after = await list(b.client);
      assert.equal(
        after.items.some((x) => x.conversationId === conv.id),
        false,
      );
      assert.equal(after.unreadCount, 0);
    });
  });
}
