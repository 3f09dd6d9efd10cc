/**
 * What a report reads for [start, end): the year, quarter, month, week and day rollups of the UTC periods that
 * lie wholly inside and are rolled up, and the running day's up to where it is summed, at the
 * coarsest grain that keeps what the report groups and filters by; and the facts of the rest (the
 * edges of a range in the viewer's zone, the last minutes, what is not rolled up yet). Each comes
 * as a `Part`: a count, its durations, and when it happened (a fact's instant; a rollup's spread
 * over hours or days).
 */
import type { Db } from '../db/database.js';
import { decodeJson } from '../db/json.js';
import type { ReportFactKind, ReportFactsTable, ReportRollupsTable, RollupGrain, RollupPeriod } from '../db/schema-reports.js';
import { factsQuery, type FactScope } from './facts.js';
import { DAY, GRAINS, LONG_PERIODS, monthOf, nextMonth, WEEK, weekOf, type KeyColumn } from './rollups.js';
import type { TimeList } from './stats.js';

export interface Part {
  kind: ReportFactKind;
  inbox_id: string;
  channel_kind: string;
  user_id: string | null;
  team_id: string | null;
  flow_id: string | null;
  step_id: string | null;
  detail: string | null;
  n: number;
  /** When: `[instant ms, count]` pairs (a fact: one); only for a report that reads them (`when: true`). */
  readonly when: [number, number][];
  /** When, as one instant: a fact's; a rollup's middle (a day's noon), where a series counts its durations. */
  middle: number;
  /** A fact's durations, or a rollup's. */
  seconds?: number | null;
  business?: number | null;
  rollup?: { timed: number; total: number; totalBusiness: number; histogram: Uint8Array | null; histogramBusiness: Uint8Array | null };
}

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;
const orNull = (s: string | undefined) => (s === '' || s === undefined ? null : s);
/** A part's keys a report did not read. */
const NO_KEYS = { inbox_id: '', channel_kind: '', user_id: null, team_id: null, flow_id: null, step_id: null, detail: null };

/** Adds a part's durations to a list. */
export function addTimes(list: TimeList, p: Part): void {
  if (p.rollup) {
    const { timed, histogram, histogramBusiness } = p.rollup;
    if (timed && histogram) list.addRolled(timed, histogram, p.rollup.total, histogramBusiness, p.rollup.totalBusiness);
  } else if (p.seconds !== null && p.seconds !== undefined) list.add(p.seconds, p.business ?? p.seconds);
}

/** How [start, end) is read: rolled years, quarters, months, weeks and days, the running day, and the spans left to the facts. */
async function plan(k: Db, start: number, end: number, longest: Longest) {
  const marks = await k
    .selectFrom('report_rollup_periods')
    .select(['period', 'start', 'through'])
    .where('start', '>=', iso(monthOf(start)))
    .where('start', '<', iso(end))
    .execute();
  const rolled = new Set(marks.map((m) => `${m.period} ${m.start}`));
  const running = marks.find((m) => m.period === 'running');
  const runningThrough = running?.through ? Date.parse(running.through) : 0;
  const years: string[] = [];
  const quarters: string[] = [];
  const months: string[] = [];
  const weeks: string[] = [];
  const days: string[] = [];
  const runningDays: string[] = [];
  const spans: [number, number][] = [];
  const facts = (a: number, b: number) => {
    const last = spans[spans.length - 1];
    if (last && last[1] === a) last[1] = b;
    else if (a < b) spans.push([a, b]);
  };
  let t = start;
  walk: while (t < end) {
    for (const long of LONG_PERIODS)
      if (longest === 'year' && long.of(t) === t && long.next(t) <= end && rolled.has(`${long.period} ${iso(t)}`)) {
        (long.period === 'year' ? years : quarters).push(iso(t));
        t = long.next(t);
        continue walk;
      }
    const m = monthOf(t);
    if (longest !== 'day' && m === t && nextMonth(m) <= end && rolled.has(`month ${iso(m)}`)) {
      months.push(iso(m));
      t = nextMonth(m);
      continue;
    }
    // A week, unless it would cross into a month that is read whole, or into another month where months are the longest.
    const n = nextMonth(m);
    const inMonth = longest === 'month' || (nextMonth(n) <= end && rolled.has(`month ${iso(n)}`));
    if (longest !== 'day' && weekOf(t) === t && t + WEEK <= (inMonth ? Math.min(n, end) : end) && rolled.has(`week ${iso(t)}`)) {
      weeks.push(iso(t));
      t += WEEK;
      continue;
    }
    const d = Math.floor(t / DAY) * DAY;
    const dayEnd = Math.min(d + DAY, end);
    if (d === t && d + DAY <= end && rolled.has(`day ${iso(d)}`)) days.push(iso(d));
    else if (d === t && running?.start === iso(d) && runningThrough <= end) {
      runningDays.push(iso(d));
      facts(runningThrough, dayEnd);
    } else facts(t, dayEnd);
    t = dayEnd;
  }
  return { years, quarters, months, weeks, days, runningDays, spans };
}

export type Longest = 'day' | 'month' | 'year';

/** The keys a report groups its parts by. */
export type Grouping = readonly KeyColumn[];

export interface PartsOptions {
  /** Only the scope's user's parts (when it has one). */
  byPerson: boolean;
  /**
   * The longest rows that may serve: `day` (a series by the hour), `month` (a series of medians by
   * month: weeks only within a month, as a row counts where its middle falls), or `year` (anything).
   */
  longest: Longest;
  /** The report reads when they happened (`middle`: only as one instant a part). */
  when: boolean | 'middle';
  /** The kinds whose durations the report reads (the others' histograms are not read). */
  timed: ReportFactKind[];
  /** One list of parts for each: the rollups of the coarsest grain that keeps these keys and the scope's filters, and the facts. */
  groupings: Grouping[];
}

/** The parts of these kinds in [start, end) within the scope, one list for each of `opts.groupings`. */
export async function partsOf(
  k: Db,
  kinds: ReportFactKind[],
  scope: FactScope,
  start: string,
  end: string,
  opts: PartsOptions,
): Promise<Part[][]> {
  const { byPerson } = opts;
  const inboxes = scope.inboxIds.length ? scope.inboxIds : ['-'];
  const [p, allInboxes] = await Promise.all([
    plan(k, Date.parse(start), Date.parse(end), opts.longest),
    k.selectFrom('inboxes').select('id').execute(),
  ]);
  // The filters the rows must keep the keys of.
  const filtered: KeyColumn[] = [];
  if (allInboxes.some((i) => !scope.inboxIds.includes(i.id))) filtered.push('inbox_id');
  if (scope.channel) filtered.push('channel_kind');
  if (scope.teamId) filtered.push('team_id');
  if (byPerson && scope.userId) filtered.push('user_id');
  const grainOf = (g: Grouping) =>
    (Object.keys(GRAINS) as RollupGrain[]).find((grain) => [...g, ...filtered].every((c) => GRAINS[grain].includes(c)))!;
  const grains = opts.groupings.map(grainOf);
  const anyRolled = [p.years, p.quarters, p.months, p.weeks, p.days, p.runningDays].some((l) => l.length);
  const factRows = async (): Promise<Part[]> => {
    if (!p.spans.length) return [];
    const spans = p.spans.map(([a, b]): [string, string] => [iso(a), iso(b)]);
    // Only the columns the report reads: a day's facts are thousands of rows, and every string read is one made.
    const columns = [...new Set<KeyColumn>(['kind', 'detail', ...opts.groupings.flat()])];
    const q = factsQuery(k, kinds, scope, spans, byPerson)
      .select([...columns, 'seconds', 'business_seconds'])
      .$if(!!opts.when, (b) => b.select('at'));
    return ((await q.execute()) as Partial<ReportFactsTable>[]).map(
      (f) =>
        ({
          ...NO_KEYS,
          ...f,
          n: 1,
          when: f.at ? [[Date.parse(f.at), 1]] : [],
          middle: f.at ? Date.parse(f.at) : 0,
          seconds: f.seconds,
          business: f.business_seconds,
        }) as Part,
    );
  };
  // Each grain's rows and the facts at once (PostgreSQL answers them on connections of their own).
  const unique = [...new Set(grains)];
  const [lists, facts] = await Promise.all([
    Promise.all(unique.map((g) => (anyRolled ? rollupParts(k, g, kinds, scope, inboxes, p, opts) : []))),
    factRows(),
  ]);
  const rolled = new Map(unique.map((g, i) => [g, lists[i]!]));
  return grains.map((g) => [...rolled.get(g)!, ...facts]);
}

/** The rolled-up rows of a grain for the plan's periods. */
async function rollupParts(
  k: Db,
  grain: RollupGrain,
  kinds: ReportFactKind[],
  scope: FactScope,
  inboxes: string[],
  p: Awaited<ReturnType<typeof plan>>,
  opts: PartsOptions,
): Promise<Part[]> {
  const keeps = GRAINS[grain];
  const timed = opts.timed.length ? opts.timed : ['-' as ReportFactKind];
  const periods = (
    [
      ['year', p.years],
      ['quarter', p.quarters],
      ['month', p.months],
      ['week', p.weeks],
      ['day', p.days],
      ['running', p.runningDays],
    ] as const
  ).filter(([, starts]) => starts.length);
  const rows = await Promise.all(
    periods.map(([period, starts]) => {
      let q = k
        .selectFrom('report_rollups')
        // Only the keys the grain keeps (the others are ''): every string read is one made.
        .select([...keeps, 'n', 'timed', 'total', 'total_business'])
        // Histograms only of the kinds whose durations are read.
        .select((e) => [
          e.case().when('kind', 'in', timed).then(e.ref('histogram')).end().as('histogram'),
          e.case().when('kind', 'in', timed).then(e.ref('histogram_business')).end().as('histogram_business'),
        ])
        // When they happened only for a series over time.
        .$if(!!opts.when, (b) => b.select('start'))
        .$if(opts.when === true, (b) => b.select('spread'))
        .where('grain', '=', grain)
        .where('period', '=', period)
        .where('start', 'in', starts)
        .where('kind', 'in', kinds);
      if (keeps.includes('inbox_id')) q = q.where('inbox_id', 'in', inboxes);
      if (scope.channel) q = q.where('channel_kind', '=', scope.channel);
      if (scope.teamId) q = q.where('team_id', '=', scope.teamId);
      if (opts.byPerson && scope.userId) q = q.where('user_id', '=', scope.userId);
      return q.execute();
    }),
  );
  // A few dozen starts for thousands of rows: each parsed once.
  const instants = new Map<string, number>();
  const instant = (start: string | undefined) => {
    if (start === undefined) return 0;
    let ms = instants.get(start);
    if (ms === undefined) instants.set(start, (ms = Date.parse(start)));
    return ms;
  };
  return rows.flatMap((list, i) =>
    list.map((row) =>
      rollupPart(row as Partial<ReportRollupsTable> & typeof row, periods[i]![0], instant(row.start as string | undefined), opts.when),
    ),
  );
}

/** The middle of a rolled period: a day's noon, a week's Thursday noon, a month's, quarter's or year's middle. */
function middleOf(period: RollupPeriod, start: number): number {
  if (period === 'day' || period === 'running') return start + DAY / 2;
  if (period === 'week') return start + WEEK / 2;
  const next = period === 'month' ? nextMonth(start) : LONG_PERIODS.find((l) => l.period === period)!.next(start);
  return (start + next) / 2;
}

function rollupPart(
  r: Partial<ReportRollupsTable> &
    Pick<ReportRollupsTable, 'kind' | 'n' | 'timed' | 'total' | 'total_business' | 'histogram' | 'histogram_business'>,
  period: RollupPeriod,
  from: number,
  when: PartsOptions['when'],
): Part {
  return {
    kind: r.kind,
    inbox_id: r.inbox_id ?? '',
    channel_kind: r.channel_kind ?? '',
    user_id: orNull(r.user_id),
    team_id: orNull(r.team_id),
    flow_id: orNull(r.flow_id),
    step_id: orNull(r.step_id),
    detail: orNull(r.detail),
    n: r.n,
    middle: when === 'middle' ? middleOf(period, from) : 0,
    when: when === true ? decodeJson<[number, number][]>(r.spread ?? null, []).map(([h, n]): [number, number] => [from + h * HOUR, n]) : [],
    rollup: {
      timed: r.timed,
      total: r.total,
      totalBusiness: r.total_business,
      histogram: r.histogram,
      histogramBusiness: r.histogram_business,
    },
  };
}
