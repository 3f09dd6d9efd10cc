/** Response times (F-REPORT.2): first response and reply times over the range, per channel, per agent and per day. */
import type { ChannelKind } from '../../common/api-fields.js';
import type { ReportRange, ResponseFigures, ResponseTimesReport } from '../../common/report-api.js';
import type { Db } from '../db/database.js';
import { factsQuery, namesOf, type FactScope } from './facts.js';
import { bucketOf, intervalsOf } from './range.js';
import { statsOf, TimeList } from './stats.js';

class Times {
  firstResponse = new TimeList();
  reply = new TimeList();
  add(f: { kind: string; seconds: number | null; business_seconds: number | null }) {
    (f.kind === 'first_response' ? this.firstResponse : this.reply).add(f);
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

export async function responseTimesReport(k: Db, range: ReportRange, scope: FactScope): Promise<ResponseTimesReport> {
  const facts = await factsQuery(k, ['first_response', 'reply'], scope, range.start, range.end, true)
    .select(['kind', 'at', 'channel_kind', 'user_id', 'seconds', 'business_seconds'])
    .execute();
  const overall = new Times();
  const byChannel = new Map<string, Times>();
  const byAgent = new Map<string, Times>();
  const bounds = intervalsOf(range, 'day');
  const days = bounds.slice(0, -1).map(() => new Times());
  for (const f of facts) {
    overall.add(f);
    group(byChannel, f.channel_kind).add(f);
    if (f.user_id) group(byAgent, f.user_id).add(f);
    const d = bucketOf(bounds, Date.parse(f.at));
    if (d >= 0) days[d]!.add(f);
  }
  const names = await namesOf(k, 'users', byAgent.keys());
  return {
    range,
    overall: overall.out(),
    byChannel: [...byChannel].map(([channel, t]) => ({ channel: channel as ChannelKind, ...t.out() })),
    byAgent: [...byAgent]
      .map(([userId, t]) => ({ userId, name: names.get(userId) ?? '', ...t.out() }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    series: days.map((t, i) => ({
      start: new Date(bounds[i]!).toISOString(),
      firstResponseMedian: statsOf(t.firstResponse.calendar).median,
      replyMedian: statsOf(t.reply.calendar).median,
      firstResponses: t.firstResponse.calendar.length,
      replies: t.reply.calendar.length,
    })),
  };
}
