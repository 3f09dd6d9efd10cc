/**
 * Measures the conversation list, search and view counts over HTTP against the real server,
 * next to the bare SQL each request wraps (the domain function through Kysely, and the compiled
 * statement executed raw on its own connection).
 */
import os from 'node:os';
import SQLite from 'better-sqlite3';
import { searchFileOf } from '../src/server/db/search-store.js';
import type { CompiledQuery, KyselyPlugin } from 'kysely';
import pg from 'pg';
import { ConversationListQuery } from '../src/common/api.js';
import { loadConfig } from '../src/server/config.js';
import type { Database } from '../src/server/db/database.js';
import { loadActor } from '../src/server/domain/auth.js';
import type { Ctx } from '../src/server/domain/context.js';
import { listConversations } from '../src/server/domain/conversation-list.js';
import { viewCounts } from '../src/server/domain/counts.js';
import { startServer } from '../src/server/main.js';
import type { Actor } from '../src/server/permissions/policy.js';
import { ADMIN_EMAIL, fmt, PASSWORD, type Meta } from './generate.js';
import { COMMON_WORD, RARE_WORD, VERY_COMMON_WORD } from './words.js';

export interface Target {
  engine: 'sqlite' | 'postgres';
  dataDir: string;
  sqliteFile?: string;
  url?: string;
  schema?: string;
  meta: Meta;
}

export interface Options {
  samples: number;
  warmup: number;
  log: (s: string) => void;
  /** Print the plan of every query, not only of those that miss their target. */
  allPlans?: boolean;
  /** Only the cases whose name contains this (case-insensitive). */
  only?: string;
}

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface Row {
  name: string;
  kind: 'list' | 'search' | 'views';
  target: number;
  http: Stats;
  domain: Stats;
  raw: Stats;
  /** SQL statements per request: page 1, and the deep page for lists. */
  queries: { first: number; deep?: number; deepPage?: number };
  items: number;
  pass: boolean;
  sql: CompiledQuery[];
}

export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { n: s.length, p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1]! };
}

/**
 * `n` timed calls after `warmup` untimed ones, sequentially. A case that is far off its target
 * would take hours at full count: after `budgetMs` it stops (with at least 10 samples) and the
 * table shows how many it took.
 */
export async function timeIt(n: number, warmup: number, fn: () => Promise<unknown> | unknown, budgetMs = 30_000): Promise<number[]> {
  const w0 = performance.now();
  for (let i = 0; i < warmup && performance.now() - w0 < budgetMs / 10; i++) await fn();
  const out: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
    if (out.length >= 10 && performance.now() - t0 > budgetMs) break;
  }
  return out;
}

/** A session-holding HTTP client, as a browser would send (cookie, Origin). */
class Http {
  cookie = '';
  constructor(readonly base: string) {}
  async req(method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { origin: this.base };
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = res.headers.get('set-cookie');
    const m = set ? /sb_session=([^;]*)/.exec(set) : null;
    if (m) this.cookie = `sb_session=${m[1]}`;
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return { json: JSON.parse(text) as any, queries: Number(res.headers.get('x-sql-queries') ?? NaN) };
  }
}

/** A Database whose Kysely hands every compiled statement to `sink` (same connection, same SQL). */
function capturingDb(db: Database, sink: CompiledQuery[]): Database {
  // Both connections: a search runs on the search reader (Database.searchReader).
  const capture = (k: Database['kysely']) => {
    const plugin: KyselyPlugin = {
      transformQuery(args) {
        sink.push(k.getExecutor().compileQuery(args.node, args.queryId));
        return args.node;
      },
      async transformResult(args) {
        return args.result;
      },
    };
    return k.withPlugin(plugin);
  };
  return Object.create(db, { kysely: { value: capture(db.kysely) }, searchReader: { value: capture(db.searchReader) } }) as Database;
}

interface Case {
  name: string;
  kind: Row['kind'];
  target: number;
  params: Record<string, string>;
  /** A deep page of the same list, to compare the SQL statements per request with page 1. */
  deep?: { page: number; cursor: string };
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function benchList(t: Target, o: Options): Promise<Row[]> {
  const { meta } = t;
  const { log } = o;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: t.dataDir,
    DATABASE_URL: t.url,
    ADMIN_EMAIL,
    ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: 'silent',
    SQL_QUERY_HEADER: '1',
  });
  const running = await startServer(config, { schema: t.schema });
  const rawSqlite = t.engine === 'sqlite' ? new SQLite(t.sqliteFile!, { readonly: true }) : undefined;
  rawSqlite?.prepare('attach database ? as search').run(searchFileOf(t.sqliteFile!));
  const rawPg = t.engine === 'postgres' ? new pg.Client({ connectionString: t.url, options: `-c search_path=${t.schema}` }) : undefined;
  await rawPg?.connect();
  try {
    const agent = meta.setup.agents[0]!;
    const inboxId = meta.setup.inboxes[0]!.id;
    const http = new Http(running.url);
    await http.req('POST', '/api/v1/auth/login', { email: agent.email, password: PASSWORD });
    const ctx: Ctx = running.ctx;
    const actor = (await loadActor(ctx, agent.id)) as Actor;
    log(
      `  server ${running.url} on ${t.engine}; logged in as ${agent.name} <${agent.email}> (agent); inbox ${meta.setup.inboxes[0]!.name}`,
    );

    const month = { from: iso(meta.nowMs - 120 * 86_400_000), to: iso(meta.nowMs - 90 * 86_400_000) };
    const base = { inboxId, view: 'all', status: 'open' };
    const common = { inboxId, q: COMMON_WORD };

    /** Walks the list once with the domain function, keeping the cursor that opens each wanted page. */
    const cursorsAt = async (params: Record<string, string>, pages: number[]): Promise<Map<number, string>> => {
      const out = new Map<number, string>();
      let cursor: string | null = null;
      for (let p = 2; p <= Math.max(...pages); p++) {
        const r = await listConversations(ctx, actor, ConversationListQuery.parse({ ...params, ...(cursor ? { cursor } : {}) }));
        if (!r.nextCursor) break;
        cursor = r.nextCursor;
        if (pages.includes(p)) out.set(p, cursor);
      }
      return out;
    };
    const t0 = performance.now();
    const allOpen = await cursorsAt(base, [2, 100, 1000]);
    const deepOf = async (params: Record<string, string>, page: number) => {
      const m = await cursorsAt(params, [page]);
      return m.has(page) ? { page, cursor: m.get(page)! } : undefined;
    };
    const cases: Case[] = [
      {
        name: 'All open',
        kind: 'list',
        target: 30,
        params: base,
        deep: allOpen.has(1000) ? { page: 1000, cursor: allOpen.get(1000)! } : undefined,
      },
      ...[...allOpen].map(([page, cursor]): Case => ({
        name: `All open, page ${page}`,
        kind: 'list',
        target: 30,
        params: { ...base, cursor },
      })),
      {
        name: 'Assigned to me (open)',
        kind: 'list',
        target: 30,
        params: { ...base, view: 'mine' },
        deep: await deepOf({ ...base, view: 'mine' }, 100),
      },
      {
        name: 'Unassigned (open)',
        kind: 'list',
        target: 30,
        params: { ...base, view: 'unassigned' },
        deep: await deepOf({ ...base, view: 'unassigned' }, 100),
      },
      {
        name: 'Channel email (open)',
        kind: 'list',
        target: 30,
        params: { ...base, view: 'email' },
        deep: await deepOf({ ...base, view: 'email' }, 100),
      },
      {
        name: 'Date range, 1 month (open)',
        kind: 'list',
        target: 30,
        params: { ...base, ...month },
        deep: await deepOf({ ...base, ...month }, 20),
      },
      { name: `Search rare "${RARE_WORD}"`, kind: 'search', target: 100, params: { inboxId, q: RARE_WORD } },
      { name: `Search common "${COMMON_WORD}"`, kind: 'search', target: 100, params: common, deep: await deepOf(common, 20) },
      { name: `Search very common "${VERY_COMMON_WORD}"`, kind: 'search', target: 100, params: { inboxId, q: VERY_COMMON_WORD } },
      { name: 'View counts', kind: 'views', target: 50, params: { inboxId } },
    ];
    const sc = cases.find((c) => c.params === common)?.deep;
    if (sc)
      cases.splice(cases.findIndex((c) => c.params === common) + 1, 0, {
        name: `Search common "${COMMON_WORD}", page ${sc.page}`,
        kind: 'search',
        target: 100,
        params: { ...common, cursor: sc.cursor },
      });
    log(`  walked cursors to the deep pages in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const rows: Row[] = [];
    for (const c of cases) {
      if (o.only && !c.name.toLowerCase().includes(o.only.toLowerCase())) continue;
      const path =
        c.kind === 'views' ? `/api/v1/views?${new URLSearchParams(c.params)}` : `/api/v1/conversations?${new URLSearchParams(c.params)}`;
      const first = await http.req('GET', path);
      const items = c.kind === 'views' ? Object.keys(first.json).length : first.json.items.length;
      const queries: Row['queries'] = { first: first.queries };
      const d = c.deep;
      if (d) {
        const r = await http.req('GET', `/api/v1/conversations?${new URLSearchParams({ ...c.params, cursor: d.cursor })}`);
        queries.deep = r.queries;
        queries.deepPage = d.page;
      }
      const httpTimes = await timeIt(o.samples, o.warmup, () => http.req('GET', path));

      const query = c.kind === 'views' ? null : ConversationListQuery.parse(c.params);
      const domainCall = (cx: Ctx) => (query ? listConversations(cx, actor, query) : viewCounts(cx, actor.id, [inboxId]));
      const domainTimes = await timeIt(o.samples, o.warmup, () => domainCall(ctx));

      const sql: CompiledQuery[] = [];
      await domainCall({ ...ctx, db: capturingDb(ctx.db, sql) });
      const rawRun = rawSqlite
        ? (() => {
            const stmts = sql.map((q) => ({ s: rawSqlite.prepare(q.sql), p: q.parameters as unknown[] }));
            return () => stmts.forEach(({ s, p }) => s.all(...p));
          })()
        : async () => {
            for (const q of sql) await rawPg!.query(q.sql, q.parameters as unknown[]);
          };
      const rawTimes = await timeIt(o.samples, o.warmup, rawRun);

      const row: Row = {
        name: c.name,
        kind: c.kind,
        target: c.target,
        http: stats(httpTimes),
        domain: stats(domainTimes),
        raw: stats(rawTimes),
        queries,
        items,
        pass: false,
        sql,
      };
      row.pass = row.http.p99 <= c.target && (queries.deep === undefined || queries.deep === queries.first);
      rows.push(row);
      log(
        `  [load ${os.loadavg()[0]!.toFixed(1)}] ${c.name.padEnd(38)} HTTP p50 ${row.http.p50.toFixed(2)} p99 ${row.http.p99.toFixed(2)} ms | Kysely p50 ${row.domain.p50.toFixed(2)} | raw p50 ${row.raw.p50.toFixed(2)} ms | ${items} rows | ${queries.first}${queries.deep !== undefined ? `/${queries.deep}` : ''} SQL | ${row.pass ? 'pass' : 'FAIL'}`,
      );
    }

    // Plans of the statements that missed their target (or all, with --plans).
    for (const r of rows) {
      if (r.pass && !o.allPlans) continue;
      for (const q of r.sql)
        log(`\n${t.engine} plan for "${r.name}"${r.pass ? '' : ' (missed its target)'}:\n${await explain(t, rawSqlite, rawPg, q)}`);
    }
    return rows;
  } finally {
    rawSqlite?.close();
    await rawPg?.end();
    await running.close();
  }
}

async function explain(t: Target, s: SQLite.Database | undefined, p: pg.Client | undefined, q: CompiledQuery): Promise<string> {
  const params = q.parameters as unknown[];
  const text = `  SQL: ${q.sql}\n  params: ${JSON.stringify(params)}\n`;
  if (t.engine === 'sqlite') {
    const plan = s!.prepare(`explain query plan ${q.sql}`).all(...params) as { id: number; parent: number; detail: string }[];
    const depth = new Map<number, number>([[0, 0]]);
    const lines = plan.map((r) => {
      const d = (depth.get(r.parent) ?? 0) + 1;
      depth.set(r.id, d);
      return `${'  '.repeat(d)}${r.detail}`;
    });
    return text + lines.join('\n');
  }
  const r = await p!.query(`explain (analyze, buffers) ${q.sql}`, params);
  return text + r.rows.map((x) => `    ${x['QUERY PLAN']}`).join('\n');
}

export function printTable(engine: string, meta: Meta, rows: Row[], log: (s: string) => void): void {
  const f = (x: number) => x.toFixed(2);
  const head = [
    'Endpoint',
    'rows',
    'samples',
    'HTTP p50',
    'p95',
    'p99',
    'Kysely p50',
    'p99',
    'raw SQL p50',
    'p99',
    'SQL/req (p1/deep)',
    'target p99',
    'result',
  ];
  const body = rows.map((r) => [
    r.name,
    String(r.items),
    String(r.http.n),
    f(r.http.p50),
    f(r.http.p95),
    f(r.http.p99),
    f(r.domain.p50),
    f(r.domain.p99),
    f(r.raw.p50),
    f(r.raw.p99),
    r.queries.deep !== undefined ? `${r.queries.first} / ${r.queries.deep} (p${r.queries.deepPage})` : String(r.queries.first),
    `≤ ${r.target} ms`,
    r.pass ? 'pass' : 'FAIL',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
  log('');
  log(
    `${engine}: ${fmt(meta.rows.conversations)} conversations, ${fmt(meta.rows.messages)} messages, ${fmt(meta.rows.contacts)} contacts (times in ms; Kysely = the domain function on the server's connection, raw = the compiled SQL on its own connection)`,
  );
  log(line(head));
  log('|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const b of body) log(line(b));
}
