/**
 * `npm run bench -- chat [--visitors 1000] [--seconds 60] [--idle 50000]`
 *
 * Website chat on SQLite. First, latency on one server process of its own: N widget connections
 * each send a message a second while an agent stream connection (bench/chat-agent.ts, a process of
 * its own) receives them; prints p50/p99 from visitor send to agent receive, next to a bare `ws`
 * round trip measured in the same run. Then M idle widget connections (hello done) and the server
 * memory per connection, from RSS read in /proc before and after (bench/idle-connections.ts): on
 * that same server process when M fits its open-files limit, otherwise on as many server processes
 * as it takes (one data directory, Redis between them), opened from as many client processes.
 * Visitors connect from several loopback addresses (one address has ~28,000 ports). A benchmark:
 * it prints figures.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { measureIdleConnections } from './idle-connections.js';
import { startBenchServer } from './server-process.js';
import { openVisitor } from './visitor-socket.js';

const opt = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const visitors = opt('visitors', 1000);
const seconds = opt('seconds', 60);
const idle = opt('idle', 50_000);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const fmt = (x: number) => `${x.toFixed(2)} ms`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-chat-'));
// The idle part holds up to the open-files limit per process, above the default HTTP_MAX_CONNECTIONS.
const serverEnv = { SMTP_PORT: 'off', DATA_DIR: dataDir, HTTP_MAX_CONNECTIONS: '1000000' };
const server = await startBenchServer(serverEnv);
try {
  const { url } = server;
  const headers = { 'content-type': 'application/json', origin: url };
  const cookie = await server.login();
  const api = (p: string, init: RequestInit = {}) =>
    fetch(`${url}${p}`, { ...init, headers: { ...headers, cookie } }).then((r) => r.json() as Promise<any>);
  const inboxId = (await api('/api/v1/inboxes')).items[0].id;
  const channel = await api(`/api/v1/inboxes/${inboxId}/channels`, {
    method: 'POST',
    body: JSON.stringify({ kind: 'chat', name: 'Bench' }),
  });

  // The agent's stream, in its own process; times are absolute so the two processes compare.
  const now = () => performance.timeOrigin + performance.now();
  const sent = new Map<string, number>();
  const agent = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'chat-agent.ts'), [url, cookie], {
    execArgv: ['--import', 'tsx'],
  });
  await new Promise((r) => agent.once('message', r));

  console.log(
    `chat bench: ${visitors} visitors, a message a second each, for ${seconds} s (SQLite, one server process; ${os.cpus().length} CPUs shared with the clients)`,
  );
  const conns: WebSocket[] = [];
  for (let i = 0; i < visitors; i++) conns.push(await openVisitor(url, channel.id, i));
  // What the server refused, as a visitor would see it (a message the agent never got says why).
  const refused = new Map<string, number>();
  for (const ws of conns) {
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { type: string; code?: string; detail?: string; message?: string };
      if (m.type === 'error')
        refused.set(`${m.code}: ${m.detail ?? m.message}`, (refused.get(`${m.code}: ${m.detail ?? m.message}`) ?? 0) + 1);
    });
  }
  let seq = 0;
  const cpu0 = server.cpuMs();
  const timers = conns.map((ws, i) =>
    setTimeout(
      () => {
        const tick = () => {
          const text = `b:${seq++}`;
          sent.set(text, now());
          ws.send(JSON.stringify({ type: 'message', clientId: `bench${String(seq).padStart(8, '0')}`, text }));
        };
        tick();
        timers[i] = setInterval(tick, 1000) as unknown as NodeJS.Timeout;
      },
      (i * 1000) / visitors,
    ),
  );
  await new Promise((r) => setTimeout(r, seconds * 1000));
  for (const t of timers) clearInterval(t);
  await new Promise((r) => setTimeout(r, 2000));
  const cpu = server.cpuMs() - cpu0;
  const received = await new Promise<Record<string, number>>((r) => {
    agent.once('message', (m: { received: Record<string, number> }) => r(m.received));
    agent.send('report');
  });
  let startAt = Infinity;
  for (const t of sent.values()) startAt = Math.min(startAt, t);
  const lat: number[] = [];
  const steady: number[] = [];
  for (const [text, t0] of sent) {
    const t1 = received[text];
    if (t1 === undefined) continue;
    lat.push(t1 - t0);
    if (t0 - startAt >= 5000) steady.push(t1 - t0);
  }
  console.log(`  sent ${sent.size}, received by the agent ${lat.length} (${(lat.length / seconds).toFixed(0)} msg/s)`);
  console.log(`  server CPU (all threads): ${(cpu / sent.size).toFixed(3)} ms a message (${(cpu / 1000).toFixed(1)} s in ${seconds} s)`);
  for (const [why, n] of refused) console.log(`  refused ${n}× ${why}`);
  console.log(`  visitor send → agent receive: p50 ${fmt(pct(lat, 50))}  p99 ${fmt(pct(lat, 99))}  max ${fmt(pct(lat, 100))}`);
  console.log(`  after the first 5 s (every visitor's conversation exists): p50 ${fmt(pct(steady, 50))}  p99 ${fmt(pct(steady, 99))}`);
  for (const c of conns) c.close();

  // A bare ws round trip, same count.
  const wss = new WebSocketServer({ port: 0 });
  wss.on('connection', (c) => c.on('message', (m) => c.send(m)));
  const port = (wss.address() as { port: number }).port;
  const bare = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((r) => bare.once('open', r));
  const rt: number[] = [];
  for (let i = 0; i < Math.min(5000, sent.size); i++) {
    const t0 = performance.now();
    await new Promise<void>((r) => {
      bare.once('message', () => r());
      bare.send(`x${i}`);
    });
    rt.push(performance.now() - t0);
  }
  console.log(`  bare ws round trip:            p50 ${fmt(pct(rt, 50))}  p99 ${fmt(pct(rt, 99))}`);
  bare.close();
  wss.close();

  // Idle connections: the server's memory per connection.
  if (idle > 0) await measureIdleConnections({ idle, server, serverEnv, channelId: channel.id, firstVisitor: visitors });
} finally {
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
