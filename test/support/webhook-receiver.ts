/** A local webhook receiver for tests: records every request; answers each path with its queued statuses, then 200 "thanks". */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from './engines.js';
import { Factory } from './factory.js';
import { startTestServer } from './server.js';

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  json: { type: string; timestamp: string; data: any };
}

export async function startReceiver() {
  const got: Received[] = [];
  const answers = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '/';
      got.push({ path, headers: req.headers as Record<string, string>, body, json: JSON.parse(body) });
      const status = answers.get(path)?.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'thanks' : `no luck (${status})`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    got,
    url: (path: string) => base + path,
    answer: (path: string, ...statuses: number[]) => answers.set(path, statuses),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A receiver and a server of `engine` that may post to it on loopback (allowed as an operator allows an internal system). */
export async function startWebhookWorld(engine: Engine) {
  const rx = await startReceiver();
  const s = await startTestServer({ engine, env: { ALLOW_PRIVATE_WEBHOOKS: '1' } });
  return {
    rx,
    s,
    f: new Factory(s),
    /** An endpoint's deliveries, newest first, as Settings lists them. */
    deliveries: async (id: string) => (await s.adminClient.get(`/api/v1/webhooks/${id}/deliveries`)).body.items as any[],
    close: async () => {
      await s.close();
      await rx.close();
    },
  };
}
