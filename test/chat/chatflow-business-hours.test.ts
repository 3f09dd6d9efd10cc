/** A chatflow's branch on the inbox's business hours (F-CHAT.6, F-REPORT): it follows the hours set in Settings › Inboxes. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { VisitorClient } from './support/visitor.js';

for (const engine of engines) {
  describe(`a chatflow branch on business hours on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let inboxId: string;
    let channelId: string;
    before(async () => {
      s = await startTestServer({ engine });
      a = s.adminClient;
      inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      channelId = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Site' })).body.id;
    });
    after(() => s?.close());

    test("a branch on the inbox's business hours follows the hours set in Settings", async () => {
      const flow = (
        await a.post(`/api/v1/channels/${channelId}/chatflows`, {
          name: 'Hours bot',
          steps: [
            { id: 'when', type: 'branch', on: { kind: 'business_hours' }, cases: [{ equals: 'open', next: 'open' }], otherwise: 'closed' },
            { id: 'open', type: 'message', text: 'We are open.', next: 'bye' },
            { id: 'closed', type: 'message', text: 'We are closed now.', next: 'bye' },
            { id: 'bye', type: 'handoff' },
          ],
        })
      ).body;
      assert.deepEqual(flow.problems, []);
      await a.post(`/api/v1/chatflows/${flow.id}/publish`);
      const hear = async (client: string, text: string) => {
        const { v } = await VisitorClient.hello(s.url, channelId);
        await v.say(client, 'Hello');
        await v.next((m) => m.type === 'message' && m.message.text === text);
        v.close();
      };
      // Never open (an empty week), then always open (no hours).
      const never = { hours: { timeZone: 'Europe/Amsterdam', week: [], holidays: [] } };
      assert.equal((await a.put(`/api/v1/inboxes/${inboxId}/business-hours`, never)).status, 200);
      await hear('hours01-client', 'We are closed now.');
      assert.equal((await a.put(`/api/v1/inboxes/${inboxId}/business-hours`, { hours: null })).status, 200);
      await hear('hours02-client', 'We are open.');
      await a.patch(`/api/v1/chatflows/${flow.id}`, { enabled: false });
    });
  });
}
