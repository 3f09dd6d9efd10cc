/**
 * An inbox's getting-started checklist: the forwarding address for whoever may read the inbox, the steps for
 * admins only, each ticked by what really happened (a mailbox connected or mail in, a chat in, a second user).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { Factory } from '../support/factory.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { mail, sendRaw } from '../email/support/mail.js';
import { VisitorClient } from '../chat/support/visitor.js';

type Steps = { key: string; done: boolean; started: boolean }[];
const ticks = (steps: Steps) => Object.fromEntries(steps.map((s) => [s.key, s.done]));

for (const engine of engines) {
  describe(`getting started on ${engine}`, await engineSuite(engine), () => {
    // Mailboxes on this machine's (unreachable) port 1: a mailbox is connected, never polled successfully.
    const t = {} as { s: TestServer; f: Factory };
    before(async () => {
      t.s = await startTestServer({ engine, env: { ALLOW_PRIVATE_MAIL_HOSTS: '1' } });
      t.f = new Factory(t.s);
    });
    after(() => t.s?.close());

    test('a fresh inbox: its address, empty, nothing done; each step ticks off when it happens', async () => {
      const a = t.s.adminClient;
      const inbox = await t.f.inbox({ name: 'Support Desk' });
      const path = `/api/v1/inboxes/${inbox.id}/getting-started`;
      const fresh = await a.get(path);
      assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
      assert.match(fresh.body.fallbackAddress, /^support-desk@/);
      assert.equal(fresh.body.fallbackAddress, (await a.get(`/api/v1/inboxes/${inbox.id}`)).body.fallbackAddress);
      assert.equal(fresh.body.empty, true);
      assert.deepEqual(ticks(fresh.body.steps), { mailbox: false, chat: false, team: false });

      // Mail forwarded to the address: the inbox is no longer empty and the mailbox step is done.
      assert.equal((await sendRaw(t.s.running.smtpPort!, fresh.body.fallbackAddress, mail({ to: fresh.body.fallbackAddress }))).ok, true);
      const afterMail = (await a.get(path)).body;
      assert.equal(afterMail.empty, false);
      assert.deepEqual(ticks(afterMail.steps), { mailbox: true, chat: false, team: false });

      // A chat channel alone is started, not done; the first chat from a page is what shows the widget works.
      const ch = (await a.post(`/api/v1/inboxes/${inbox.id}/channels`, { kind: 'chat', name: 'Site' })).body;
      const started = (await a.get(path)).body.steps.find((s: Steps[number]) => s.key === 'chat');
      assert.deepEqual(started, { key: 'chat', done: false, started: true });
      const { v } = await VisitorClient.hello(t.s.url, ch.id, { name: 'Pat' });
      assert.equal((await v.say('gs-chat-01', 'Hello?')).type, 'ack');
      v.close();
      assert.deepEqual(ticks((await a.get(path)).body.steps), { mailbox: true, chat: true, team: false });

      // Someone else on the team.
      await t.f.user();
      assert.deepEqual(ticks((await a.get(path)).body.steps), { mailbox: true, chat: true, team: true });
    });

    test('email an agent started is not mail received; a connected mailbox is', async () => {
      const a = t.s.adminClient;
      const inbox = await t.f.inbox();
      const path = `/api/v1/inboxes/${inbox.id}/getting-started`;
      const contact = await t.f.contact();
      const started = await a.post(`/api/v1/contacts/${contact.id}/emails`, { inboxId: inbox.id, subject: 'Hi', body: '<p>Hello</p>' });
      assert.equal(started.status, 201, JSON.stringify(started.body));
      const body = (await a.get(path)).body;
      assert.equal(body.empty, false);
      assert.equal(ticks(body.steps).mailbox, false);
      const mb = await a.post(`/api/v1/inboxes/${inbox.id}/mailboxes`, {
        name: 'Team mailbox',
        address: `team-${t.f.uniq()}@example.com`,
        imap: { host: '127.0.0.1', port: 1, secure: false, user: 'u', password: 'p' },
        smtp: { host: '127.0.0.1', port: 1, secure: false, user: 'u', password: 'p' },
      });
      assert.equal(mb.status, 201, JSON.stringify(mb.body));
      assert.equal(ticks((await a.get(path)).body.steps).mailbox, true);
    });

    test('agents see the address but no admin steps; who cannot read the inbox gets 404, as for an unknown one', async () => {
      const agent = await t.f.user();
      const outsider = await t.f.user();
      const inbox = await t.f.inbox({ access: { mode: 'specific', userIds: [agent.id] } });
      const path = `/api/v1/inboxes/${inbox.id}/getting-started`;
      const seen = await agent.client.get(path);
      assert.equal(seen.status, 200);
      assert.match(seen.body.fallbackAddress, /@/);
      assert.deepEqual(seen.body.steps, []);
      const refused = await outsider.client.get(path);
      assert.equal(refused.status, 404);
      assert.deepEqual(refused.body, (await outsider.client.get('/api/v1/inboxes/no-such-inbox/getting-started')).body);
      assert.equal((await t.s.anonymous().get(path)).status, 401);
    });
  });
}
