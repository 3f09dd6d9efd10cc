/**
 * The permission matrix: every REST route and the stream, for every kind of actor, against a
 * private inbox. A route without a row here fails the test, so no route ships unchecked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { apiRoutes } from '../../src/server/http/server.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { crmFixture } from '../support/crm-fixture.js';
import { sendRaw } from '../email/support/mail.js';
import { saveFile } from '../../src/server/files/store.js';
import { PICTURE } from '../support/fake-graph.js';

import { actors, flowBody, uniq, type ActorName, type Case, type Expect, type Fixture } from './support/permission-rows.js';
import { peopleCases } from './support/permission-cases-people.js';
import { settingsCases } from './support/permission-cases-settings.js';

const matrix: Record<string, Case> = { ...peopleCases, ...settingsCases };

/** The stream: readers receive the private inbox's events, others connect but hear nothing of it. */
const streamRow: Record<ActorName, 'receives' | 'silent' | 401> = {
  superMember: 'receives',
  superNon: 'receives',
  adminNon: 'receives',
  agentDirect: 'receives',
  agentTeam: 'receives',
  agentNone: 'silent',
  anonymous: 401,
};

for (const engine of engines) {
  describe(`permission matrix on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    const clients = {} as Record<ActorName, Client>;
    const passwords = {} as Record<ActorName, { email: string; password: string }>;
    let base: Omit<Fixture, 'actorName'>;

    before(async () => {
      // The mailbox route's sample points at 127.0.0.1.
      s = await startTestServer({ engine, env: { ALLOW_PRIVATE_MAIL_HOSTS: '1', ALLOW_PRIVATE_WEBHOOKS: '1' } });
      const admin = s.adminClient;
      const make = async (name: ActorName, role: string) => {
        const email = `${name.toLowerCase()}@example.com`;
        const password = 'password-' + name;
        const r = await admin.post('/api/v1/users', { email, name, role, password });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        passwords[name] = { email, password };
        return r.body.id as string;
      };
      const ids = {
        superMember: await make('superMember', 'super_admin'),
        superNon: await make('superNon', 'super_admin'),
        adminNon: await make('adminNon', 'admin'),
        agentDirect: await make('agentDirect', 'agent'),
        agentTeam: await make('agentTeam', 'agent'),
        agentNone: await make('agentNone', 'agent'),
      };
      const team = (await admin.post('/api/v1/teams', { name: 'Private team', userIds: [ids.agentTeam] })).body;
      const access = { mode: 'specific', userIds: [ids.superMember, ids.agentDirect], teamIds: [team.id] };
      const inbox = (await admin.post('/api/v1/inboxes', { name: 'Private', access })).body;
      for (const a of actors) clients[a] = a === 'anonymous' ? s.anonymous() : await s.login(passwords[a].email, passwords[a].password);
      const member = clients.superMember;
      const conv = (
        await member.post(`/api/v1/inboxes/${inbox.id}/conversations`, { contact: { email: 'c@example.com', name: 'C' }, body: 'secret' })
      ).body;
      const snippet = (await admin.post('/api/v1/snippets', { name: 'keep', body: 'x' })).body;
      const template = async () =>
        (await admin.post('/api/v1/templates', { name: `t${uniq()}`, subject: 'S', body: '<p>x</p>', inboxId: inbox.id })).body
          .id as string;
      // Nothing listens on port 9: deliveries fail and wait for their retry.
      const webhook = async () =>
        (await admin.post('/api/v1/webhooks', { name: `w${uniq()}`, url: 'http://127.0.0.1:9/hook', eventTypes: ['conversation.created'] }))
          .body.id as string;
      const newForm = async () =>
        (await admin.post(`/api/v1/inboxes/${inbox.id}/forms`, { name: `f${uniq()}` })).body as { id: string; slug: string };
      const firstForm = await newForm();
      const chatChannelId = (await admin.post(`/api/v1/inboxes/${inbox.id}/channels`, { kind: 'chat', name: 'Private chat' })).body.id;
      const chatflowId = (await admin.post(`/api/v1/channels/${chatChannelId}/chatflows`, flowBody())).body.id;
      const webhookDelivery = async () => (await admin.post(`/api/v1/webhooks/${await webhook()}/test`)).body.id as string;
      const uploaded = await fetch(`${s.url}/api/v1/attachments?filename=u.txt`, {
        method: 'POST',
        headers: { origin: s.url, cookie: member.cookie, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(Buffer.from('u')),
      });
      assert.equal(uploaded.status, 201);
      const uploadId = ((await uploaded.json()) as { id: string }).id;
      const emailChannelId = (await member.get(`/api/v1/inboxes/${inbox.id}/channels`)).body.items.find((c: any) => c.kind === 'email').id;
      const raw = [
        'From: <mailer@example.com>',
        `To: <${inbox.fallbackAddress}>`,
        'Subject: secret file',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'see file',
        '--b1',
        'Content-Type: application/pdf',
        'Content-Disposition: attachment; filename="a.pdf"',
        '',
        '%PDF-1.4',
        '--b1--',
        '',
      ].join('\r\n');
      assert.equal((await sendRaw(s.running.smtpPort!, inbox.fallbackAddress, raw)).ok, true);
      const mailConv = (await member.get(`/api/v1/conversations?inboxId=${inbox.id}&channel=email`)).body.items[0];
      const mailMsgs = (await member.get(`/api/v1/conversations/${mailConv.id}/messages`)).body.items;
      const attachmentId = mailMsgs[0].attachments[0].id;
      const pendingReplyId = (await member.post(`/api/v1/conversations/${mailConv.id}/messages`, { kind: 'reply', body: 'on its way' }))
        .body.id;
      // The contact's picture (as a Messenger profile would give it).
      const picture = saveFile(s.running.ctx.mail.filesDir, 'pictures', `perm-${conv.contact.id}`, PICTURE);
      await s.running.ctx.db.kysely
        .updateTable('contacts')
        .set({ picture_path: picture, picture_type: 'image/png' })
        .where('id', '=', conv.contact.id)
        .execute();
      base = {
        inboxId: inbox.id,
        conversationId: conv.id,
        contactId: conv.contact.id,
        agentId: ids.agentNone,
        teamId: team.id,
        snippetId: snippet.id,
        templateId: await template(),
        template,
        webhookId: await webhook(),
        webhookDeliveryId: await webhookDelivery(),
        webhook,
        formId: firstForm.id,
        formSlug: firstForm.slug,
        form: async () => (await newForm()).id,
        chatChannelId,
        chatflowId,
        async slackConnected() {
          const r = await admin.put(`/api/v1/inboxes/${inbox.id}/slack`, { mode: 'webhook', webhookUrl: 'http://127.0.0.1:9/slack-hook' });
          assert.equal(r.status, 200, JSON.stringify(r.body));
        },
        uploadId,
        foreignTokenId: (await admin.post('/api/v1/tokens', { name: 'not yours' })).body.id,
        async newUser() {
          return (await admin.post('/api/v1/users', { email: `n${uniq()}@example.com`, name: 'Fresh', role: 'agent' })).body.id;
        },
        crm: await crmFixture(admin, member, conv.id, conv.contact.id, Object.values(clients)),
        emailChannelId,
        pendingReplyId,
        attachmentId,
        async conversation(folder) {
          const c = (
            await member.post(`/api/v1/inboxes/${inbox.id}/conversations`, { contact: { email: `f${uniq()}@example.com` }, body: 'fresh' })
          ).body;
          if (folder === 'filtered') {
            await member.post(`/api/v1/contacts/${c.contact.id}/block`);
            const again = (
              await member.post(`/api/v1/inboxes/${inbox.id}/conversations`, { contact: { email: c.contact.email }, body: 'again' })
            ).body;
            assert.equal(again.folder, 'filtered');
            return again.id;
          }
          if (folder) assert.equal((await member.post(`/api/v1/conversations/${c.id}/${folder}`)).status, 200);
          return c.id;
        },
        async privateInbox() {
          const i = (await admin.post('/api/v1/inboxes', { name: 'Doomed', access })).body;
          return i.id;
        },
        async snippet() {
          return (await admin.post('/api/v1/snippets', { name: `d${uniq()}`, body: 'x' })).body.id;
        },
      };
    });
    after(() => s?.close());

    test('every route has a row for every actor', () => {
      const routes = apiRoutes(s.running.ctx, { sessionDays: 1 }).map((r) => `${r.method} ${r.url}`);
      const missingRows = routes.filter((r) => !matrix[r]);
      assert.deepEqual(missingRows, [], 'routes without permission rows');
      const stale = Object.keys(matrix).filter((k) => !routes.includes(k));
      assert.deepEqual(stale, [], 'rows for routes that no longer exist');
    });

    for (const [key, c] of Object.entries(matrix)) {
      test(key, async () => {
        const [method, _url] = key.split(' ');
        const got: Partial<Record<ActorName, Expect>> = {};
        for (const a of actors) {
          const fixture: Fixture = { ...base, actorName: a };
          const request = await c.request(fixture);
          const path = request.path;
          let body = request.body;
          let client = clients[a];
          if (key === 'POST /api/v1/auth/login') {
            client = s.anonymous();
            body = a === 'anonymous' ? { email: 'nobody@example.com', password: 'wrong-password' } : passwords[a];
          }
          if (key === 'POST /api/v1/auth/logout' && a !== 'anonymous') client = await s.login(passwords[a].email, passwords[a].password);
          const r = await client.request(method!, path, body ?? (method === 'GET' || method === 'DELETE' ? undefined : {}));
          got[a] = c.expect[a] === 'empty' && r.status === 200 && r.body.items.length === 0 ? 'empty' : r.status;
          if (r.status === 404) assert.doesNotMatch(JSON.stringify(r.body), /secret|Private|c@example/, 'a 404 gives no hint');
        }
        assert.deepEqual(got, c.expect);
      });
    }

    test('GET /api/v1/stream', async () => {
      const got: Partial<Record<ActorName, string | number>> = {};
      const sockets: { a: ActorName; ws: WebSocket; events: any[] }[] = [];
      for (const a of actors) {
        const ws = new WebSocket(s.url.replace('http', 'ws') + '/api/v1/stream', { headers: { origin: s.url, cookie: clients[a].cookie } });
        const entry = { a, ws, events: [] as any[] };
        ws.on('message', (m) => entry.events.push(JSON.parse(String(m))));
        const status = await new Promise<number>((resolve) => {
          ws.once('open', () => resolve(101));
          ws.once('unexpected-response', (req, res) => {
            res.resume();
            req.destroy();
            resolve(res.statusCode ?? 0);
          });
        });
        if (status !== 101) got[a] = status;
        else {
          await new Promise<void>((r) => {
            const t = setInterval(() => entry.events.some((e) => e.type === 'ready') && (clearInterval(t), r()), 10);
          });
          sockets.push(entry);
        }
      }
      const marker = `marker-${uniq()}`;
      await clients.superMember.post(`/api/v1/conversations/${base.conversationId}/messages`, { kind: 'comment', body: marker });
      // A later event that everyone receives tells us the earlier one had its chance to arrive.
      const fence = (await s.adminClient.post('/api/v1/users', { email: `fence${uniq()}@example.com`, name: 'Fence', role: 'agent' })).body
        .id;
      for (const e of sockets) {
        await new Promise<void>((r) => {
          const t = setInterval(() => e.events.some((x) => x.payload?.userId === fence) && (clearInterval(t), r()), 10);
        });
        got[e.a] = e.events.some((x) => JSON.stringify(x).includes(marker)) ? 'receives' : 'silent';
        e.ws.close();
      }
      assert.deepEqual(got, streamRow);
    });
  });
}
