/**
 * Email notifications (F-NOTIFY.1–2), on both engines: what is due becomes ONE mail per user listing
 * each notification with a link to its conversation and to the preferences, in the user's language;
 * what was read before it was due is left out (nothing left: no mail); a kind with email off, or a
 * user with the app open, gets none; two runs at once mail once. The minute's run is called here at
 * a chosen time instead of waiting minutes; the mail goes through the worker and the outgoing relay.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { Factory } from '../support/factory.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { StreamClient } from '../support/stream.js';
import { startCapture, waitFor, type Captured } from '../email/support/mail.js';
import { queueDueNotificationEmails } from '../../src/server/domain/notification-email.js';
import { notifyAdmins } from '../../src/server/domain/notifications.js';

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000);
const list = async (c: Client) => (await c.get('/api/v1/notifications')).body.items as any[];
const waitForBell = (c: Client, kind: string, conversationId: string | null) =>
  waitFor(`a ${kind} notification`, async () => (await list(c)).find((n) => n.kind === kind && n.conversationId === conversationId));

for (const engine of engines) {
  describe(`email notifications on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let f: Factory;
    let capture: Awaited<ReturnType<typeof startCapture>>;
    before(async () => {
      capture = await startCapture();
      s = await startTestServer({ engine, env: { SMTP_RELAY_URL: capture.url } });
      f = new Factory(s);
    });
    after(async () => {
      await s?.close();
      await capture?.close();
    });

    const k = () => s.running.ctx.db.kysely;
    const mailsTo = (email: string) => capture.messages.filter((m) => m.envelope.to.includes(email));
    const mailTo = (email: string): Promise<Captured> => waitFor(`a mail to ${email}`, () => mailsTo(email)[0]);
    const queuedFor = async (userId: string) =>
      (await k().selectFrom('jobs').select('payload').where('kind', '=', 'notification-email').execute()).filter(
        (j) => JSON.parse(j.payload).userId === userId,
      );
    const assign = async (convId: string, userId: string) =>
      assert.equal((await s.adminClient.patch(`/api/v1/conversations/${convId}`, { assigneeId: userId })).status, 200);
    const linkTo = (conv: { id: string; inboxId: string }) => `${s.url}/inbox/${conv.inboxId}/all/${conv.id}`;
    const conversation = async (subject: string) => {
      const inboxId = (await s.adminClient.get('/api/v1/inboxes')).body.items[0].id as string;
      const r = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/conversations`, {
        contact: { email: `c${Math.random().toString(36).slice(2)}@example.com`, name: 'Jane Customer' },
        subject,
        body: `About ${subject}`,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { id: r.body.id as string, inboxId };
    };

    test('two notifications for one user become one mail with both, links and the preferences link; a second run mails nothing more', async () => {
      const b = await f.user();
      const one = await conversation('Parcel lost');
      const two = await conversation('Refund please');
      await assign(one.id, b.id);
      assert.equal(
        (
          await s.adminClient.post(`/api/v1/conversations/${two.id}/messages`, {
            kind: 'comment',
            body: 'Can you take this refund?',
            mentions: [b.id],
          })
        ).status,
        201,
      );
      await waitForBell(b.client, 'assigned', one.id);
      await waitForBell(b.client, 'mention', two.id);
      const due = inMinutes(10);
      await queueDueNotificationEmails(s.running.ctx, due);
      const m = await mailTo(b.email);
      assert.equal(m.parsed.subject, '2 new notifications in Switchboard');
      const text = m.parsed.text!;
      assert.match(text, new RegExp(`Hello ${b.name},`));
      assert.match(text, /assigned a conversation to you/);
      assert.match(text, /mentioned you/);
      assert.match(text, /Subject: Parcel lost/);
      assert.match(text, /Subject: Refund please/);
      assert.match(text, /Contact: Jane Customer/);
      assert.match(text, /“Can you take this refund\?”/);
      assert.ok(text.includes(linkTo(one)) && text.includes(linkTo(two)), text);
      assert.ok(text.includes(`${s.url}/settings/notifications`), 'where to change what is mailed');
      // Handled: a later run (or another process's) queues nothing more for B.
      await queueDueNotificationEmails(s.running.ctx, due);
      assert.equal((await queuedFor(b.id)).length, 1);
      const rows = await k().selectFrom('notifications').select('emailed_at').where('user_id', '=', b.id).execute();
      assert.ok(rows.every((r) => r.emailed_at));
    });

    test('what was read before it was due is left out; a user whose notifications were all read gets no mail', async () => {
      const b = await f.user();
      const c = await f.user();
      const read = await conversation('Already seen');
      const unread = await conversation('Still waiting');
      const cOnly = await conversation('Read by C');
      await assign(read.id, b.id);
      await assign(unread.id, b.id);
      await assign(cOnly.id, c.id);
      await waitForBell(b.client, 'assigned', unread.id);
      await waitForBell(c.client, 'assigned', cOnly.id);
      assert.equal((await b.client.post(`/api/v1/conversations/${read.id}/read`)).status, 204);
      assert.equal((await c.client.post('/api/v1/notifications/read', { all: true })).status, 200);
      await queueDueNotificationEmails(s.running.ctx, inMinutes(10));
      const m = await mailTo(b.email);
      assert.equal(m.parsed.subject, '1 new notification in Switchboard');
      assert.ok(m.parsed.text!.includes(linkTo(unread)));
      assert.ok(!m.parsed.text!.includes('Already seen') && !m.parsed.text!.includes(read.id), 'the read one is left out');
      assert.deepEqual(await queuedFor(c.id), [], 'nothing queued for C');
      const cRows = await k().selectFrom('notifications').select('emailed_at').where('user_id', '=', c.id).execute();
      assert.ok(cRows.length && cRows.every((r) => r.emailed_at), 'handled without mail');
      assert.equal(mailsTo(c.email).length, 0);
    });

    test('a kind with email turned off sends nothing; the bell still has it', async () => {
      const d = await f.user();
      const prefs = (await d.client.get('/api/v1/me/notification-preferences')).body;
      prefs.kinds.assigned.email = false;
      assert.equal((await d.client.put('/api/v1/me/notification-preferences', prefs)).status, 200);
      const conv = await conversation('No mail for this');
      await assign(conv.id, d.id);
      await waitForBell(d.client, 'assigned', conv.id);
      const r = await queueDueNotificationEmails(s.running.ctx, inMinutes(10));
      assert.equal(r.mailed, 0);
      assert.deepEqual(await queuedFor(d.id), []);
      assert.equal(mailsTo(d.email).length, 0);
    });

    test('the mail is in the user’s language (Dutch), with plurals', async () => {
      const e = await f.user();
      assert.equal((await e.client.patch('/api/v1/me', { locale: 'nl' })).status, 200);
      const one = await conversation('Pakket kwijt');
      const two = await conversation('Factuur');
      await assign(one.id, e.id);
      await assign(two.id, e.id);
      await waitForBell(e.client, 'assigned', two.id);
      await queueDueNotificationEmails(s.running.ctx, inMinutes(10));
      const m = await mailTo(e.email);
      assert.equal(m.parsed.subject, '2 nieuwe meldingen in Switchboard');
      assert.match(m.parsed.text!, new RegExp(`Hallo ${e.name},`));
      assert.match(m.parsed.text!, /Deze 2 dingen gebeurden terwijl je niet in Switchboard was/);
      assert.match(m.parsed.text!, /heeft een gesprek aan je toegewezen/);
      assert.match(m.parsed.text!, /Onderwerp: Pakket kwijt/);
    });

    test('a user with the app open is not mailed what the bell showed them', async () => {
      const g = await f.user();
      const prefs = (await g.client.get('/api/v1/me/notification-preferences')).body;
      assert.equal((await g.client.put('/api/v1/me/notification-preferences', { ...prefs, emailDelayMinutes: 1 })).status, 200);
      const stream = await StreamClient.connect(s.url, { cookie: g.client.cookie });
      await waitFor('the app noted open', () =>
        k().selectFrom('user_seen').select('seen_at').where('user_id', '=', g.id).executeTakeFirst(),
      );
      const conv = await conversation('Seen in the app');
      await assign(conv.id, g.id);
      await waitForBell(g.client, 'assigned', conv.id);
      // Due after one minute; the tab is still open then.
      await queueDueNotificationEmails(s.running.ctx, inMinutes(1.1));
      assert.deepEqual(await queuedFor(g.id), []);
      const rows = await k().selectFrom('notifications').select('emailed_at').where('user_id', '=', g.id).execute();
      assert.ok(rows.length && rows.every((r) => r.emailed_at), 'handled: they saw it in the app');
      stream.ws.close();
    });

    test('two runs at once queue one mail; an admin’s webhook notice reads well', async () => {
      const admin = (await s.adminClient.get('/api/v1/me')).body;
      await notifyAdmins(s.running.ctx, 'webhook_disabled', `webhook-disabled:test:${engine}`, {
        webhookName: 'CRM sync',
        webhookReason: 'gone',
      });
      await waitForBell(s.adminClient, 'webhook_disabled', null);
      const due = inMinutes(10);
      await Promise.all([queueDueNotificationEmails(s.running.ctx, due), queueDueNotificationEmails(s.running.ctx, due)]);
      assert.equal((await queuedFor(admin.id)).length, 1);
      const m = await mailTo(admin.email);
      assert.match(m.parsed.text!, /The webhook “CRM sync” was turned off/);
      assert.match(m.parsed.text!, /410 Gone/);
      assert.equal(mailsTo(admin.email).length, 1);
    });
  });

  describe(`email notifications without an outgoing mail server on ${engine}`, await engineSuite(engine), () => {
    test('the mail waits, held like other server mail, and leaves once a server is saved in Settings', async () => {
      const capture = await startCapture();
      // The capture server listens on loopback: allowed here as an operator would allow a local relay.
      const s = await startTestServer({ engine, env: { ALLOW_PRIVATE_MAIL_HOSTS: '1' } });
      try {
        const f = new Factory(s);
        const b = await f.user();
        const conv = await f.conversation({ body: 'Where is my order?' });
        assert.equal((await s.adminClient.patch(`/api/v1/conversations/${conv.id}`, { assigneeId: b.id })).status, 200);
        await waitForBell(b.client, 'assigned', conv.id);
        await queueDueNotificationEmails(s.running.ctx, inMinutes(10));
        const k = s.running.ctx.db.kysely;
        await waitFor('the mail held', async () => {
          const j = await k.selectFrom('jobs').select(['status', 'last_error']).where('kind', '=', 'notification-email').executeTakeFirst();
          return j?.status === 'pending' && j.last_error?.startsWith('Held:');
        });
        assert.equal(capture.messages.length, 0);
        const saved = await s.adminClient.put('/api/v1/settings/outgoing-mail', {
          host: '127.0.0.1',
          port: capture.port,
          security: 'none',
        });
        assert.equal(saved.status, 200, JSON.stringify(saved.body));
        const m = await waitFor('the held mail, sent', () => capture.messages.find((x) => x.envelope.to.includes(b.email)));
        assert.equal(m.parsed.subject, '1 new notification in Switchboard');
      } finally {
        await s.close();
        await capture.close();
      }
    });
  });
}
