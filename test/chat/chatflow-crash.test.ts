/**
 * A server killed between two steps of a chatflow: the next process resumes the flow where it was,
 * neither repeating a step that was done nor skipping the one that was not (both engines).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { waitFor } from '../email/support/mail.js';
import { engines, engineSuite, isolatedStorage } from '../support/engines.js';
import { startServerProcess } from '../support/process.js';
import { Client } from '../support/server.js';
import { VisitorClient } from './support/visitor.js';

const admin = { ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-password-1' };

for (const engine of engines) {
  describe(`a chatflow across a crash on ${engine}`, await engineSuite(engine), () => {
    test('the next process goes on from the step that was not done', async () => {
      // The first call to the webhook step is held until the server is killed; later ones answer at once.
      let calls = 0;
      let held!: () => void;
      const holding = new Promise<void>((r) => (held = r));
      const hook = http.createServer((req, res) => {
        calls++;
        req.resume();
        if (calls === 1) return held();
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
      await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
      const storage = await isolatedStorage(engine);
      const env = {
        ...admin,
        LOG_LEVEL: 'silent',
        PORT: '0',
        HOST: '127.0.0.1',
        SMTP_PORT: 'off',
        DATA_DIR: storage.dataDir,
        ALLOW_PRIVATE_WEBHOOKS: '1',
        ...(engine === 'postgres'
          ? { DATABASE_URL: `${storage.databaseUrl}?options=${encodeURIComponent(`-c search_path=${storage.schema}`)}` }
          : {}),
      };
      let p = await startServerProcess(env);
      try {
        const c = new Client(p.url);
        await c.post('/api/v1/auth/login', { email: admin.ADMIN_EMAIL, password: admin.ADMIN_PASSWORD });
        const inboxId = (await c.get('/api/v1/inboxes')).body.items[0].id;
        const channelId = (await c.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Site' })).body.id;
        const flow = (
          await c.post(`/api/v1/channels/${channelId}/chatflows`, {
            name: 'Crash',
            steps: [
              { id: 'one', type: 'message', text: 'Step one', next: 'hook' },
              { id: 'hook', type: 'webhook', url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`, next: 'two' },
              { id: 'two', type: 'message', text: 'Step two', next: 'bye' },
              { id: 'bye', type: 'handoff' },
            ],
          })
        ).body;
        assert.equal((await c.post(`/api/v1/chatflows/${flow.id}/publish`)).status, 200);
        const { v } = await VisitorClient.hello(p.url, channelId);
        const id = (await v.say('crash-0001', 'Hello')).conversationId;
        await v.next((m) => m.type === 'message' && m.message.text === 'Step one');
        await holding;
        v.close();
        p.child.kill('SIGKILL');
        await new Promise((r) => p.child.once('exit', r));

        p = await startServerProcess(env);
        const c2 = new Client(p.url);
        await c2.post('/api/v1/auth/login', { email: admin.ADMIN_EMAIL, password: admin.ADMIN_PASSWORD });
        const texts = async () =>
          ((await c2.get(`/api/v1/conversations/${id}/messages`)).body.items as any[]).filter((m) => m.kind === 'reply').map((m) => m.text);
        await waitFor('resumed', async () => (await texts()).includes('Step two'), 30_000);
        assert.deepEqual(await texts(), ['Step one', 'Step two']);
        await waitFor('handed over', async () => (await c2.get(`/api/v1/views?inboxId=${inboxId}`)).body.bots === 0, 30_000);
      } finally {
        await p.stop();
        hook.closeAllConnections();
        hook.close();
        await storage.drop();
      }
    });
  });
}
