/**
 * `npm run bench -- import [--messages N] [--engine sqlite|postgres|all] [--smtp-messages N]`
 *
 * Importing mail history: an mbox of N (default 100,000) messages of ~5 KB (about 500 MB, the
 * ingest benchmark's messages) is written to a temporary folder, then `switchboard import` runs on
 * it as an operator runs it (a process of its own, on a fresh installation), once per engine.
 * Prints messages/s and the import process's peak resident memory (sampled every 100 ms, all its
 * threads), next to the live SMTP ingest rate measured in the same run (`bench/ingest.ts`), and
 * the resident memory's highest in the first and in the second half of the import: memory that
 * keeps growing with what has been read shows as a second half above the first.
 * Target: at least the SMTP rate, memory flat (≤ 300 MB) whatever the file size. A benchmark, not a test.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { message, run as smtpIngest } from './ingest.js';
import { PG_URL, postgresReachable } from './postgres.js';
import { startBenchServer } from './server-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name: string, d: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : d;
};
const MESSAGES = Number(opt('messages', '100000'));
const SMTP_MESSAGES = Number(opt('smtp-messages', '4000'));
const ENGINE = opt('engine', 'all');

/** The mbox, written as a stream (mboxrd: the messages hold no `From ` lines to quote). */
async function writeMbox(file: string): Promise<number> {
  const out = fs.createWriteStream(file);
  const date = 'Mon Jan  1 10:00:00 2024';
  for (let i = 0; i < MESSAGES; i++) {
    // A third are replies in the thread of an earlier message, as a real mailbox has.
    const raw = message(i)
      .replace(/\r\n/g, '\n')
      .replace('Subject: Bench', i % 3 ? 'Subject: Bench' : 'Subject: Re: Bench');
    if (!out.write(`From customer${i}@example.org ${date}\n${raw}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise((r) => out.end(r));
  return fs.statSync(file).size;
}

/** A fresh installation (its default inbox made by a first start), then `switchboard import` timed, its memory sampled. */
async function importOn(
  engine: 'sqlite' | 'postgres',
  file: string,
): Promise<{ rate: number; peakMb: number; halvesMb: [number, number]; seconds: number; summary: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-import-'));
  const schema = engine === 'postgres' ? `bench_import_${process.pid}` : undefined;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  if (schema) await admin(`drop schema if exists ${schema} cascade; create schema ${schema}`);
  try {
    const server = await startBenchServer({
      DATA_DIR: dataDir,
      SMTP_PORT: 'off',
      ...(schema ? { DATABASE_URL: PG_URL, SB_TEST_SCHEMA: schema } : {}),
    });
    await server.stop();
    const env: Record<string, string> = { ...(process.env as Record<string, string>), DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    if (schema) env.DATABASE_URL = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const t0 = performance.now();
    const child = spawn(process.execPath, [path.join(root, 'bin/switchboard.mjs'), 'import', '--inbox', 'Support', file], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    let peakKb = 0;
    const samples: { at: number; kb: number }[] = [];
    const sample = setInterval(() => {
      try {
        const s = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const rss = Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0);
        samples.push({ at: performance.now(), kb: rss });
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0), rss);
      } catch {
        /* it has ended */
      }
    }, 100);
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    clearInterval(sample);
    const seconds = (performance.now() - t0) / 1000;
    if (code !== 0) throw new Error(`switchboard import exited ${code}: ${out.slice(-2000)}`);
    const half = t0 + (seconds * 1000) / 2;
    const highest = (xs: typeof samples) => Math.max(0, ...xs.map((x) => x.kb)) / 1024;
    const halvesMb: [number, number] = [highest(samples.filter((x) => x.at < half)), highest(samples.filter((x) => x.at >= half))];
    return { rate: MESSAGES / seconds, peakMb: peakKb / 1024, halvesMb, seconds, summary: out.trim().split('\n').at(-1) ?? '' };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (schema) await admin(`drop schema if exists ${schema} cascade`);
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-mbox-'));
try {
  const file = path.join(dir, 'history.mbox');
  const bytes = await writeMbox(file);
  console.log(
    `import: an mbox of ${MESSAGES.toLocaleString('en')} messages (${(bytes / 1024 ** 2).toFixed(0)} MB); ${os.cpus().length} CPUs`,
  );
  const engines = ENGINE === 'all' ? (['sqlite', 'postgres'] as const) : [ENGINE as 'sqlite' | 'postgres'];
  for (const e of engines) {
    if (e === 'postgres' && !(await postgresReachable())) {
      console.log(`postgres: skipped (not reachable at ${PG_URL})`);
      continue;
    }
    const smtp = await smtpIngest(e, SMTP_MESSAGES);
    const r = await importOn(e, file);
    console.log(
      `${e.padEnd(8)} import ${r.rate.toFixed(0)} msgs/s (${r.seconds.toFixed(0)} s, process start included), peak RSS ${r.peakMb.toFixed(0)} MB` +
        ` (highest ${r.halvesMb[0].toFixed(0)} MB in the first half, ${r.halvesMb[1].toFixed(0)} MB in the second)` +
        `  |  live SMTP ingest ${smtp.rate.toFixed(0)} msgs/s  →  ${r.rate >= smtp.rate ? 'at least' : 'BELOW'} the SMTP rate, memory ${r.peakMb <= 300 ? 'within' : 'OVER'} 300 MB`,
    );
    console.log(`         ${r.summary}`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
