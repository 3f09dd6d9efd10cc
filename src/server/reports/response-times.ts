/**
 * Response times (F-REPORT.2): first response and reply times over the range, per channel, per agent,
 * and per day (per month over more than 92 days). A rolled-up day or month counts in the viewer's
 * day or month where its noon or middle falls.
 */
import type { ChannelKind } from '../../common/api-fields.js';
import type { ReportRange, ResponseFigures, ResponseTimesReport } from '../../common/report-api.js';
import type { Db } from '../db/database.js';
import type { ReportFactKind } from '../db/schema-reports.js';
import { namesOf, type FactScope } from './facts.js';
import { addTimes, partsOf, type Part } from './parts.js';
import { bucketOf, intervalsOf } from './range.js';
import { TimeList } from './stats.js';

class Times {
  firstResponse = new TimeList();
  reply = new TimeList();
  add(p: Part) {
    addTimes(p.kind === 'first_response' ? this.firstResponse : this.reply, p);
  }
  out(): ResponseFigures {
    return { firstResponse: this.firstResponse.stats(), reply: this.reply.stats() };
  }
}

function group<K>(m: Map<K, Times>, key: K): Times {
  let t = m.get(key);
  if (!t) m.set(key, (t = new Times()));
  return t;
}

/** Days are shown for ranges up to this many days; months beyond. */
const DAILY_MAX_DAYS = 92;

export async function responseTimesReport(k: Db, range: ReportRange, scope: FactScope): Promise<ResponseTimesReport> {
  const daily = Date.parse(range.end) - Date.parse(range.start) <= DAILY_MAX_DAYS * 86_400_000 + 3_600_000;
  const kinds: ReportFactKind[] = ['first_response', 'reply'];
  const base = { byPerson: true, timed: kinds };
  // Overall and per channel from one grain, per agent from another, each from the longest rows; over time from rows no longer than its intervals.
  const [[perChannel, perAgent], [overTime]] = await Promise.all([
    partsOf(k, kinds, scope, range.start, range.end, { ...base, longest: 'year', when: false, groupings: [['channel_kind'], ['user_id']] }),
    partsOf(k, kinds, scope, range.start, range.end, {
      ...base,
      longest: daily ? 'day' : 'month',
      when: 'middle',
      groupings: [['channel_kind']],
    }),
  ]);
  const overall = new Times();
  const byChannel = new Map<string, Times>();
  const byAgent = new Map<string, Times>();
  const bounds = intervalsOf(range, daily ? 'day' : 'month');
  const buckets = bounds.slice(0, -1).map(() => new Times());
  for (const p of perAgent!) if (p.user_id) group(byAgent, p.user_id).add(p);
  for (const p of perChannel!) {
    overall.add(p);
    group(byChannel, p.channel_kind).add(p);
  }
  // A fact where it happened; a rolled-up period where its middle falls.
  for (const p of overTime!) {
    const b = bucketOf(bounds, p.middle);
    if (b >= 0) buckets[b]!.add(p);
  }
  const names = await namesOf(k, 'users', byAgent.keys());
  return {
    range,
    overall: overall.out(),
    byChannel: [...byChannel].map(([channel, t]) => ({ channel: channel as ChannelKind, ...t.out() })),
    byAgent: [...byAgent]
      .map(([userId, t]) => ({ userId, name: names.get(userId) ?? '', ...t.out() }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    series: buckets.map((t, i) => {
      const [f, r] = [t.firstResponse.calendar.stats(), t.reply.calendar.stats()];
      return {
        start: new Date(bounds[i]!).toISOString(),
        firstResponseMedian: f.median,
        replyMedian: r.median,
        firstResponses: f.count,
        replies: r.count,
      };
    }),
  };
}
