/**
 * A local server that speaks the part of Slack's Web API Switchboard uses: `chat.postMessage` and
 * `chat.update` under `/api` (bearer token checked, JSON bodies, `ok: false` errors), and incoming
 * webhooks under `/hooks/<id>` (plain-text `ok`). Queued answers make it rate limit (429 with
 * Retry-After) or refuse the next call.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  path: string;
  at: number;
  auth: string | undefined;
  body: Record<string, any>;
  status: number;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  updates: number;
}

export async function startFakeSlack(opts: { token: string; channels: string[] }) {
  const calls: SlackCall[] = [];
  const messages: FakeMessage[] = [];
  const hooks = new Map<string, { text: string; blocks?: unknown[] }[]>();
  /** Answers for the next calls to a path: a 429 with its Retry-After, or an `ok: false` error. */
  const queued = new Map<string, ({ status: 429; retryAfter: string } | { error: string })[]>();
  let seq = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      let body: Record<string, any> = {};
      try {
        body = JSON.parse(raw) as Record<string, any>;
      } catch {
        /* answered below */
      }
      const json = (status: number, b: unknown, headers: Record<string, string> = {}) => {
        calls.push({ path, at: Date.now(), auth: req.headers.authorization, body, status });
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(b));
      };
      const next = queued.get(path)?.shift();
      if (next && 'status' in next) return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': next.retryAfter });
      if (path.startsWith('/hooks/')) {
        if (next) return json(404, next.error);
        const list = hooks.get(path.slice('/hooks/'.length));
        if (!list) return json(404, 'no_service');
        list.push({ text: body.text, blocks: body.blocks });
        calls.push({ path, at: Date.now(), auth: req.headers.authorization, body, status: 200 });
        return res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }
      if (req.headers.authorization !== `Bearer ${opts.token}`) return json(200, { ok: false, error: 'invalid_auth' });
      if (next) return json(200, { ok: false, error: next.error });
      if (!opts.channels.includes(body.channel)) return json(200, { ok: false, error: 'channel_not_found' });
      if (path === '/api/chat.postMessage') {
        const m: FakeMessage = {
          channel: body.channel,
          ts: `1700000000.${String(++seq).padStart(6, '0')}`,
          text: body.text,
          blocks: body.blocks,
          threadTs: body.thread_ts,
          updates: 0,
        };
        if (m.threadTs && !messages.some((x) => x.ts === m.threadTs && x.channel === m.channel))
          return json(200, { ok: false, error: 'thread_not_found' });
        messages.push(m);
        return json(200, { ok: true, channel: m.channel, ts: m.ts, message: { text: m.text } });
      }
      if (path === '/api/chat.update') {
        const m = messages.find((x) => x.ts === body.ts && x.channel === body.channel);
        if (!m) return json(200, { ok: false, error: 'message_not_found' });
        Object.assign(m, { text: body.text, blocks: body.blocks, updates: m.updates + 1 });
        return json(200, { ok: true, channel: m.channel, ts: m.ts, text: m.text });
      }
      return json(404, { ok: false, error: 'unknown_method' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api`,
    calls,
    messages,
    /** A new incoming webhook: its URL and what it received. */
    hook(id: string) {
      hooks.set(id, []);
      return { url: `${base}/hooks/${id}`, got: hooks.get(id)! };
    },
    rateLimitNext(path: string, retryAfter: string) {
      queued.set(path, [...(queued.get(path) ?? []), { status: 429, retryAfter }]);
    },
    refuseNext(path: string, error: string) {
      queued.set(path, [...(queued.get(path) ?? []), { error }]);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
