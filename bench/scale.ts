/**
 * `npm run bench -- scale [--messages 4000] [--connections 8] [--visitors 200] [--seconds 20] [--lists 2000] [--pin]`
 *
 * Scale-out: the same load on one SQLite process, one PostgreSQL + Redis process, and two
 * PostgreSQL + Redis processes on one database (each its own SMTP port and HTTP port, as behind a
 * load balancer), in the same run:
 * - SMTP ingest: ~5 KB messages over `--connections` connections spread over the processes, each
 *   waiting for its durable 250; accepted messages/s, p99 from the end of DATA to the message on an
 *   agent's stream (on the first process: the second's reach it through Redis), and CPU a message
 *   of the Switchboard processes and of PostgreSQL (all its processes, read from /proc);
 * - chat: `--visitors` widget sockets, a message a second each, spread over the processes;
 *   acknowledged messages/s and p99 from send to ack;
 * - list requests: `--lists` GETs of the first page of the conversation list from 16 clients,
 *   spread over the processes; requests/s and p99.
 * With `--pin` each Switchboard process is pinned to a core of its own (taskset). Prints the ratio
 * of two processes to one. A benchmark: it prints figures.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { freePort } from '../test/email/support/child.js';
import { message, SmtpConn } from './ingest.js';
import { PG_URL, postgresReachable } from './postgres.js';
import { startBenchServer, type BenchServer } from './server-process.js';
import { openVisitor } from './visitor-socket.js';

const argv = process.argv.slice(2);
const opt = (name: string, d: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : d;
};
const MESSAGES = opt('messages', 4000);
const CONNECTIONS = opt('connections', 8);
const VISITORS = opt('visitors', 200);
const SECONDS = opt('seconds', 20);
const LISTS = opt('lists', 2000);
const PIN = argv.includes('--pin');
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};

/** CPU time of every PostgreSQL server process so far, in ms (utime + stime from /proc). */
function postgresCpuMs(): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'postgres') continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks * 10;
}

interface Setup {
  name: string;
  engine: 'sqlite' | 'postgres';
  processes: number;
}

interface Figures {
  ingestRate: number;
  ingestP99: number;
  cpuPerMessage: number;
  pgCpuPerMessage: number | null;
  chatRate: number;
  chatP99: number;
  listRate: number;
  listP99: number;
  /** PostgreSQL sessions seen waiting on a lock during the mail part, by what they waited for, and the samples taken. */
  lockWaits: { samples: number; waits: Record<string, number> } | null;
}

/** Samples pg_stat_activity every 20 ms: sessions waiting on a lock, by the lock's kind. */
function sampleLockWaits() {
  const c = new pg.Client({ connectionString: PG_URL });
  const waits: Record<string, number> = {};
  let samples = 0;
  let running = true;
  const loop = (async () => {
    await c.connect();
    while (running) {
      const r = await c.query<{ w: string; n: string }>(
        `select wait_event as w, count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database() group by 1`,
      );
      samples++;
      for (const row of r.rows) waits[row.w] = (waits[row.w] ?? 0) + Number(row.n);
      await new Promise((res) => setTimeout(res, 20));
    }
    await c.end();
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { samples, waits };
    },
  };
}

async function runSetup(s: Setup): Promise<Figures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-scale-'));
  const schema = s.engine === 'postgres' ? `bench_scale_${process.pid}` : undefined;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  if (schema) await admin(`drop schema if exists ${schema} cascade; create schema ${schema}`);
  const servers: (BenchServer & { smtpPort: number })[] = [];
  try {
    for (let i = 0; i < s.processes; i++) {
      const smtpPort = await freePort();
      const server = await startBenchServer({
        SMTP_PORT: String(smtpPort),
        DATA_DIR: dataDir,
        EVENT_POLL_MS: '1000',
        HTTP_MAX_CONNECTIONS: '100000',
        // Each visitor comes from an address of its own (X-Forwarded-For), as on the internet.
        TRUST_PROXY: '127.0.0.0/8',
        ...(schema
          ? { DATABASE_URL: PG_URL, SB_TEST_SCHEMA: schema, REDIS_URL, REDIS_PREFIX: `bench-scale-${process.pid}-${s.processes}` }
          : {}),
      });
      if (PIN) execFileSync('taskset', ['-a', '-p', '-c', String(i % os.cpus().length), String(server.child.pid)], { stdio: 'ignore' });
      servers.push({ ...server, smtpPort });
    }
    const first = servers[0]!;
    const cookie = await first.login();
    const api = (srv: BenchServer, p: string, init: RequestInit = {}) =>
      fetch(`${srv.url}${p}`, { ...init, headers: { 'content-type': 'application/json', origin: srv.url, cookie } });
    const cpu = () => servers.reduce((sum, x) => sum + x.cpuMs(), 0);

    // The agent's stream on the first process: every new conversation, wherever it was received.
    const listedAt = new Map<number, number>();
    const ws = new WebSocket(first.url.replace('http', 'ws') + '/api/v1/stream', { headers: { origin: first.url, cookie } });
    await new Promise<void>((resolve) =>
      ws.on('message', (m) => {
        const e = JSON.parse(String(m));
        if (e.type === 'ready') resolve();
        const n = /^Bench (\d+)$/.exec(e.payload?.conversation?.subject ?? '');
        if (e.type === 'event' && n) listedAt.set(Number(n[1]), performance.now());
      }),
    );

    // SMTP ingest.
    const conns = await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, k) => {
        const c = new SmtpConn();
        await c.open(servers[k % servers.length]!.smtpPort);
        return c;
      }),
    );
    await Promise.all(conns.map((c, k) => c.send(message(1_000_000 + k))));
    const sentAt = new Map<number, number>();
    let next = 0;
    const waits = schema ? sampleLockWaits() : null;
    const cpu0 = cpu();
    const pg0 = schema ? postgresCpuMs() : 0;
    const t0 = performance.now();
    await Promise.all(
      conns.map(async (c) => {
        while (next < MESSAGES) {
          const i = next++;
          sentAt.set(i, await c.send(message(i)));
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const cpuPerMessage = (cpu() - cpu0) / MESSAGES;
    const pgCpuPerMessage = schema ? (postgresCpuMs() - pg0) / MESSAGES : null;
    const lockWaits = (await waits?.stop()) ?? null;
    for (const c of conns) c.close();
    for (const deadline = Date.now() + 30_000; listedAt.size < MESSAGES && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 20));
    const ingestLat = [...sentAt].filter(([i]) => listedAt.has(i)).map(([i, t]) => listedAt.get(i)! - t);
    if (ingestLat.length < MESSAGES) console.log(`  ${s.name}: only ${ingestLat.length} of ${MESSAGES} messages reached the stream`);
    ws.close();

    // Chat: visitors spread over the processes, a message a second each.
    const inboxId = ((await (await api(first, '/api/v1/inboxes')).json()) as { items: { id: string }[] }).items[0]!.id;
    const channel = (await (
      await api(first, `/api/v1/inboxes/${inboxId}/channels`, { method: 'POST', body: JSON.stringify({ kind: 'chat', name: 'Bench' }) })
    ).json()) as { id: string };
    const visitors = await Promise.all(
      Array.from({ length: VISITORS }, (_, n) => openVisitor(servers[n % servers.length]!.url, channel.id, n)),
    );
    const chatSent = new Map<string, number>();
    const chatLat: number[] = [];
    const refused = new Map<string, number>();
    for (const v of visitors)
      v.on('message', (d) => {
        const m = JSON.parse(String(d)) as { type: string; clientId?: string; code?: string };
        const t = m.type === 'ack' && m.clientId ? chatSent.get(m.clientId) : undefined;
        if (t !== undefined) chatLat.push(performance.now() - t);
        if (m.type === 'error') refused.set(m.code ?? '?', (refused.get(m.code ?? '?') ?? 0) + 1);
      });
    let seq = 0;
    const timers: NodeJS.Timeout[] = [];
    visitors.forEach((v, i) =>
      timers.push(
        setTimeout(
          () => {
            const tick = () => {
              const clientId = `scale${String(seq++).padStart(10, '0')}`;
              chatSent.set(clientId, performance.now());
              v.send(JSON.stringify({ type: 'message', clientId, text: `hello ${clientId}` }));
            };
            tick();
            timers.push(setInterval(tick, 1000));
          },
          (i * 1000) / VISITORS,
        ),
      ),
    );
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    for (const t of timers) clearInterval(t);
    await new Promise((r) => setTimeout(r, 1000));
    for (const v of visitors) v.close();
    if (refused.size) console.log(`  ${s.name}: chat messages refused: ${[...refused].map(([c, n]) => `${n}× ${c}`).join(', ')}`);

    // List requests: the first page of All, from 16 clients spread over the processes.
    const listLat: number[] = [];
    let done = 0;
    const l0 = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async (_, k) => {
        const srv = servers[k % servers.length]!;
        while (done < LISTS) {
          done++;
          const t = performance.now();
          const r = await api(srv, '/api/v1/conversations?limit=50');
          await r.arrayBuffer();
          if (r.status === 200) listLat.push(performance.now() - t);
        }
      }),
    );
    const listSeconds = (performance.now() - l0) / 1000;
    return {
      ingestRate: MESSAGES / elapsed,
      ingestP99: pct(ingestLat, 99),
      cpuPerMessage,
      pgCpuPerMessage,
      chatRate: chatLat.length / SECONDS,
      chatP99: pct(chatLat, 99),
      listRate: listLat.length / listSeconds,
      listP99: pct(listLat, 99),
      lockWaits,
    };
  } finally {
    for (const x of servers) await x.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (schema) await admin(`drop schema if exists ${schema} cascade`);
  }
}

const setups: Setup[] = [
  { name: 'SQLite, 1 process', engine: 'sqlite', processes: 1 },
  { name: 'PostgreSQL + Redis, 1 process', engine: 'postgres', processes: 1 },
  { name: 'PostgreSQL + Redis, 2 processes', engine: 'postgres', processes: 2 },
];
console.log(
  `scale: ${MESSAGES} mails over ${CONNECTIONS} SMTP connections; ${VISITORS} chat visitors at a message a second for ${SECONDS} s; ${LISTS} list requests from 16 clients; ${os.cpus().length} CPUs${PIN ? '; each process pinned to a core' : ''} (the clients and PostgreSQL share them)`,
);
if (!(await postgresReachable())) {
  console.log(`PostgreSQL is not reachable at ${PG_URL}: nothing to compare`);
  process.exit(1);
}
const results: [Setup, Figures][] = [];
for (const s of setups) {
  const f = await runSetup(s);
  results.push([s, f]);
  console.log(
    `${s.name.padEnd(32)} mail ${f.ingestRate.toFixed(0).padStart(5)} msgs/s p99 ${f.ingestP99.toFixed(0).padStart(4)} ms, CPU ${f.cpuPerMessage.toFixed(2)} ms/msg${f.pgCpuPerMessage === null ? '' : ` + PostgreSQL ${f.pgCpuPerMessage.toFixed(2)}`} | chat ${f.chatRate.toFixed(0).padStart(4)} acks/s p99 ${f.chatP99.toFixed(0).padStart(4)} ms | lists ${f.listRate.toFixed(0).padStart(5)}/s p99 ${f.listP99.toFixed(0).padStart(4)} ms`,
  );
  if (f.lockWaits) {
    const seen = Object.entries(f.lockWaits.waits).map(([w, n]) => `${w} ${n}`);
    console.log(
      `${''.padEnd(32)} lock waits seen during the mail part (${f.lockWaits.samples} samples of pg_stat_activity): ${seen.join(', ') || 'none'}`,
    );
  }
}
const one = results[1]![1];
const two = results[2]![1];
console.log(
  `2 processes / 1 on PostgreSQL: mail ${(two.ingestRate / one.ingestRate).toFixed(2)}×, lists ${(two.listRate / one.listRate).toFixed(2)}× (chat is paced at ${VISITORS} msgs/s: compare its p99)`,
);
process.exit(0);
