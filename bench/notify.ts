/**
 * `npm run bench -- notify [--engine sqlite|postgres|all] [--agents N] [--per-minute N] [--seconds N]`
 *
 * Notifications under load: conversations arrive through the API channel at `--per-minute` (default
 * 1,000) into an inbox of `--agents` agents (default 50), each conversation assigned to one of them
 * right after. Every agent has an app open (a stream socket). Run twice per engine: with every kind
 * and delivery of notification on for everyone (50 new-conversation notifications and one assignment
 * per conversation), and with all of them off (the baseline). Prints, side by side: the commit path
 * of an inbound message (the API call's p50/p99), and the time from a committed event reaching an
 * agent's stream to that agent's notification reaching the same stream (p50/p99), plus how many
 * notifications were expected and arrived, and the server's CPU per conversation.
 * A benchmark, not a test: it prints figures and exits 0 unless something breaks.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PG_URL, postgresReachable } from './postgres.js';
import WebSocket from 'ws';
import { notificationKinds } from '../src/common/notification-api.js';
import { startBenchServer, type BenchServer } from './server-process.js';

const argv = process.argv.slice(2);
const opt = (name: string, d: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : d;
};
const ENGINE = opt('engine', 'all');
const AGENTS = Number(opt('agents', '50'));
const PER_MINUTE = Number(opt('per-minute', '1000'));
const SECONDS = Number(opt('seconds', '30'));

/** A JSON request; `from` picks the loopback source address (logins are rate-limited per address). */
function request(base: string, method: string, p: string, body: unknown, cookie = '', from = '127.0.0.1') {
  return new Promise<{ status: number; body: any; cookie: string }>((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      `${base}${p}`,
      {
        method,
        localAddress: from,
        headers: {
          origin: base,
          cookie,
          ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text ? JSON.parse(text) : null,
            cookie: /sb_session=[^;]*/.exec(String(res.headers['set-cookie'] ?? ''))?.[0] ?? '',
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

interface Result {
  engine: string;
  mode: 'on' | 'off';
  conversations: number;
  postP50: number;
  postP99: number;
  newP50: number;
  newP99: number;
  assignP50: number;
  assignP99: number;
  expected: number;
  arrived: number;
  cpuPerConversation: number;
}

async function run(engine: 'sqlite' | 'postgres', mode: 'on' | 'off'): Promise<Result> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-notify-'));
  const schema = engine === 'postgres' ? `bench_notify_${process.pid}` : undefined;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  if (schema) await admin(`drop schema if exists ${schema} cascade; create schema ${schema}`);
  let server: BenchServer | undefined;
  const sockets: WebSocket[] = [];
  try {
    server = await startBenchServer({
      SMTP_PORT: 'off',
      DATA_DIR: dataDir,
      ...(schema ? { DATABASE_URL: PG_URL, SB_TEST_SCHEMA: schema } : {}),
    });
    const base = server.url;
    const cookie = await server.login();
    const inboxId = (await request(base, 'GET', '/api/v1/inboxes', undefined, cookie)).body.items[0].id as string;
    const choice = { inApp: mode === 'on', push: mode === 'on', sound: mode === 'on', email: mode === 'on' };
    const prefs = {
      kinds: Object.fromEntries(notificationKinds.map((k) => [k, choice])),
      sound: { repeat: false, whenFocused: false },
      emailDelayMinutes: 5,
    };

    // The agents, each signed in (from its own loopback address) with its app open.
    const agents: { id: string; seen: Map<string, number>; notes: { kind: string; conversationId: string; at: number }[] }[] = [];
    const assignedAt = new Map<string, number>();
    for (let i = 0; i < AGENTS; i++) {
      const email = `agent${i}@example.com`;
      const password = `bench-password-${i}-long`;
      const made = await request(base, 'POST', '/api/v1/users', { email, name: `Agent ${i}`, role: 'agent', password }, cookie);
      if (made.status !== 201) throw new Error(`user: ${made.status} ${JSON.stringify(made.body)}`);
      const from = `127.0.${1 + Math.floor(i / 15)}.${1 + (i % 15)}`;
      const login = await request(base, 'POST', '/api/v1/auth/login', { email, password }, '', from);
      if (!login.cookie) throw new Error(`login ${i}: ${login.status}`);
      await request(base, 'PUT', '/api/v1/me/notification-preferences', prefs, login.cookie);
      const agent = {
        id: made.body.id as string,
        seen: new Map<string, number>(),
        notes: [] as { kind: string; conversationId: string; at: number }[],
      };
      const ws = new WebSocket(`${base.replace('http', 'ws')}/api/v1/stream`, { headers: { origin: base, cookie: login.cookie } });
      await new Promise<void>((resolve, reject) => {
        ws.on('message', (raw) => {
          const at = performance.now();
          const m = JSON.parse(String(raw));
          if (m.type === 'ready') resolve();
          if (m.type !== 'event') return;
          if (m.event === 'conversation.created') agent.seen.set(m.conversationId, at);
          else if (m.event === 'conversation.updated' && m.payload.conversation?.assignee?.id === agent.id)
            assignedAt.set(m.conversationId, at);
          else if (m.event === 'notification.created')
            agent.notes.push({ kind: m.payload.notification.kind, conversationId: m.conversationId, at });
        });
        ws.once('error', reject);
      });
      sockets.push(ws);
      agents.push(agent);
    }

    // The load: open loop at the rate asked, each conversation assigned as soon as it exists.
    const posts: number[] = [];
    const inflight: Promise<void>[] = [];
    const total = Math.round((PER_MINUTE / 60) * SECONDS);
    const gap = 60_000 / PER_MINUTE;
    const cpu0 = server.cpuMs();
    const t0 = performance.now();
    for (let i = 0; i < total; i++) {
      const due = t0 + i * gap;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inflight.push(
        (async () => {
          const s = performance.now();
          const r = await request(
            base,
            'POST',
            `/api/v1/inboxes/${inboxId}/conversations`,
            {
              contact: { email: `customer${i}@example.org`, name: `Customer ${i}` },
              subject: `Question ${i}`,
              body: 'Hello, I have a question about my order.',
            },
            cookie,
          );
          posts.push(performance.now() - s);
          if (r.status !== 201) throw new Error(`conversation: ${r.status} ${JSON.stringify(r.body)}`);
          await request(base, 'PATCH', `/api/v1/conversations/${r.body.id}`, { assigneeId: agents[i % AGENTS]!.id }, cookie);
        })(),
      );
    }
    await Promise.all(inflight);
    await new Promise((r) => setTimeout(r, 3000));
    const cpu = server.cpuMs() - cpu0;

    const newLat: number[] = [];
    const assignLat: number[] = [];
    let arrived = 0;
    for (const a of agents)
      for (const n of a.notes) {
        arrived++;
        if (n.kind === 'assigned') {
          const from = assignedAt.get(n.conversationId);
          if (from !== undefined) assignLat.push(n.at - from);
        } else {
          const from = a.seen.get(n.conversationId);
          if (from !== undefined) newLat.push(n.at - from);
        }
      }
    return {
      engine,
      mode,
      conversations: total,
      postP50: pct(posts, 50),
      postP99: pct(posts, 99),
      newP50: pct(newLat, 50),
      newP99: pct(newLat, 99),
      assignP50: pct(assignLat, 50),
      assignP99: pct(assignLat, 99),
      expected: mode === 'on' ? total * (AGENTS + 1) : 0,
      arrived,
      cpuPerConversation: cpu / total,
    };
  } finally {
    for (const ws of sockets) ws.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (schema) await admin(`drop schema if exists ${schema} cascade`);
  }
}

const ms = (x: number) => (Number.isNaN(x) ? '—' : `${x.toFixed(1)} ms`);
const engines: ('sqlite' | 'postgres')[] = ENGINE === 'all' ? ['sqlite', 'postgres'] : [ENGINE as 'sqlite' | 'postgres'];
console.log(
  `notify: ${PER_MINUTE} conversations a minute for ${SECONDS} s, ${AGENTS} agents with the app open, each conversation assigned`,
);
for (const engine of engines) {
  if (engine === 'postgres' && !(await postgresReachable())) {
    console.log('postgres: not reachable, skipped');
    continue;
  }
  const off = await run(engine, 'off');
  const on = await run(engine, 'on');
  console.log(`\n${engine}                         notifications off    notifications on (every kind, every delivery)`);
  console.log(
    `inbound API call p50/p99       ${ms(off.postP50)} / ${ms(off.postP99)}`.padEnd(52) + `${ms(on.postP50)} / ${ms(on.postP99)}`,
  );
  console.log(
    `server CPU per conversation    ${off.cpuPerConversation.toFixed(2)} ms`.padEnd(52) + `${on.cpuPerConversation.toFixed(2)} ms`,
  );
  console.log(`event → new-conversation note  —`.padEnd(52) + `p50 ${ms(on.newP50)}, p99 ${ms(on.newP99)}`);
  console.log(`event → assignment note        —`.padEnd(52) + `p50 ${ms(on.assignP50)}, p99 ${ms(on.assignP99)}`);
  console.log(`notifications arrived          ${off.arrived} (expected 0)`.padEnd(52) + `${on.arrived} of ${on.expected}`);
}
