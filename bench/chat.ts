/**
 * `npx tsx bench/chat.ts [--visitors 1000] [--seconds 60] [--idle 50000]`
 *
 * Website chat on one SQLite process: N widget connections each send a message a second while an
 * agent stream connection receives them; prints p50/p99 from visitor send to agent receive, next
 * to a bare `ws` round trip measured in the same run. Then M idle widget connections (hello done)
 * and the memory per connection. Clients run in this process too, so the memory figure is an
 * upper bound (server and client side of each socket). A benchmark: it prints figures.
 */
import { performance } from 'node:perf_hooks';
import WebSocket, { WebSocketServer } from 'ws';
import { startTestServer } from '../test/support/server.js';

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

let nth = 0;
async function openVisitor(url: string, channelId: string): Promise<WebSocket> {
  // Each visitor from its own address (the server trusts X-Forwarded-For), as on the internet: the per-address limits stay on.
  const n = nth++;
  const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/widget/socket?channel=${channelId}`, { headers: { origin: 'http://bench.example', 'x-forwarded-for': ip } });
  await new Promise<void>((res, rej) => {
    ws.once('open', () => res());
    ws.once('error', rej);
  });
  const welcome = new Promise<void>((res) => ws.once('message', () => res()));
  ws.send(JSON.stringify({ type: 'hello' }));
  await welcome;
  return ws;
}

const s = await startTestServer({ engine: 'sqlite', env: { LOG_LEVEL: 'silent' } });
try {
  const inboxId = (await s.adminClient.get('/api/v1/inboxes')).body.items[0].id;
  const channel = (await s.adminClient.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Bench' })).body;

  // Agent stream.
  const sent = new Map<string, number>();
  const lat: number[] = [];
  const agent = new WebSocket(`${s.url.replace(/^http/, 'ws')}/api/v1/stream`, { headers: { origin: s.url, cookie: s.adminClient.cookie } });
  await new Promise((r) => agent.once('open', r));
  agent.on('message', (raw) => {
    const m = JSON.parse(String(raw));
    const text: string | undefined = m.payload?.message?.text;
    if (m.type === 'event' && text?.startsWith('b:')) {
      const t0 = sent.get(text);
      if (t0 !== undefined) lat.push(performance.now() - t0);
    }
  });

  console.log(`chat bench: ${visitors} visitors, a message a second each, for ${seconds} s (SQLite, one process)`);
  const conns: WebSocket[] = [];
  for (let i = 0; i < visitors; i++) conns.push(await openVisitor(s.url, channel.id));
  let seq = 0;
  const timers = conns.map((ws, i) =>
    setTimeout(() => {
      const tick = () => {
        const text = `b:${seq++}`;
        sent.set(text, performance.now());
        ws.send(JSON.stringify({ type: 'message', clientId: `bench${String(seq).padStart(8, '0')}`, text }));
      };
      tick();
      timers[i] = setInterval(tick, 1000) as unknown as NodeJS.Timeout;
    }, (i * 1000) / visitors),
  );
  await new Promise((r) => setTimeout(r, seconds * 1000));
  for (const t of timers) clearInterval(t);
  await new Promise((r) => setTimeout(r, 2000));
  console.log(`  sent ${sent.size}, received by the agent ${lat.length}`);
  console.log(`  visitor send → agent receive: p50 ${fmt(pct(lat, 50))}  p99 ${fmt(pct(lat, 99))}  max ${fmt(pct(lat, 100))}`);
  for (const c of conns) c.close();
  agent.close();

  // Bare ws round trip in the same process, same count.
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

  // Idle connections.
  global.gc?.();
  await new Promise((r) => setTimeout(r, 500));
  const before = process.memoryUsage();
  const idleConns: WebSocket[] = [];
  for (let i = 0; i < idle; i++) {
    idleConns.push(await openVisitor(s.url, channel.id));
    if (i % 5000 === 4999) console.log(`  … ${i + 1} idle connections`);
  }
  global.gc?.();
  await new Promise((r) => setTimeout(r, 1000));
  const after = process.memoryUsage();
  console.log(
    `  ${idle} idle widget connections: +${((after.rss - before.rss) / 1024 / 1024).toFixed(1)} MB RSS, +${((after.heapUsed - before.heapUsed) / 1024 / 1024).toFixed(1)} MB heap; ${((after.rss - before.rss) / 1024 / idle).toFixed(1)} KB RSS per connection (server and client sides)`,
  );
  for (const c of idleConns) c.terminate();
} finally {
  await s.close();
}
process.exit(0);
