/**
 * Rollups: the facts summed per UTC day, then per UTC month, for every key a report groups or
 * filters by, so a report over two years reads a few thousand rows. The worker rolls up each day
 * once it is over (the day before yesterday and older: a fact is written when it happens, so no
 * new one lands there), and a month once all its days are. A fact written into a rolled period
 * later (a rebuild, an import keeping dates) takes the period off the list (`report-facts.ts`), and
 * the next run rolls it up again.
 */
import type { Trx } from '../db/database.js';
import { decodeJson } from '../db/json.js';
import type { ReportFactKind, ReportRollupsTable } from '../db/schema-reports.js';
import { reportFactKinds } from '../../common/report-api.js';
import { write, type Ctx } from '../domain/context.js';
import { rounded } from './stats.js';

export const DAY = 86_400_000;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const dayOf = (ms: number) => Math.floor(ms / DAY) * DAY;
const monthOf = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const nextMonth = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};
export { monthOf, nextMonth };

const KEYS = ['kind', 'inbox_id', 'channel_kind', 'user_id', 'team_id', 'flow_id', 'step_id', 'detail'] as const;
type Key = Pick<ReportRollupsTable, (typeof KEYS)[number]>;

/** One row being summed. */
class Sum {
  n = 0;
  timed = 0;
  total = 0;
  totalBusiness = 0;
  hist = new Map<number, number>();
  histBusiness = new Map<number, number>();
  spread = new Map<number, number>();
  readonly key: Key;
  constructor(from: Key) {
    this.key = Object.fromEntries(KEYS.map((k) => [k, from[k]])) as Key;
  }
  add(n: number, offset: number) {
    this.n += n;
    this.spread.set(offset, (this.spread.get(offset) ?? 0) + n);
  }
  time(seconds: number, business: number, count = 1) {
    this.timed += count;
    this.hist.set(seconds, (this.hist.get(seconds) ?? 0) + count);
    this.histBusiness.set(business, (this.histBusiness.get(business) ?? 0) + count);
  }
  row(period: 'day' | 'month', start: number): ReportRollupsTable {
    const json = (m: Map<number, number>) => (m.size ? JSON.stringify(Object.fromEntries(m)) : null);
    return {
      period,
      start: iso(start),
      ...this.key,
      n: this.n,
      timed: this.timed,
      total: this.total,
      total_business: this.totalBusiness,
      histogram: json(this.hist),
      histogram_business: json(this.histBusiness),
      spread: JSON.stringify([...this.spread].sort((a, b) => a[0] - b[0])),
    };
  }
}

class Sums {
  map = new Map<string, Sum>();
  of(key: Key): Sum {
    const id = KEYS.map((k) => key[k]).join('\u0000');
    let s = this.map.get(id);
    if (!s) this.map.set(id, (s = new Sum(key)));
    return s;
  }
}

async function insertRows(trx: Trx, rows: ReportRollupsTable[]) {
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto('report_rollups')
      .values(rows.slice(i, i + 200))
      .execute();
}

async function markRolled(trx: Trx, period: 'day' | 'month', start: number, at: string) {
  await trx.deleteFrom('report_rollup_periods').where('period', '=', period).where('start', '=', iso(start)).execute();
  await trx
    .insertInto('report_rollup_periods')
    .values({ period, start: iso(start), rolled_at: at })
    .execute();
}

/** Sums one UTC day's facts into its rows (replacing any it had). */
async function rollDay(ctx: Ctx, day: number): Promise<void> {
  await write(ctx, async (w) => {
    await w.trx.deleteFrom('report_rollups').where('period', '=', 'day').where('start', '=', iso(day)).execute();
    const facts = await w.trx
      .selectFrom('report_facts')
      .select([...KEYS, 'at', 'seconds', 'business_seconds'])
      // Every kind named: the (kind, at) index serves the day.
      .where('kind', 'in', FACT_KINDS)
      .where('at', '>=', iso(day))
      .where('at', '<', iso(day + DAY))
      .execute();
    const sums = new Sums();
    for (const f of facts) {
      const s = sums.of({
        kind: f.kind,
        inbox_id: f.inbox_id,
        channel_kind: f.channel_kind,
        user_id: f.user_id ?? '',
        team_id: f.team_id ?? '',
        flow_id: f.flow_id ?? '',
        step_id: f.step_id ?? '',
        detail: f.detail ?? '',
      });
      s.add(1, Math.floor((Date.parse(f.at) - day) / HOUR));
      if (f.seconds !== null) {
        s.total += f.seconds;
        s.totalBusiness += f.business_seconds ?? f.seconds;
        s.time(rounded(f.seconds), rounded(f.business_seconds ?? f.seconds));
      }
    }
    await insertRows(
      w.trx,
      [...sums.map.values()].map((s) => s.row('day', day)),
    );
    await markRolled(w.trx, 'day', day, w.at);
  });
}

/** Sums a UTC month's day rows into its month rows (each day's count at its noon). */
async function rollMonth(ctx: Ctx, month: number): Promise<void> {
  await write(ctx, async (w) => {
    await w.trx.deleteFrom('report_rollups').where('period', '=', 'month').where('start', '=', iso(month)).execute();
    const days = await w.trx
      .selectFrom('report_rollups')
      .selectAll()
      .where('period', '=', 'day')
      .where('start', '>=', iso(month))
      .where('start', '<', iso(nextMonth(month)))
      .execute();
    const sums = new Sums();
    for (const d of days) {
      const s = sums.of(d);
      s.add(d.n, Math.round((Date.parse(d.start) - month) / HOUR) + 12);
      s.timed += d.timed;
      s.total += d.total;
      s.totalBusiness += d.total_business;
      for (const [v, c] of Object.entries(decodeJson<Record<string, number>>(d.histogram, {})))
        s.hist.set(Number(v), (s.hist.get(Number(v)) ?? 0) + c);
      for (const [v, c] of Object.entries(decodeJson<Record<string, number>>(d.histogram_business, {})))
        s.histBusiness.set(Number(v), (s.histBusiness.get(Number(v)) ?? 0) + c);
    }
    await insertRows(
      w.trx,
      [...sums.map.values()].map((s) => s.row('month', month)),
    );
    await markRolled(w.trx, 'month', month, w.at);
  });
}

/**
 * Rolls up every day before yesterday (UTC) not rolled yet, then every month whose days all are;
 * at most `maxDays` days a run (the rest next time). `progress(done)` after each day.
 */
export async function rollUp(
  ctx: Ctx,
  opts: { now?: number; maxDays?: number; progress?: (days: number) => void } = {},
): Promise<{ days: number; months: number }> {
  const k = ctx.db.kysely;
  const cutoff = dayOf(opts.now ?? Date.now()) - DAY;
  const first = await firstFactAt(ctx);
  if (!first) return { days: 0, months: 0 };
  const rolled = new Set(
    (await k.selectFrom('report_rollup_periods').select(['period', 'start']).execute()).map((r) => `${r.period} ${r.start}`),
  );
  const firstDay = dayOf(Date.parse(first));
  let days = 0;
  for (let d = firstDay; d < cutoff && days < (opts.maxDays ?? Infinity); d += DAY) {
    if (rolled.has(`day ${iso(d)}`)) continue;
    await rollDay(ctx, d);
    rolled.add(`day ${iso(d)}`);
    days++;
    opts.progress?.(days);
  }
  let months = 0;
  for (let m = monthOf(firstDay); nextMonth(m) <= cutoff; m = nextMonth(m)) {
    if (rolled.has(`month ${iso(m)}`)) continue;
    let all = true;
    for (let d = Math.max(m, firstDay); d < nextMonth(m) && all; d += DAY) all = rolled.has(`day ${iso(d)}`);
    if (!all) continue;
    await rollMonth(ctx, m);
    months++;
  }
  return { days, months };
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
  await write(ctx, async (w) => {
    await w.trx.deleteFrom('report_rollups').execute();
    await w.trx.deleteFrom('report_rollup_periods').execute();
  });
}
