/**
 * `npm run bench -- messenger [--senders 50] [--posts 2000] [--no-smtp]`
 *
 * Messenger webhook ingest on SQLite, into a server process of its own: `--senders` concurrent
 * senders each POST signed webhook bodies of 1 to 10 entries (one message each, a sender per
 * customer PSID), `--posts` in all. Prints the accepted entries/s (stored durably before the 200),
 * p50/p99 of POST → 200 and of POST → listed (the message's event on an agent's realtime stream,
 * published after commit), then the SMTP ingest figure of bench/ingest.ts from the same run
 * (`--no-smtp` skips it). The Graph API is a local stub (profile lookups answer an error). A benchmark.
 */
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startBenchServer } from './server-process.js';

const opt = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const SENDERS = opt('senders', 50);
const POSTS = opt('posts', 2000);
const PAGE = '1000000001';
const SECRET = 'bench-app-secret';
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const now = () => performance.now();

// Graph: every call answers an error without a retry worth making (the profile jobs stop at once).
const graph = http.createServer((_req, res) => res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"code":100}}'));
await new Promise<void>((r) => graph.listen(0, '127.0.0.1', r));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-messenger-'));
const server = await startBenchServer({
  SMTP_PORT: 'off',
  DATA_DIR: dataDir,
  MESSENGER_GRAPH_URL: `http://127.0.0.1:${(graph.address() as AddressInfo).port}`,
});
try {
  const { url } = server;
  const cookie = await server.login();
  const api = (p: string, init: RequestInit = {}) =>
    fetch(`${url}${p}`, { ...init, headers: { 'content-type': 'application/json', origin: url, cookie } }).then(
      (r) => r.json() as Promise<any>,
    );
  const inboxId = (await api('/api/v1/inboxes')).items[0].id;
  const channel = await api(`/api/v1/inboxes/${inboxId}/channels`, {
    method: 'POST',
    body: JSON.stringify({
      kind: 'messenger',
      name: 'Bench',
      settings: { pageId: PAGE, pageAccessToken: 'token', appSecret: SECRET, verifyToken: 'verify' },
    }),
  });
  const hook = `${url}/api/v1/channels/${channel.id}/messenger/webhook`;

  const listed = new Map<string, number>();
  const stream = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/stream`, { headers: { origin: url, cookie } });
  stream.on('message', (raw) => {
    const at = now();
    const text: string | undefined = JSON.parse(String(raw)).payload?.message?.text;
    if (text?.startsWith('mb:')) listed.set(text, at);
  });
  await new Promise((r) => stream.once('open', r));

  console.log(
    `messenger bench: ${POSTS} webhook posts of 1–10 entries from ${SENDERS} concurrent senders (SQLite, one server process; ${os.cpus().length} CPUs shared)`,
  );
  const sent = new Map<string, number>();
  const answered: number[] = [];
  let entries = 0;
  let refused = 0;
  let next = 0;
  let seq = 0;
  const t0 = now();
  await Promise.all(
    Array.from({ length: SENDERS }, async (_, s) => {
      while (next < POSTS) {
        next++;
        const n = 1 + Math.floor(Math.random() * 10);
        const texts = Array.from({ length: n }, () => `mb:${seq++}`);
        const body = JSON.stringify({
          object: 'page',
          entry: texts.map((text) => ({
            id: PAGE,
            time: Date.now(),
            messaging: [
              {
                sender: { id: String(2_000_000_000 + s) },
                recipient: { id: PAGE },
                timestamp: Date.now(),
                message: { mid: `m_${text}`, text },
              },
            ],
          })),
        });
        const at = now();
        for (const t of texts) sent.set(t, at);
        const r = await fetch(hook, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
          },
          body,
        });
        await r.arrayBuffer();
        answered.push(now() - at);
        if (r.status === 200) entries += n;
        else refused++;
      }
    }),
  );
  const seconds = (now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  stream.close();
  const lat = [...sent].flatMap(([t, at]) => (listed.has(t) ? [listed.get(t)! - at] : []));
  console.log(
    `  accepted ${entries} entries in ${seconds.toFixed(1)} s: ${(entries / seconds).toFixed(0)} entries/s (${refused} posts refused)`,
  );
  console.log(`  POST → 200 (durable):  p50 ${ms(pct(answered, 50))}  p99 ${ms(pct(answered, 99))}`);
  console.log(`  POST → listed (stream): p50 ${ms(pct(lat, 50))}  p99 ${ms(pct(lat, 99))}  (${lat.length} of ${sent.size} seen)`);
} finally {
  await server.stop();
  graph.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

if (!process.argv.includes('--no-smtp')) {
  console.log('SMTP ingest in the same run (bench/ingest.ts --engine sqlite --messages 2000):');
  spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(path.dirname(fileURLToPath(import.meta.url)), 'ingest.ts'), '--engine', 'sqlite', '--messages', '2000'],
    {
      stdio: 'inherit',
    },
  );
}
process.exit(0);
