/**
 * Notifications across two real server processes on one PostgreSQL schema and Redis, both running
 * their subscribers and workers (F-NOTIFY.1–2): an assignment made through process A and a mention
 * made through process B each become exactly one notification row for the right user, reach that
 * user's stream held by the OTHER process, and nothing reaches an outsider's streams on either; an
 * email notification is mailed once, not once per process. The safety-net poll is an hour, so only
 * Redis carries the events in time; the email batch is the processes' own minute run.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { missing } from '../support/engines.js';
import { MULTI_ADMIN, startTwoProcesses } from '../support/process.js';
import { Client } from '../support/server.js';
import { StreamClient } from '../support/stream.js';
import { startCapture, waitFor } from '../email/support/mail.js';
import { PushService } from '../support/push-service.js';

const skip = (await missing('postgres')) ?? (await missing('redis'));
let seq = 0;

describe('notifications across two processes on PostgreSQL and Redis', skip ? { skip } : {}, () => {
  let two: Awaited<ReturnType<typeof startTwoProcesses>> | undefined;
  let capture: Awaited<ReturnType<typeof startCapture>> | undefined;
  let db: pg.Client | undefined;
  let urlA = '';
  let urlB = '';
  let adminOnA: Client;
  let adminOnB: Client;

  before(async () => {
    capture = await startCapture();
    // The local push service listens on loopback.
    two = await startTwoProcesses({ SMTP_RELAY_URL: capture.url, ALLOW_PRIVATE_WEBHOOKS: '1' });
    ({ urlA, urlB } = two);
    adminOnA = new Client(urlA);
    adminOnB = new Client(urlB);
    assert.equal((await adminOnA.post('/api/v1/auth/login', MULTI_ADMIN)).status, 200);
    assert.equal((await adminOnB.post('/api/v1/auth/login', MULTI_ADMIN)).status, 200);
    db = new pg.Client({ connectionString: two.databaseUrl });
    await db.connect();
  });
  after(async () => {
    await db?.end();
    await two?.stop();
    await capture?.close();
  });

  /** An agent, logged in through process `url`. */
  const agent = async (url: string) => {
    const name = `n${Date.now().toString(36)}${++seq}`;
    const email = `${name}@example.com`;
    const r = await adminOnA.post('/api/v1/users', { email, name, role: 'agent', password: 'multi-process-pass' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const client = new Client(url);
    assert.equal((await client.post('/api/v1/auth/login', { email, password: 'multi-process-pass' })).status, 200);
    return { id: r.body.id as string, email, client };
  };
  const rowsOf = async (userId: string, kind: string, conversationId: string) =>
    (
      await db!.query('select id from notifications where user_id = $1 and kind = $2 and conversation_id = $3', [
        userId,
        kind,
        conversationId,
      ])
    ).rows;
  const notices = (s: StreamClient) => s.messages.filter((m) => m.type === 'event' && m.event === 'notification.created');

  test(
    'an assignment through A and a mention through B: one row each, on the user’s stream in the other process, never an outsider’s',
    {
      timeout: 60_000,
    },
    async () => {
      const assignee = await agent(urlB);
      const mentioned = await agent(urlA);
      const outsider = await agent(urlA);
      const adminId = (await adminOnA.get('/api/v1/me')).body.id as string;
      const inbox = await adminOnA.post('/api/v1/inboxes', {
        name: `Private ${seq}`,
        access: { mode: 'specific', userIds: [adminId, assignee.id, mentioned.id], teamIds: [] },
      });
      assert.equal(inbox.status, 201, JSON.stringify(inbox.body));
      const assigneeOnB = await StreamClient.connect(urlB, { cookie: assignee.client.cookie });
      const mentionedOnA = await StreamClient.connect(urlA, { cookie: mentioned.client.cookie });
      const outsiderOnA = await StreamClient.connect(urlA, { cookie: outsider.client.cookie });
      const outsiderOnB = await StreamClient.connect(urlB, { cookie: outsider.client.cookie });

      const conv = await adminOnA.post(`/api/v1/inboxes/${inbox.body.id}/conversations`, {
        contact: { email: 'x@example.com' },
        body: 'Lost parcel',
      });
      assert.equal(conv.status, 201);
      // Assigned through process A; heard on the assignee's socket in process B.
      assert.equal((await adminOnA.patch(`/api/v1/conversations/${conv.body.id}`, { assigneeId: assignee.id })).status, 200);
      const assigned = await assigneeOnB.next((m) => m.event === 'notification.created' && m.payload.notification.kind === 'assigned');
      assert.equal(assigned.payload.notification.conversationId, conv.body.id);
      // Mentioned through process B (the outsider too, who may not read it); heard on the socket in process A.
      const comment = await adminOnB.post(`/api/v1/conversations/${conv.body.id}/messages`, {
        kind: 'comment',
        body: 'Please check the courier',
        mentions: [mentioned.id, outsider.id],
      });
      assert.equal(comment.status, 201);
      const mention = await mentionedOnA.next((m) => m.event === 'notification.created' && m.payload.notification.kind === 'mention');
      assert.equal(mention.payload.notification.data.excerpt, 'Please check the courier');

      // Later events: one the assignee is told of, and one in an inbox everyone reads, heard on both outsider sockets.
      const later = await adminOnB.post(`/api/v1/inboxes/${inbox.body.id}/conversations`, {
        contact: { email: 'y@example.com' },
        body: 'Later',
      });
      assert.equal((await adminOnA.patch(`/api/v1/conversations/${later.body.id}`, { assigneeId: assignee.id })).status, 200);
      await assigneeOnB.next((m) => m.event === 'notification.created' && m.payload.notification.conversationId === later.body.id);
      const everyone = (await adminOnA.get('/api/v1/inboxes')).body.items.find((i: any) => i.id !== inbox.body.id).id as string;
      const open = await adminOnA.post(`/api/v1/inboxes/${everyone}/conversations`, {
        contact: { email: 'w@example.com' },
        body: 'For all',
      });
      for (const s of [outsiderOnA, outsiderOnB])
        await s.next((m) => m.event === 'conversation.created' && m.conversationId === open.body.id);

      assert.equal(
        (await rowsOf(assignee.id, 'assigned', conv.body.id)).length,
        1,
        'one assignment row, though both processes saw the event',
      );
      assert.equal((await rowsOf(mentioned.id, 'mention', conv.body.id)).length, 1, 'one mention row');
      assert.equal((await rowsOf(outsider.id, 'mention', conv.body.id)).length, 0, 'nothing for the outsider');
      assert.equal(notices(assigneeOnB).filter((m) => m.payload.notification.conversationId === conv.body.id).length, 1, 'heard once');
      assert.equal(notices(mentionedOnA).filter((m) => m.payload.notification.conversationId === conv.body.id).length, 1, 'heard once');
      assert.deepEqual([...notices(outsiderOnA), ...notices(outsiderOnB)], [], 'no notification on the outsider’s sockets');
      assert.equal(notices(mentionedOnA).filter((m) => m.payload.notification.kind === 'assigned').length, 0, 'not someone else’s');
      for (const s of [assigneeOnB, mentionedOnA, outsiderOnA, outsiderOnB]) s.ws.close();
    },
  );

  test(
    'by push: an assignment through A and a mention through B reach a user with no app open once each, an outsider never',
    { timeout: 60_000 },
    async () => {
      const push = await PushService.start();
      try {
        const away = await agent(urlB);
        const outsider = await agent(urlA);
        for (const [who, name] of [
          [away, 'away'],
          [outsider, 'outsider'],
        ] as const)
          assert.equal((await who.client.post('/api/v1/me/push-subscriptions', push.subscription(name))).status, 200);
        const admin = (await adminOnA.get('/api/v1/me')).body as { id: string; name: string };
        const adminId = admin.id;
        const inbox = await adminOnA.post('/api/v1/inboxes', {
          name: `Push ${seq}`,
          access: { mode: 'specific', userIds: [adminId, away.id], teamIds: [] },
        });
        const conv = await adminOnA.post(`/api/v1/inboxes/${inbox.body.id}/conversations`, {
          contact: { email: 'p@example.com' },
          body: 'Pushed',
        });
        assert.equal((await adminOnA.patch(`/api/v1/conversations/${conv.body.id}`, { assigneeId: away.id })).status, 200);
        const comment = await adminOnB.post(`/api/v1/conversations/${conv.body.id}/messages`, {
          kind: 'comment',
          body: 'Look at this when you are back',
          mentions: [away.id, outsider.id],
        });
        assert.equal(comment.status, 201);
        await waitFor('both pushed', () => push.of('away').length >= 2);
        // Every push job of both workers has run: nothing more is coming.
        await waitFor(
          'push jobs done',
          async () =>
            Number(
              (await db!.query("select count(*) as n from jobs where kind = 'send-push' and status in ('pending', 'running')")).rows[0].n,
            ) === 0,
        );
        assert.deepEqual(push.refused, []);
        assert.deepEqual(
          push
            .of('away')
            .map((r) => r.payload.title)
            .sort(),
          [`${admin.name} assigned a conversation to you`, `${admin.name} mentioned you`].sort(),
        );
        assert.deepEqual(push.of('outsider'), []);
      } finally {
        await push.close();
      }
    },
  );

  test('an email notification is mailed once, not once per process', { timeout: 200_000 }, async () => {
    // Away from the app (no stream open): the assignment is mailed.
    const away = await agent(urlB);
    const conv = await adminOnB.get('/api/v1/inboxes');
    const inboxId = conv.body.items[0].id as string;
    const c = await adminOnB.post(`/api/v1/inboxes/${inboxId}/conversations`, {
      contact: { email: 'z@example.com' },
      subject: 'Broken lamp',
      body: 'It flickers',
    });
    assert.equal((await adminOnA.patch(`/api/v1/conversations/${c.body.id}`, { assigneeId: away.id })).status, 200);
    await waitFor('the notification row', async () => (await rowsOf(away.id, 'assigned', c.body.id)).length === 1);
    // Due now rather than in five minutes: the processes' next minute run takes it.
    await db!.query('update notifications set email_due_at = $1 where user_id = $2', [new Date(Date.now() - 1000).toISOString(), away.id]);
    const mail = await waitFor('the notification mail', () => capture!.messages.find((m) => m.envelope.to.includes(away.email)), 120_000);
    assert.match(mail.parsed.text!, /Subject: Broken lamp/);
    const sentAt = new Date().toISOString();
    // Another minute's run finishes after the mail went: it must not mail the row again.
    await waitFor(
      'a later run of the batch',
      async () =>
        (await db!.query("select 1 from jobs where kind = 'notification-emails' and status = 'done' and run_at > $1", [sentAt])).rows
          .length > 0,
      120_000,
    );
    const jobs = await db!.query("select payload from jobs where kind = 'notification-email'");
    assert.equal(jobs.rows.filter((j) => JSON.parse(j.payload).userId === away.id).length, 1, 'one mail queued');
    assert.equal(capture!.messages.filter((m) => m.envelope.to.includes(away.email)).length, 1, 'one mail sent');
  });
});
