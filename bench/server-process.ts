/**
 * A Switchboard server in a process of its own for the ingest and chat benchmarks, so the
 * figures are the server's and not the clients'. `BENCH_CPU_PROF=<dir>` writes its CPU profile;
 * `BENCH_NODE_FLAGS` passes node flags to it (e.g. `--trace-gc`).
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { startChild } from '../test/email/support/child.js';

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };

export interface BenchServer {
  url: string;
  child: ChildProcess;
  /** An admin session cookie. */
  login(): Promise<string>;
  /** The process's resident memory now (VmRSS), in KB. */
  rssKb(): number;
  /** CPU time the process (all its threads) has used so far, user + system, in ms. */
  cpuMs(): number;
  /** How many descriptors the process holds now (each socket is one). */
  openFiles(): number;
  stop(): Promise<void>;
}

export async function startBenchServer(env: Record<string, string>): Promise<BenchServer> {
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const { child, url } = await startChild(
    { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...env },
    [...prof, ...flags],
  );
  return {
    url,
    child,
    async login() {
      const r = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify(ADMIN),
      });
      return /sb_session=[^;]*/.exec(r.headers.get('set-cookie') ?? '')![0];
    },
    rssKb: () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]),
    cpuMs: () => {
      // /proc/<pid>/stat: utime and stime are fields 14 and 15, in clock ticks (100 a second).
      const f = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(f[11]) + Number(f[12])) * 10;
    },
    openFiles: () => fs.readdirSync(`/proc/${child.pid}/fd`).length,
    stop: () => new Promise<void>((r) => (child.exitCode !== null ? r() : (child.once('exit', () => r()), child.kill('SIGTERM')))),
  };
}
