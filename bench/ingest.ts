/**
 * `npx tsx bench/ingest.ts [--engine sqlite|postgres|all] [--messages N] [--connections N] [--lockstep]
 *    [--connection-per-message] [--smtp-source PATH --postfix-port N [--rounds N]]`
 *
 * Email ingest: ~5 KB messages from 8 concurrent SMTP connections into a server process of its
 * own (durable 250: SQLite synchronous=FULL / PostgreSQL commit). Prints the sustained accepted
 * messages/s and the p50/p99 latency from the end of DATA (the final "." written) to the
 * message being listed by the API (its `conversation.created` event on the realtime stream,
 * which is published after commit), next to the bare mailparser rate measured in the same run.
 * The clients pipeline MAIL, RCPT and DATA (RFC 2920, which the server offers and Postfix and
 * Exim use by default); `--lockstep` waits for each reply instead. `--connection-per-message`
 * opens a new connection (banner, EHLO, one message, QUIT) for every message, as most senders do.
 *
 * With `--smtp-source` (Postfix's load generator, e.g. /usr/sbin/smtp-source) and `--postfix-port`
 * (a local Postfix that accepts and discards), the same run also times
 * `smtp-source -s <connections> -m <messages> -l 5000` (one connection per message with
 * `--connection-per-message`, else `-d`: kept open) against Switchboard and against Postfix,
 * alternating, `--rounds` times each, and prints both side by side.
 * A benchmark, not a test.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { PG_URL, postgresReachable } from './postgres.js';
import WebSocket from 'ws';
import { startBenchServer } from './server-process.js';
import { freePort } from '../test/email/support/child.js';

const argv = process.argv.slice(2);
const opt = (name: string, d: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : d;
};
const MESSAGES = Number(opt('messages', '4000'));
const CONNECTIONS = Number(opt('connections', '8'));
const ENGINE = opt('engine', 'all');
const PIPELINING = !argv.includes('--lockstep');
const PER_MESSAGE = argv.includes('--connection-per-message');
const SMTP_SOURCE = opt('smtp-source', '');
const POSTFIX_PORT = opt('postfix-port', '');
const ROUNDS = Number(opt('rounds', '3'));

const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore. ';
export function message(i: number): string {
  const body = Array.from({ length: 48 }, () => filler).join('\r\n');
  return [
    `From: "Customer ${i}" <customer${i}@example.org>`,
    'To: <support@switchboard.localhost>',
    `Subject: Bench ${i}`,
    `Message-ID: <bench-${i}-${Date.now()}@example.org>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

/** A bare SMTP client: one connection, messages one after another, the end of DATA timestamped. */
export class SmtpConn {
  private buf = '';
  private waiters: ((line: string) => void)[] = [];
  private sock!: net.Socket;
  async open(port: number) {
    this.sock = net.connect(port, '127.0.0.1');
    this.sock.setNoDelay(true);
    this.sock.on('data', (d) => {
      this.buf += String(d);
      let i;
      while ((i = this.buf.indexOf('\r\n')) >= 0) {
        const line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 2);
        if (line[3] === '-') continue;
        this.waiters.shift()?.(line);
      }
    });
    await this.reply('2');
    this.sock.write('EHLO bench\r\n');
    await this.reply('250');
  }
  private reply(expect: string) {
    return new Promise<string>((resolve, reject) =>
      this.waiters.push((line) => (line.startsWith(expect) ? resolve(line) : reject(new Error(`SMTP: expected ${expect}, got ${line}`)))),
    );
  }
  async send(raw: string): Promise<number> {
    const commands = ['MAIL FROM:<bench@example.org>', 'RCPT TO:<support@switchboard.localhost>', 'DATA'];
    const expected = ['250', '250', '354'];
    if (PIPELINING) {
      const replies = expected.map((e) => this.reply(e));
      this.sock.write(commands.map((c) => `${c}\r\n`).join(''));
      await Promise.all(replies);
    } else {
      for (const [i, c] of commands.entries()) {
        this.sock.write(`${c}\r\n`);
        await this.reply(expected[i]!);
      }
    }
    const done = this.reply('250');
    this.sock.write(raw.replace(/^\./gm, '..') + '\r\n.\r\n');
    const endOfData = performance.now();
    await done;
    return endOfData;
  }
  close() {
    this.sock.end('QUIT\r\n');
  }
}

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function bareMailparser(): Promise<number> {
  const raws = Array.from({ length: 2000 }, (_, i) => Buffer.from(message(i)));
  const t0 = performance.now();
  for (const r of raws) await simpleParser(r, { skipImageLinks: true, skipTextToHtml: true });
  return raws.length / ((performance.now() - t0) / 1000);
}

/** One engine's SMTP ingest run (also `bench/import.ts`'s yardstick): accepted messages/s and the rest of `printResult`. */
export async function run(engine: 'sqlite' | 'postgres', messages = MESSAGES) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-ingest-'));
  let schema: string | undefined;
  if (engine === 'postgres') {
    schema = `bench_ingest_${process.pid}`;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
    await c.end();
  }
  const smtpPort = await freePort();
  const server = await startBenchServer({
    SMTP_PORT: String(smtpPort),
    DATA_DIR: dataDir,
    EVENT_POLL_MS: '1000',
    ...(schema ? { DATABASE_URL: PG_URL, SB_TEST_SCHEMA: schema } : {}),
  });
  const { url } = server;
  try {
    const cookie = await server.login();
    const listedAt = new Map<number, number>();
    const ws = new WebSocket(url.replace('http', 'ws') + '/api/v1/stream', { headers: { origin: url, cookie } });
    await new Promise<void>((resolve) =>
      ws.on('message', (m) => {
        const e = JSON.parse(String(m));
        if (e.type === 'ready') resolve();
        if (e.type === 'event' && e.event === 'conversation.created') {
          const subj = /^Bench (\d+)$/.exec(e.payload?.conversation?.subject ?? '');
          if (subj && Number(subj[1]) < messages) listedAt.set(Number(subj[1]), performance.now());
        }
      }),
    );

    const sentAt = new Map<number, number>();
    let next = 0;
    const conns = await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        const c = new SmtpConn();
        await c.open(smtpPort);
        return c;
      }),
    );
    // Warm-up (not measured): JIT, prepared statements, first contact rows.
    await Promise.all(conns.map((c, k) => c.send(message(1_000_000 + k))));
    const t0 = performance.now();
    const cpu0 = server.cpuMs();
    await Promise.all(
      conns.map(async (c) => {
        while (next < messages) {
          const i = next++;
          if (!PER_MESSAGE) {
            sentAt.set(i, await c.send(message(i)));
            continue;
          }
          // A connection of its own: banner, EHLO, the message, QUIT.
          const one = new SmtpConn();
          await one.open(smtpPort);
          sentAt.set(i, await one.send(message(i)));
          one.close();
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const cpuPerMessage = (server.cpuMs() - cpu0) / messages;
    const deadline = Date.now() + 30_000;
    while (listedAt.size < messages && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const c of conns) c.close();
    ws.close();
    const lat = [...sentAt]
      .filter(([i]) => listedAt.has(i))
      .map(([i, t]) => listedAt.get(i)! - t)
      .sort((a, b) => a - b);
    const check = await fetch(`${url}/api/v1/views`, { headers: { cookie, origin: url } }).then(
      (r) => r.json() as Promise<{ all: number }>,
    );
    const result = {
      engine,
      rate: messages / elapsed,
      cpuPerMessage,
      p50: pct(lat, 50),
      p99: pct(lat, 99),
      listed: listedAt.size,
      all: check.all,
    };
    printResult(result, messages);
    if (SMTP_SOURCE && POSTFIX_PORT) await compareWithPostfix(smtpPort);
    return result;
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (schema) {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    }
  }
}

function printResult(
  r: { engine: string; rate: number; cpuPerMessage: number; p50: number; p99: number; listed: number; all: number },
  messages: number,
) {
  console.log(
    `${r.engine.padEnd(8)} accepted ${r.rate.toFixed(0)} msgs/s (durable 250)  end of DATA → listed: p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  (listed ${r.listed}/${messages}; views.all ${r.all}); server CPU ${r.cpuPerMessage.toFixed(2)} ms a message`,
  );
}

/** msgs/s of one `smtp-source` run against 127.0.0.1:port (a connection per message, or kept open). */
function smtpSource(port: number): Promise<number> {
  const args = [
    '-s',
    String(CONNECTIONS),
    '-m',
    String(MESSAGES),
    '-l',
    '5000',
    '-f',
    'bench@example.org',
    '-t',
    'support@switchboard.localhost',
    // Without --connection-per-message, each sender keeps its connection open for all its messages (-d).
    ...(PER_MESSAGE ? [] : ['-d']),
    `127.0.0.1:${port}`,
  ];
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const p = spawn(SMTP_SOURCE, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('exit', (code) =>
      code === 0
        ? resolve(MESSAGES / ((performance.now() - t0) / 1000))
        : reject(new Error(`smtp-source exited ${code}: ${err.slice(0, 500)}`)),
    );
  });
}

/** smtp-source against Switchboard and Postfix, alternating, in the same minutes. */
async function compareWithPostfix(switchboardPort: number) {
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ours.push(await smtpSource(switchboardPort));
    theirs.push(await smtpSource(Number(POSTFIX_PORT)));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
  console.log(
    `  smtp-source -s ${CONNECTIONS} -m ${MESSAGES} -l 5000${PER_MESSAGE ? ' (a connection per message)' : ' -d (connections kept open)'}, ${ROUNDS} rounds alternating:`,
  );
  console.log(`    Switchboard  median ${median(ours).toFixed(0)} msgs/s  (${list(ours)})`);
  console.log(`    Postfix      median ${median(theirs).toFixed(0)} msgs/s  (${list(theirs)})  127.0.0.1:${POSTFIX_PORT}`);
}

// Run as a script (not when `bench/import.ts` borrows `run` and `message`).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const parseRate = await bareMailparser();
  console.log(
    `ingest: ${MESSAGES} messages of ~5 KB from ${CONNECTIONS} SMTP ${PER_MESSAGE ? 'senders, a new connection per message' : 'connections'} (${PIPELINING ? 'pipelining MAIL, RCPT, DATA' : 'lockstep, a reply before each command'}); ${os.cpus().length} CPUs`,
  );
  if (SMTP_SOURCE && !POSTFIX_PORT) console.log('--smtp-source needs --postfix-port (a local Postfix that accepts and discards)');
  console.log(`bare mailparser (same messages, one process): ${parseRate.toFixed(0)} msgs/s`);
  const engines = ENGINE === 'all' ? (['sqlite', 'postgres'] as const) : [ENGINE as 'sqlite' | 'postgres'];
  for (const e of engines) {
    if (e === 'postgres' && !(await postgresReachable())) {
      console.log(`postgres: skipped (not reachable at ${PG_URL})`);
      continue;
    }
    await run(e);
  }
  process.exit(0);
}
