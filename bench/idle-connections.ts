/**
 * The idle part of the chat bench: M widget connections (hello done) held open, and the server's
 * memory per connection. A process needs a descriptor per socket, so when M does not fit one
 * process's open-files limit the connections are spread over several server processes, as a real
 * deployment would run them (one SQLite data directory, Redis relaying between them), and opened
 * from as many client processes (bench/idle-clients.ts). Memory per connection is the growth of the
 * servers' RSS, summed, over the connection count.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchServer, type BenchServer } from './server-process.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const n = (x: number) => x.toLocaleString('en-US');

/** The open-files limit of a process started here (`ulimit -n`); it cannot be raised without privileges. */
export function openFilesLimit(): number {
  return Number(spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim()) || Infinity;
}

interface IdleOptions {
  idle: number;
  /** The server the first part ran on; used alone when the connections fit one process. */
  server: BenchServer;
  /** Its environment (data directory …), which further processes share. */
  serverEnv: Record<string, string>;
  channelId: string;
  /** The number of the first idle visitor (their addresses follow the first part's visitors). */
  firstVisitor: number;
}

export async function measureIdleConnections(o: IdleOptions): Promise<void> {
  const limit = openFilesLimit();
  // Each process keeps ~1,000 descriptors of headroom for its database, Redis, pipes and libraries.
  const perProcess = limit - 1000;
  const processes = Math.ceil(o.idle / perProcess);
  let servers = [o.server];
  const started: BenchServer[] = [];
  const clients: ChildProcess[] = [];
  try {
    if (processes > 1) {
      // Several processes share one deployment: the first part's server (no Redis) gives way to
      // `processes` servers on the same data directory that relay to each other through Redis.
      const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
      const prefix = `bench-chat-${randomBytes(4).toString('hex')}`;
      console.log(
        `  the open-files limit here is ${limit} per process, so ${n(o.idle)} connections are held by ${processes} server processes (SQLite, one data directory, Redis ${redisUrl} prefix ${prefix}) and opened by ${processes} client processes`,
      );
      await o.server.stop();
      servers = [];
      // One after the other: each runs the migrations on start.
      for (let i = 0; i < processes; i++) {
        const s = await startBenchServer({ ...o.serverEnv, REDIS_URL: redisUrl, REDIS_PREFIX: prefix });
        started.push(s);
        servers.push(s);
      }
    }
    const shares = servers.map((_, i) => Math.floor(o.idle / processes) + (i < o.idle % processes ? 1 : 0));

    await sleep(2000);
    const before = servers.map((s) => ({ rss: s.rssKb(), fds: s.openFiles() }));
    let first = o.firstVisitor;
    let opened = 0;
    let shown = 0;
    const done = servers.map((s, i) => {
      const child = fork(path.join(here, 'idle-clients.ts'), [s.url, o.channelId, String(shares[i]), String(first)], {
        execArgv: ['--import', 'tsx'],
      });
      first += shares[i]!;
      clients.push(child);
      let last = 0;
      return new Promise<void>((resolve, reject) => {
        child.on('message', (m: { progress?: number; opened?: number }) => {
          const now = m.progress ?? m.opened ?? last;
          opened += now - last;
          last = now;
          if (opened - shown >= 10_000) console.log(`  … ${n((shown = opened - (opened % 10_000)))} idle connections`);
          if (m.opened !== undefined) resolve();
        });
        child.once('exit', (code) => reject(new Error(`idle client ${i + 1} exited (${code}) after ${last} connections`)));
      });
    });
    await Promise.all(done);
    await sleep(3000);
    const after = servers.map((s) => ({ rss: s.rssKb(), fds: s.openFiles() }));
    const stillOpen = await Promise.all(
      clients.map((c) => new Promise<number>((r) => (c.once('message', (m: { open: number }) => r(m.open)), c.send('count')))),
    );

    const growth = after.reduce((t, a, i) => t + a.rss - before[i]!.rss, 0);
    const open = stillOpen.reduce((a, b) => a + b, 0);
    if (processes > 1) {
      servers.forEach((_, i) => {
        const b = before[i]!;
        const a = after[i]!;
        console.log(
          `    server process ${i + 1}: ${n(stillOpen[i]!)} connections, descriptors ${n(b.fds)} → ${n(a.fds)}, RSS ${mb(b.rss)} → ${mb(a.rss)}, ${((a.rss - b.rss) / shares[i]!).toFixed(1)} KB per connection`,
        );
      });
      console.log(
        `  ${n(open)} idle widget connections over ${processes} server processes: RSS growth ${mb(growth)} in all, ${(growth / o.idle).toFixed(1)} KB per connection`,
      );
    } else {
      console.log(
        `  ${n(open)} idle widget connections: server RSS ${mb(before[0]!.rss)} → ${mb(after[0]!.rss)}, ${(growth / o.idle).toFixed(1)} KB per connection (descriptors ${n(before[0]!.fds)} → ${n(after[0]!.fds)})`,
      );
    }
    if (open < o.idle) console.log(`  (only ${n(open)} of ${n(o.idle)} connections were still open at the end)`);
  } finally {
    for (const c of clients) if (c.exitCode === null) c.send('close');
    await Promise.all(clients.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once('exit', r)))));
    await Promise.all(started.map((s) => s.stop()));
  }
}
