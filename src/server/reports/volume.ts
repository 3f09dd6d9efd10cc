/**
 * Volume (F-REPORT.3): new, closed and reopened conversations per interval, and the open backlog at
 * each interval's end: the open conversations now, less what opened since then, plus what closed.
 */
import type { ChannelKind } from '../../common/api-fields.js';
import type { ReportRange, VolumeReport } from '../../common/report-api.js';
import type { Db } from '../db/database.js';
import { invalid } from '../domain/errors.js';
import { factsQuery, namesOf, type FactScope } from './facts.js';
import { bucketOf, intervalsOf } from './range.js';

/** Hours are offered up to this many days. */
const HOURLY_MAX_DAYS = 31;

export async function volumeReport(k: Db, range: ReportRange, scope: FactScope, interval: VolumeReport['interval']): Promise<VolumeReport> {
  if (interval === 'hour' && Date.parse(range.end) - Date.parse(range.start) > HOURLY_MAX_DAYS * 86_400_000 + 3_600_000)
    throw invalid('interval', `hours are shown for at most ${HOURLY_MAX_DAYS} days`, 'invalid');
  const facts = await factsQuery(k, ['created', 'closed', 'reopened'], scope, range.start, '9999', false)
    .select(['kind', 'at', 'inbox_id', 'channel_kind'])
    .orderBy('at')
    .execute();
  let open = k
    .selectFrom('conversations')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('status', '=', 'open')
    .where('inbox_id', 'in', scope.inboxIds.length ? scope.inboxIds : ['-']);
  if (scope.channel) open = open.where('channel_kind', '=', scope.channel as ChannelKind);
  if (scope.teamId) open = open.where('team_id', '=', scope.teamId);
  const openNow = Number((await open.executeTakeFirst())?.n ?? 0);

  const bounds = intervalsOf(range, interval);
  const series = bounds.slice(0, -1).map((t) => ({ start: new Date(t).toISOString(), created: 0, closed: 0, reopened: 0, backlog: 0 }));
  const byChannel = new Map<string, { created: number; closed: number }>();
  const byInbox = new Map<string, { created: number; closed: number }>();
  // Net change after each interval's end, counted from the newest fact back.
  const netAfter = new Array<number>(series.length).fill(0);
  let net = 0;
  let i = facts.length - 1;
  for (let b = series.length - 1; b >= 0; b--) {
    const end = bounds[b + 1]!;
    for (; i >= 0 && Date.parse(facts[i]!.at) >= end; i--) net += facts[i]!.kind === 'closed' ? -1 : 1;
    netAfter[b] = net;
  }
  for (const f of facts) {
    if (f.at >= range.end) break;
    const b = bucketOf(bounds, Date.parse(f.at));
    if (b < 0) continue;
    const row = series[b]!;
    if (f.kind === 'created') row.created++;
    else if (f.kind === 'closed') row.closed++;
    else row.reopened++;
    if (f.kind === 'reopened') continue;
    for (const [m, key] of [
      [byChannel, f.channel_kind],
      [byInbox, f.inbox_id],
    ] as const) {
      const g = m.get(key) ?? { created: 0, closed: 0 };
      m.set(key, g);
      g[f.kind as 'created' | 'closed']++;
    }
  }
  series.forEach((row, b) => (row.backlog = Math.max(0, openNow - netAfter[b]!)));
  const inboxNames = await namesOf(k, 'inboxes', byInbox.keys());
  return {
    range,
    interval,
    series,
    byChannel: [...byChannel].map(([channel, g]) => ({ channel: channel as ChannelKind, ...g })),
    byInbox: [...byInbox].map(([inboxId, g]) => ({ inboxId, name: inboxNames.get(inboxId) ?? '', ...g })),
  };
}
