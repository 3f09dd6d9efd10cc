import { spawnSync } from 'node:child_process';
/**
 * `npm run bench -- list [options]` (and `reports`, on the same data: bench/reports.ts)
 *
 * Generates (or reuses) 1,000,000 conversations with ~5,000,000 messages on SQLite, and on
 * PostgreSQL when reachable, then measures the conversation list, search and view counts over
 * HTTP next to the bare SQL they run. A benchmark, not a test: it prints figures and exits 0
 * unless something breaks.
 *
 * Options:
 *   --scale N        conversations (default 1000000; contacts N/10, messages ~5N)
 *   --engine E       sqlite | postgres | all (default all; PostgreSQL skipped when unreachable)
 *   --samples N      timed requests per case (default 300), after --warmup N (default 30)
 *   --regen          regenerate even when the data set is already there
 *   --gen-only       generate (or check) the data and stop
 *   --plans          print the query plan of every case, not only of those that miss
 *   --only TEXT      only the cases whose name contains TEXT (e.g. --only search)
 *
 * Data lives under .bench/ (SQLite: .bench/sqlite-N/) and in the PostgreSQL schema `bench`
 * (`bench_N` for other scales) of BENCH_DATABASE_URL / DATABASE_URL_TEST /
 * postgres://postgres@127.0.0.1:5432/test; a rerun reuses both.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PG_URL, postgresReachable } from './postgres.js';
import { DATA_VERSION, fmt, generatePostgres, generateSqlite, pgSchemaMeta, sqliteMetaPath, type Meta, type Scale } from './generate.js';
import { benchList, printTable, type Row } from './list.js';
import { benchReports } from './reports.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function args(argv: string[]) {
  const [command, ...rest] = argv;
  const opt = (name: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const flag = (name: string) => rest.includes(`--${name}`);
  return {
    command,
    scale: Number(opt('scale') ?? 1_000_000),
    engine: opt('engine') ?? 'all',
    samples: Number(opt('samples') ?? 300),
    warmup: Number(opt('warmup') ?? 30),
    regen: flag('regen'),
    genOnly: flag('gen-only'),
    plans: flag('plans'),
    only: opt('only'),
  };
}

const log = (s: string) => console.log(s);

const fresh = (m: Meta | null, scale: Scale): m is Meta =>
  !!m && m.version === DATA_VERSION && m.scale.conversations === scale.conversations && m.scale.contacts === scale.contacts;

function describeGeneration(engine: string, m: Meta, reused: boolean | 'summary') {
  const steps = Object.entries(m.steps)
    .map(([k, v]) => `${k} ${v.toFixed(0)} s`)
    .join(', ');
  log(
    `${engine}: ${reused === 'summary' ? 'data set' : reused ? 'reusing data generated earlier' : 'generated'} (${fmt(m.rows.conversations)} conversations, ${fmt(m.rows.messages)} messages, ${fmt(m.rows.contacts)} contacts, ${fmt(m.rows.openConversations)} open, ${fmt(m.rows.reads)} read marks); generation took ${m.generationSeconds.toFixed(0)} s (${steps})`,
  );
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  // ingest (email over SMTP), import (an mbox through `switchboard import`), chat (widget sockets), open-thread (the agent app in Chromium), notify (notifications under load), messenger, chatflow and scale are scripts of their own, with their own options.
  if (
    command === 'ingest' ||
    command === 'import' ||
    command === 'chat' ||
    command === 'open-thread' ||
    command === 'notify' ||
    command === 'messenger' ||
    command === 'chatflow' ||
    command === 'scale'
  ) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', `${command}.ts`), ...rest], {
      stdio: 'inherit',
      cwd: root,
    });
    process.exit(r.status ?? 1);
  }
  const a = args(process.argv.slice(2));
  if (a.command !== 'list' && a.command !== 'reports') {
    console.error(
      'Usage: npm run bench -- list|reports [--scale N] [--engine sqlite|postgres|all] [--samples N] [--warmup N] [--regen] [--gen-only] [--plans] [--only TEXT]\n       npm run bench -- ingest | import | chat | open-thread | notify | messenger | chatflow | scale   (see bench/<name>.ts)',
    );
    process.exit(2);
  }
  if (!Number.isInteger(a.scale) || a.scale < 1000) throw new Error('--scale must be an integer ≥ 1000');
  const scale: Scale = { conversations: a.scale, contacts: Math.max(100, Math.round(a.scale / 10)) };
  const engines = a.engine === 'all' ? ['sqlite', 'postgres'] : [a.engine];
  const results: { engine: string; meta: Meta; rows: Row[] }[] = [];

  for (const engine of engines) {
    if (engine === 'sqlite') {
      const dataDir = path.join(root, '.bench', `sqlite-${a.scale}`);
      let meta: Meta | null = null;
      try {
        meta = JSON.parse(fs.readFileSync(sqliteMetaPath(dataDir), 'utf8')) as Meta;
      } catch {
        /* not generated yet */
      }
      const reuse = !a.regen && fresh(meta, scale);
      if (!reuse) {
        log(`sqlite: generating ${fmt(scale.conversations)} conversations into ${path.relative(root, dataDir)}/`);
        meta = await generateSqlite(dataDir, scale, log);
      }
      describeGeneration('sqlite', meta!, reuse);
      if (a.genOnly) continue;
      if (a.command === 'reports') {
        await benchReports(
          { engine: 'sqlite', dataDir, sqliteFile: path.join(dataDir, 'switchboard.db'), meta: meta! },
          { samples: a.samples, log },
        );
        continue;
      }
      const rows = await benchList(
        { engine: 'sqlite', dataDir, sqliteFile: path.join(dataDir, 'switchboard.db'), meta: meta! },
        { samples: a.samples, warmup: a.warmup, log, allPlans: a.plans, only: a.only },
      );
      printTable('sqlite', meta!, rows, log);
      results.push({ engine, meta: meta!, rows });
    } else if (engine === 'postgres') {
      if (!(await postgresReachable())) {
        log(`postgres: SKIPPED, not reachable at ${PG_URL} (set BENCH_DATABASE_URL)`);
        continue;
      }
      const schema = a.scale === 1_000_000 ? 'bench' : `bench_${a.scale}`;
      let meta = a.regen ? null : await pgSchemaMeta(PG_URL, schema).catch(() => null);
      const reuse = fresh(meta, scale);
      if (!reuse) {
        log(`postgres: generating ${fmt(scale.conversations)} conversations into schema ${schema}`);
        meta = await generatePostgres(PG_URL, schema, scale, log);
      }
      describeGeneration('postgres', meta!, reuse);
      if (a.genOnly) continue;
      const dataDir = path.join(root, '.bench', `pg-${schema}`);
      fs.mkdirSync(dataDir, { recursive: true });
      if (a.command === 'reports') {
        await benchReports({ engine: 'postgres', dataDir, url: PG_URL, schema, meta: meta! }, { samples: a.samples, log });
        continue;
      }
      const rows = await benchList(
        { engine: 'postgres', dataDir, url: PG_URL, schema, meta: meta! },
        { samples: a.samples, warmup: a.warmup, log, allPlans: a.plans, only: a.only },
      );
      printTable('postgres', meta!, rows, log);
      results.push({ engine, meta: meta!, rows });
    } else {
      throw new Error(`Unknown engine ${engine}`);
    }
  }

  if (results.length) {
    log(
      `\n================ summary (load average while measuring: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} on ${os.cpus().length} cores) ================`,
    );
    for (const r of results) {
      describeGeneration(r.engine, r.meta, 'summary');
      printTable(r.engine, r.meta, r.rows, log);
    }
    const out = path.join(root, '.bench', `results-list-${a.scale}.json`);
    fs.writeFileSync(
      out,
      JSON.stringify(
        results.map((r) => ({ engine: r.engine, rows: r.rows.map(({ sql: _s, ...x }) => x) })),
        null,
        2,
      ),
    );
    log(`\n(figures also written to ${path.relative(root, out)})`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
