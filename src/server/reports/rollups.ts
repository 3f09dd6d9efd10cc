/**
 * Rollups: the facts summed per UTC day, then per week (from Monday) and month, and the months per
 * quarter and year, at several grains: every key a report groups or filters by (`all`), and
 * coarser ones that keep only a person, a team, or an inbox and channel, so a report over
 * everything reads a few rows per period instead of one per combination of keys (`parts.ts` picks
 * the coarsest that has what a report needs). The worker rolls up each day once it is over (a fact
 * is written when it happens, so no new one lands there), and a longer period once all its days
 * (or months) are. A fact written into a rolled period later (a rebuild, an import keeping dates)
 * takes the period off the list (`report-facts.ts`), and the next run rolls it up again. Today is
 * summed too, every few minutes up to a few minutes ago (the `running` period), so a report reads
 * minutes of facts, not a day's.
 */
import type { Trx } from '../db/database.js';
import type { ReportFactKind, ReportRollupsTable, RollupGrain, RollupPeriod } from '../db/schema-reports.js';
import { reportFactKinds } from '../../common/report-api.js';
import { write, type Ctx, type Writer } from '../domain/context.js';
import { RUNNING_LAG } from '../domain/report-facts.js';
import { decodeJson } from '../db/json.js';
import { durationIndex, encodeHistogram, forEachEntry } from './histogram.js';

export const DAY = 86_400_000;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const dayOf = (ms: number) => Math.floor(ms / DAY) * DAY;
/** The start of the UTC period of `months` months (1, 3, 12) an instant falls in, and of the next. */
const startOfMonths = (months: number) => (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / months) * months, 1);
};
const afterMonths = (months: number) => (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
};
const monthOf = startOfMonths(1);
const nextMonth = afterMonths(1);
/** Months rolled up again into quarters and years: a long range reads a few rows per key. */
export const LONG_PERIODS = [
  { period: 'year', of: startOfMonths(12), next: afterMonths(12) },
  { period: 'quarter', of: startOfMonths(3), next: afterMonths(3) },
] as const;
/** The Monday (UTC) a week starts on. */
const weekOf = (ms: number) => dayOf(ms) - ((new Date(ms).getUTCDay() + 6) % 7) * DAY;
export const WEEK = 7 * DAY;
export { monthOf, nextMonth, weekOf };

export const KEYS = ['kind', 'inbox_id', 'channel_kind', 'user_id', 'team_id', 'flow_id', 'step_id', 'detail'] as const;
type Key = Pick<ReportRollupsTable, (typeof KEYS)[number]>;
export type KeyColumn = (typeof KEYS)[number];

/** The keys each grain keeps (the others are ''), coarsest first. */
export const GRAINS: Record<RollupGrain, readonly KeyColumn[]> = {
  person: ['kind', 'user_id', 'detail'],
  team: ['kind', 'team_id', 'detail'],
  place: ['kind', 'inbox_id', 'channel_kind', 'detail'],
  all: KEYS,
};
/** The coarser grains hold the conversations' facts; a bot's are read per flow and step only. */
const COARSE_KINDS = new Set<ReportFactKind>(['created', 'closed', 'reopened', 'first_response', 'reply']);
const grainsOf = (kind: ReportFactKind): RollupGrain[] => (COARSE_KINDS.has(kind) ? (Object.keys(GRAINS) as RollupGrain[]) : ['all']);

/** A write of rollups, one at a time (`lockReportRollups`): two runs replacing the same rows would collide. */
const rollupWrite = (ctx: Ctx, fn: (w: Writer) => Promise<void>) =>
  write(ctx, async (w) => {
    await w.db.lockReportRollups(w.trx);
    await fn(w);
  });

/** One row being summed. */
class Sum {
  n = 0;
  timed = 0;
  total = 0;
  totalBusiness = 0;
  hist = new Map<number, number>();
  histBusiness = new Map<number, number>();
  spread = new Map<number, number>();
  constructor(
    readonly grain: RollupGrain,
    readonly key: Key,
  ) {}
  add(n: number, offset: number) {
    this.n += n;
    this.spread.set(offset, (this.spread.get(offset) ?? 0) + n);
  }
  row(period: RollupPeriod, start: number): ReportRollupsTable {
    return {
      grain: this.grain,
      period,
      start: iso(start),
      ...this.key,
      n: this.n,
      timed: this.timed,
      total: this.total,
      total_business: this.totalBusiness,
      histogram: encodeHistogram(this.hist),
      histogram_business: sameCounts(this.hist, this.histBusiness) ? null : encodeHistogram(this.histBusiness),
      spread: JSON.stringify([...this.spread].sort((a, b) => a[0] - b[0])),
    };
  }
}

class Sums {
  map = new Map<string, Sum>();
  /** The row of this grain the key falls in. */
  of(grain: RollupGrain, from: Key): Sum {
    const keep = GRAINS[grain];
    const key = Object.fromEntries(KEYS.map((k) => [k, keep.includes(k) ? from[k] : ''])) as Key;
    const id = `${grain}\u0000${KEYS.map((k) => key[k]).join('\u0000')}`;
    let s = this.map.get(id);
    if (!s) this.map.set(id, (s = new Sum(grain, key)));
    return s;
  }
}

const bump = (m: Map<number, number>, i: number, c: number) => m.set(i, (m.get(i) ?? 0) + c);

/** Whether two histograms hold the same counts (business time the same as calendar time: stored once). */
function sameCounts(a: Map<number, number>, b: Map<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [i, c] of a) if (b.get(i) !== c) return false;
  return true;
}

async function insertRows(trx: Trx, rows: ReportRollupsTable[]) {
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto('report_rollups')
      .values(rows.slice(i, i + 200))
      .execute();
}

async function markRolled(trx: Trx, period: RollupPeriod, start: number, at: string, through: number | null = null) {
  await trx.deleteFrom('report_rollup_periods').where('period', '=', period).where('start', '=', iso(start)).execute();
  await trx
    .insertInto('report_rollup_periods')
    .values({ period, start: iso(start), rolled_at: at, through: through === null ? null : iso(through) })
    .execute();
}

/** The rows of a day's facts in [day, to) (every grain), as rows of `period` starting at the day. */
async function sumFacts(trx: Trx, period: 'day' | 'running', day: number, to: number): Promise<ReportRollupsTable[]> {
  const facts = await trx
    .selectFrom('report_facts')
    .select([...KEYS, 'at', 'seconds', 'business_seconds'])
    // Every kind named: the (kind, at) index serves the day.
    .where('kind', 'in', FACT_KINDS)
    .where('at', '>=', iso(day))
    .where('at', '<', iso(to))
    .execute();
  const sums = new Sums();
  for (const f of facts) {
    const key: Key = {
      kind: f.kind,
      inbox_id: f.inbox_id,
      channel_kind: f.channel_kind,
      user_id: f.user_id ?? '',
      team_id: f.team_id ?? '',
      flow_id: f.flow_id ?? '',
      step_id: f.step_id ?? '',
      detail: f.detail ?? '',
    };
    const hour = Math.floor((Date.parse(f.at) - day) / HOUR);
    const timed = f.seconds !== null;
    const [i, ib] = timed ? [durationIndex(f.seconds!), durationIndex(f.business_seconds ?? f.seconds!)] : [0, 0];
    for (const grain of grainsOf(f.kind)) {
      const s = sums.of(grain, key);
      s.add(1, hour);
      if (!timed) continue;
      s.timed++;
      s.total += f.seconds!;
      s.totalBusiness += f.business_seconds ?? f.seconds!;
      bump(s.hist, i, 1);
      bump(s.histBusiness, ib, 1);
    }
  }
  return [...sums.map.values()].map((s) => s.row(period, day));
}

const dropRunning = (trx: Trx) =>
  Promise.all([
    trx.deleteFrom('report_rollups').where('period', '=', 'running').execute(),
    trx.deleteFrom('report_rollup_periods').where('period', '=', 'running').execute(),
  ]);

/** Sums one UTC day's facts into its rows (replacing any it had, and the running day's). */
async function rollDay(ctx: Ctx, day: number): Promise<void> {
  await rollupWrite(ctx, async (w) => {
    await w.trx.deleteFrom('report_rollups').where('period', '=', 'day').where('start', '=', iso(day)).execute();
    await insertRows(w.trx, await sumFacts(w.trx, 'day', day, day + DAY));
    await markRolled(w.trx, 'day', day, w.at);
    await dropRunning(w.trx);
  });
}

/** The running day is summed to a multiple of this, `RUNNING_LAG` behind the clock. */
const RUNNING_STEP = 5 * 60_000;

/** Sums today's facts up to `through` into the running day's rows (replacing the last run's). */
async function rollRunning(ctx: Ctx, day: number, through: number): Promise<void> {
  await rollupWrite(ctx, async (w) => {
    await dropRunning(w.trx);
    await insertRows(w.trx, await sumFacts(w.trx, 'running', day, through));
    await markRolled(w.trx, 'running', day, w.at, through);
  });
}

/**
 * Sums the rows of [start, end) of a shorter period into rows of a longer one: days into a week or
 * month (each day's count at its noon), months into a quarter or year (keeping their days).
 */
async function rollInto(ctx: Ctx, period: RollupPeriod, start: number, end: number, from: 'day' | 'month'): Promise<void> {
  await rollupWrite(ctx, async (w) => {
    await w.trx.deleteFrom('report_rollups').where('period', '=', period).where('start', '=', iso(start)).execute();
    const parts = await w.trx
      .selectFrom('report_rollups')
      .selectAll()
      .where('period', '=', from)
      .where('start', '>=', iso(start))
      .where('start', '<', iso(end))
      .execute();
    const sums = new Sums();
    const addInto = (m: Map<number, number>, bytes: Uint8Array | null) => {
      if (bytes) forEachEntry(bytes, (i, c) => bump(m, i, c));
    };
    for (const d of parts) {
      const s = sums.of(d.grain, d);
      const offset = Math.round((Date.parse(d.start) - start) / HOUR);
      if (from === 'day') s.add(d.n, offset + 12);
      else for (const [h, n] of decodeJson<[number, number][]>(d.spread, [])) s.add(n, offset + h);
      s.timed += d.timed;
      s.total += d.total;
      s.totalBusiness += d.total_business;
      addInto(s.hist, d.histogram);
      addInto(s.histBusiness, d.histogram_business ?? d.histogram);
    }
    await insertRows(
      w.trx,
      [...sums.map.values()].map((s) => s.row(period, start)),
    );
    await markRolled(w.trx, period, start, w.at);
  });
}

/**
 * Rolls up every day before today (UTC) not rolled yet, then every month and week whose days all are,
 * and every quarter and year whose months all are;
 * at most `maxDays` days a run (the rest next time). `progress(done)` after each day. Then the
 * running day: today's facts up to a few minutes ago (`RUNNING_LAG`), when that moved.
 */
export async function rollUp(
  ctx: Ctx,
  opts: { now?: number; maxDays?: number; progress?: (days: number) => void } = {},
): Promise<{ days: number; months: number; through: string | null }> {
  const k = ctx.db.kysely;
  const now = opts.now ?? Date.now();
  const cutoff = dayOf(now);
  const first = await firstFactAt(ctx);
  if (!first) return { days: 0, months: 0, through: null };
  const marks = await k.selectFrom('report_rollup_periods').select(['period', 'start', 'through']).execute();
  const rolled = new Set(marks.map((r) => `${r.period} ${r.start}`));
  const firstDay = dayOf(Date.parse(first));
  let days = 0;
  for (let d = firstDay; d < cutoff && days < (opts.maxDays ?? Infinity); d += DAY) {
    if (rolled.has(`day ${iso(d)}`)) continue;
    await rollDay(ctx, d);
    rolled.add(`day ${iso(d)}`);
    days++;
    opts.progress?.(days);
  }
  // Months, and weeks from Monday (a range's part months), whose days all are rolled up; then quarters and years whose months all are.
  let months = 0;
  const allRolled = (from: number, to: number) => {
    for (let d = Math.max(from, firstDay); d < to; d += DAY) if (!rolled.has(`day ${iso(d)}`)) return false;
    return true;
  };
  for (let m = monthOf(firstDay); nextMonth(m) <= cutoff; m = nextMonth(m)) {
    if (rolled.has(`month ${iso(m)}`) || !allRolled(m, nextMonth(m))) continue;
    await rollInto(ctx, 'month', m, nextMonth(m), 'day');
    rolled.add(`month ${iso(m)}`);
    months++;
  }
  for (let wk = weekOf(firstDay); wk + WEEK <= cutoff; wk += WEEK)
    if (!rolled.has(`week ${iso(wk)}`) && allRolled(wk, wk + WEEK)) await rollInto(ctx, 'week', wk, wk + WEEK, 'day');
  for (const long of LONG_PERIODS)
    for (let p = long.of(firstDay); long.next(p) <= cutoff; p = long.next(p)) {
      if (rolled.has(`${long.period} ${iso(p)}`)) continue;
      let all = true;
      for (let m = Math.max(p, monthOf(firstDay)); m < long.next(p) && all; m = nextMonth(m)) all = rolled.has(`month ${iso(m)}`);
      if (all) await rollInto(ctx, long.period, p, long.next(p), 'month');
    }
  // A first run writes millions of rows: a planner that still thinks the table empty walks all of it (measured: 1 s a report).
  if (days) await ctx.db.refreshStatistics('report_rollups');
  const through = Math.floor((now - RUNNING_LAG) / RUNNING_STEP) * RUNNING_STEP;
  const running = days ? undefined : marks.find((r) => r.period === 'running');
  if (through <= cutoff) return { days, months, through: null };
  if (running?.through !== iso(through)) await rollRunning(ctx, cutoff, through);
  return { days, months, through: iso(through) };
}

const FACT_KINDS = reportFactKinds as unknown as ReportFactKind[];

/** When the first fact happened (one look-up of the (kind, at) index per kind); null: none yet. */
export async function firstFactAt(ctx: Ctx): Promise<string | null> {
  let first: string | null = null;
  for (const kind of FACT_KINDS) {
    const r = await ctx.db.kysely
      .selectFrom('report_facts')
      .select('at')
      .where('kind', '=', kind)
      .orderBy('at')
      .limit(1)
      .executeTakeFirst();
    if (r && (!first || r.at < first)) first = r.at;
  }
  return first;
}

/** Forgets every rollup (a rebuild writes the facts again). */
export async function dropRollups(ctx: Ctx): Promise<void> {
  await rollupWrite(ctx, async (w) => {
    await w.trx.deleteFrom('report_rollups').execute();
    await w.trx.deleteFrom('report_rollup_periods').execute();
  });
}
