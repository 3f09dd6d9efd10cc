/**
 * `npm run bench -- chatflow [--visitors 1000] [--think 1000-3000]`
 *
 * Chatflows on SQLite, one server process of its own: N widget visitors at once walk a five-step
 * flow (a greeting, a question with buttons, a typed number, an email, the hand-over). A visitor
 * reads each question and answers after a think time drawn from `--think` (ms, uniform; 1–3 s is a
 * fast reader: people take longer); `--think 0` answers at once, which measures how many answers a
 * second the server takes when saturated rather than the latency a visitor sees. Each answer is
 * timed from the visitor's send to the bot's next message on the visitor's socket; printed as
 * p50/p99 next to the time from the same sends to their acknowledgement (the message stored, no
 * bot involved), measured in the same run. A benchmark: it prints figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';
import { startBenchServer } from './server-process.js';
import { openVisitor } from './visitor-socket.js';

const opt = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const visitors = opt('visitors', 1000);
const thinkArg = process.argv[process.argv.indexOf('--think') + 1];
const [thinkMin, thinkMax] = (process.argv.includes('--think') ? thinkArg! : '1000-3000').split('-').map(Number) as [number, number?];
const think = () => thinkMin + Math.random() * ((thinkMax ?? thinkMin) - thinkMin);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const fmt = (x: number) => `${x.toFixed(1)} ms`;

const METRICS = 'bench-metrics-token-0123';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-chatflow-'));
// Visitors come from addresses of their own (X-Forwarded-For from loopback is believed), as on the internet.
const server = await startBenchServer({
  SMTP_PORT: 'off',
  DATA_DIR: dataDir,
  HTTP_MAX_CONNECTIONS: '100000',
  TRUST_PROXY: '127.0.0.0/8',
  METRICS_TOKEN: METRICS,
});
try {
  const { url } = server;
  const cookie = await server.login();
  const api = (p: string, body?: unknown) =>
    fetch(`${url}${p}`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json', origin: url, cookie },
      body: body ? JSON.stringify(body) : undefined,
    }).then((r) => r.json() as Promise<any>);
  const inboxId = (await api('/api/v1/inboxes')).items[0].id;
  const channel = await api(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Bench' });
  const flow = await api(`/api/v1/channels/${channel.id}/chatflows`, {
    name: 'Bench flow',
    steps: [
      { id: 'hi', type: 'message', text: 'Hello, I am the bench bot.', next: 'topic' },
      {
        id: 'topic',
        type: 'question',
        text: 'Sales or support?',
        buttons: [{ label: 'Sales' }, { label: 'Support' }],
        saveAs: 'topic',
        next: 'seats',
      },
      { id: 'seats', type: 'question', text: 'How many seats?', input: 'number', saveAs: 'seats', next: 'mail' },
      { id: 'mail', type: 'capture_email', text: 'Your email?', next: 'bye' },
      { id: 'bye', type: 'handoff' },
    ],
  });
  await api(`/api/v1/chatflows/${flow.id}/publish`, {});

  console.log(
    `chatflow bench: ${visitors} visitors at once walk a five-step flow, answering after ${thinkMin}–${thinkMax ?? thinkMin} ms (SQLite, one server process; ${os.cpus().length} CPUs shared with the clients)`,
  );
  const conns: WebSocket[] = [];
  for (let i = 0; i < visitors; i++) conns.push(await openVisitor(url, channel.id, i));
  const toBot: number[] = [];
  /** The same, by answer: the first one opens the conversation (a contact, the bot's session), the others only answer. */
  const toBotByStep: number[][] = [[], [], []];
  const toAck: number[] = [];
  // Each answer, the bot's first message after it (timed), and the one to wait for before answering again.
  const script = [
    { say: 'Hi', first: 'Hello, I am the bench bot.', ready: 'Sales or support?' },
    { say: 'Support', first: 'How many seats?', ready: 'How many seats?' },
    { say: '12', first: 'Your email?', ready: 'Your email?' },
    { say: 'bench@example.org', first: null, ready: null },
  ];
  let n = 0;
  const walk = (ws: WebSocket, v: number) =>
    new Promise<void>((resolve, reject) => {
      let step = 0;
      let sentAt = 0;
      const timeout = setTimeout(() => reject(new Error(`visitor ${v} stuck at step ${step}`)), 120_000);
      const say = () => {
        sentAt = performance.now();
        ws.send(JSON.stringify({ type: 'message', clientId: `flow${String(++n).padStart(8, '0')}`, text: script[step]!.say }));
      };
      ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as { type: string; message?: { text: string } };
        const s = script[step]!;
        if (m.type === 'ack') {
          toAck.push(performance.now() - sentAt);
          // The last answer hands over: nothing follows from the bot.
          if (!s.ready) {
            clearTimeout(timeout);
            resolve();
          }
          return;
        }
        if (m.type === 'error') console.log(`  visitor ${v} refused: ${JSON.stringify(m)}`);
        if (m.type !== 'message') return;
        if (m.message?.text === s.first) {
          toBot.push(performance.now() - sentAt);
          toBotByStep[step]!.push(performance.now() - sentAt);
        }
        if (m.message?.text === s.ready) {
          step++;
          setTimeout(say, think());
        }
      });
      setTimeout(say, think());
    });
  const t0 = performance.now();
  const cpu0 = server.cpuMs();
  await Promise.all(conns.map((ws, i) => walk(ws, i)));
  const took = performance.now() - t0;
  const cpu = server.cpuMs() - cpu0;
  console.log(
    `  ${visitors} visitors through the flow in ${(took / 1000).toFixed(1)} s (${Math.round(toAck.length / (took / 1000))} answers a second); ${toBot.length} bot answers timed`,
  );
  console.log(`  answer → the bot's next message: p50 ${fmt(pct(toBot, 50))}  p99 ${fmt(pct(toBot, 99))}  max ${fmt(pct(toBot, 100))}`);
  console.log(
    `    by answer: ${toBotByStep.map((xs, i) => `${i === 0 ? 'the first (opens the conversation)' : `answer ${i + 1}`} p50 ${fmt(pct(xs, 50))} p99 ${fmt(pct(xs, 99))}`).join('; ')}`,
  );
  console.log(`  baseline, the same sends → stored (ack): p50 ${fmt(pct(toAck, 50))}  p99 ${fmt(pct(toAck, 99))}`);
  console.log(
    `  server CPU: ${(cpu / toAck.length).toFixed(2)} ms an answer (all its threads), ${Math.round((100 * cpu) / took)}% of one core over the run`,
  );
  // The server's own view (prom-client's figures since it started; 0 when it has none): how long its event loop was held, and by GC.
  const met = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS}` } })).text();
  const gauge = (name: string) =>
    1000 *
    Number(
      met
        .split('\n')
        .find((l) => l.startsWith(`${name} `))
        ?.split(' ')[1] ?? 0,
    );
  console.log(
    `  server event loop delay p99 ${fmt(gauge('nodejs_eventloop_lag_p99_seconds'))}, max ${fmt(gauge('nodejs_eventloop_lag_max_seconds'))}; GC ${fmt(gauge(`nodejs_gc_duration_seconds_sum{kind="minor"}`) + gauge(`nodejs_gc_duration_seconds_sum{kind="major"}`))} in all`,
  );
  for (const c of conns) c.close();
} finally {
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
