/**
 * What a report reads for [start, end): the month and day rollups of the UTC months and days that
 * lie wholly inside and are rolled up, and the facts of the rest (the edges of a range in the
 * viewer's zone, and what is not rolled up yet). Each comes as a `Part`: a count, its durations,
 * and when it happened (a fact's instant; a rollup's spread over hours or days).
 */
import type { Db } from '../db/database.js';
import { decodeJson } from '../db/json.js';
import type { ReportFactKind } from '../db/schema-reports.js';
import { factsQuery, type FactScope } from './facts.js';
import { DAY, monthOf, nextMonth } from './rollups.js';
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
  /** When: `[instant ms, count]` pairs (a fact: one); worked out on first use (reports without a series never need it). */
  readonly when: [number, number][];
  /** A fact's durations, or a rollup's. */
  seconds?: number | null;
  business?: number | null;
  rollup?: { timed: number; total: number; totalBusiness: number; histogram: string | null; histogramBusiness: string | null };
}

const iso = (ms: number) => new Date(ms).toISOString();
const orNull = (s: string) => (s === '' ? null : s);

/** Adds a part's durations to a list. */
export function addTimes(list: TimeList, p: Part): void {
  if (p.rollup) {
    if (!p.rollup.timed) return;
    list.calendar.addHistogram(decodeJson<Record<string, number>>(p.rollup.histogram, {}), p.rollup.total);
    list.business.addHistogram(decodeJson<Record<string, number>>(p.rollup.histogramBusiness, {}), p.rollup.totalBusiness);
  } else if (p.seconds !== null && p.seconds !== undefined) {
    list.calendar.add(p.seconds);
    list.business.add(p.business ?? p.seconds);
  }
}

/** How [start, end) is read: rolled months, rolled days, and the spans left to the facts. */
async function plan(k: Db, start: number, end: number, useMonths: boolean) {
  const marks = await k
    .selectFrom('report_rollup_periods')
    .select(['period', 'start'])
    .where('start', '>=', iso(monthOf(start)))
    .where('start', '<', iso(end))
    .execute();
  const rolled = new Set(marks.map((m) => `${m.period} ${m.start}`));
  const months: string[] = [];
  const days: string[] = [];
  const spans: [number, number][] = [];
  const facts = (a: number, b: number) => {
    const last = spans[spans.length - 1];
    if (last && last[1] === a) last[1] = b;
    else spans.push([a, b]);
  };
  let t = start;
  while (t < end) {
    const m = monthOf(t);
    if (useMonths && m === t && nextMonth(m) <= end && rolled.has(`month ${iso(m)}`)) {
      months.push(iso(m));
      t = nextMonth(m);
      continue;
    }
    const d = Math.floor(t / DAY) * DAY;
    const dayEnd = Math.min(d + DAY, end);
    if (d === t && d + DAY <= end && rolled.has(`day ${iso(d)}`)) days.push(iso(d));
    else facts(t, dayEnd);
    t = dayEnd;
  }
  return { months, days, spans };
}

/**
 * The parts of these kinds in [start, end) within the scope; `byPerson`: only the scope's user's (when it
 * has one); `months`: month rows may serve (a month's rows tell only which day, not which hour); `when`:
 * the report reads when they happened.
 */
export async function partsOf(
  k: Db,
  kinds: ReportFactKind[],
  scope: FactScope,
  start: string,
  end: string,
  opts: { byPerson: boolean; months: boolean; when: boolean },
): Promise<Part[]> {
  const { byPerson } = opts;
  const inboxes = scope.inboxIds.length ? scope.inboxIds : ['-'];
  const p = await plan(k, Date.parse(start), Date.parse(end), opts.months);
  const out: Part[] = [];
  for (const [period, starts] of [
    ['month', p.months],
    ['day', p.days],
  ] as const) {
    if (!starts.length) continue;
    let q = k
      .selectFrom('report_rollups')
      .select([
        'start',
        'kind',
        'inbox_id',
        'channel_kind',
        'user_id',
        'team_id',
        'flow_id',
        'step_id',
        'detail',
        'n',
        'timed',
        'total',
        'total_business',
        'histogram',
        'histogram_business',
      ])
      // When they happened is read only by the reports that draw a series over time.
      .$if(opts.when, (b) => b.select('spread'))
      .where('period', '=', period)
      .where('start', 'in', starts)
      .where('kind', 'in', kinds)
      .where('inbox_id', 'in', inboxes);
    if (scope.channel) q = q.where('channel_kind', '=', scope.channel);
    if (scope.teamId) q = q.where('team_id', '=', scope.teamId);
    if (byPerson && scope.userId) q = q.where('user_id', '=', scope.userId);
    for (const r of await q.execute()) {
      const from = Date.parse(r.start);
      out.push({
        kind: r.kind,
        inbox_id: r.inbox_id,
        channel_kind: r.channel_kind,
        user_id: orNull(r.user_id),
        team_id: orNull(r.team_id),
        flow_id: orNull(r.flow_id),
        step_id: orNull(r.step_id),
        detail: orNull(r.detail),
        n: r.n,
        get when() {
          return decodeJson<[number, number][]>(r.spread ?? null, []).map(([h, n]): [number, number] => [from + h * 3_600_000, n]);
        },
        rollup: {
          timed: r.timed,
          total: r.total,
          totalBusiness: r.total_business,
          histogram: r.histogram,
          histogramBusiness: r.histogram_business,
        },
      });
    }
  }
  if (p.spans.length) {
    const spans = p.spans.map(([a, b]): [string, string] => [iso(a), iso(b)]);
    const q = factsQuery(k, kinds, scope, spans, byPerson).select([
      'kind',
      'at',
      'inbox_id',
      'channel_kind',
      'user_id',
      'team_id',
      'flow_id',
      'step_id',
      'detail',
      'seconds',
      'business_seconds',
    ]);
    for (const f of await q.execute())
      out.push({ ...f, n: 1, when: [[Date.parse(f.at), 1]], seconds: f.seconds, business: f.business_seconds });
  }
  return out;
}
