/** A test server with a Messenger channel connected to a fake Graph, and Meta's webhook as a client. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { Factory } from './factory.js';
import { startFakeGraph } from './fake-graph.js';
import { startTestServer, type TestServer } from './server.js';
import type { Engine } from './engines.js';

export const PAGE = '1000000001';
export const TOKEN = 'EAAGpagetoken-secret-1234567890';
export const APP_SECRET = 'app-secret-abcdef0123456789';
export const VERIFY = 'verify-me-please-42';

export interface MessengerRig {
  s: TestServer;
  f: Factory;
  graph: Awaited<ReturnType<typeof startFakeGraph>>;
  channelId: string;
  inboxId: string;
  /** A signed webhook POST of these messaging items, as Meta sends it. */
  deliver(...messaging: unknown[]): Promise<{ status: number; body: any }>;
  /** A customer's text message item. */
  text(psid: string, words: string, mid?: string): Record<string, unknown>;
  /** The conversation of a sender, by their PSID. */
  conversationOf(psid: string): Promise<{ id: string; contact_id: string | null }>;
  close(): Promise<void>;
}

export async function startMessengerRig(
  engine: Engine,
  opts: { profiles?: Record<string, { first_name: string; last_name: string }>; env?: Record<string, string> } = {},
): Promise<MessengerRig> {
  const graph = await startFakeGraph({ token: TOKEN, profiles: opts.profiles });
  const s = await startTestServer({
    engine,
    env: { MESSENGER_GRAPH_URL: graph.url, MESSENGER_GRAPH_VERSION: graph.version, ALLOW_PRIVATE_WEBHOOKS: '1', ...opts.env },
  });
  const f = new Factory(s);
  const inboxId = (await f.inbox({ name: 'Facebook' })).id;
  const r = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/channels`, {
    kind: 'messenger',
    name: 'Our Page',
    settings: { pageId: PAGE, pageAccessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const channelId = r.body.id as string;
  let seq = 0;
  return {
    s,
    f,
    graph,
    channelId,
    inboxId,
    async deliver(...messaging) {
      const raw = JSON.stringify({ object: 'page', entry: [{ id: PAGE, time: Date.now(), messaging }] });
      const res = await fetch(`${s.url}/api/v1/channels/${channelId}/messenger/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`,
        },
        body: raw,
      });
      return { status: res.status, body: await res.json() };
    },
    text: (psid, words, mid = `m_rig_${++seq}_${Date.now()}`) => ({
      sender: { id: psid },
      recipient: { id: PAGE },
      timestamp: Date.now(),
      message: { mid, text: words },
    }),
    async conversationOf(psid) {
      const k = s.running.ctx.db.kysely;
      const sender = await k
        .selectFrom('messenger_senders')
        .selectAll()
        .where('channel_id', '=', channelId)
        .where('psid', '=', psid)
        .executeTakeFirstOrThrow();
      return k
        .selectFrom('conversations')
        .select(['id', 'contact_id'])
        .where('channel_id', '=', channelId)
        .where('contact_id', '=', sender.contact_id)
        .orderBy('last_message_at', 'desc')
        .executeTakeFirstOrThrow();
    },
    async close() {
      await s.close();
      await graph.close();
    },
  };
}
