/**
 * Volume (F-REPORT.3): new, closed and reopened conversations per interval, and the open backlog at
 * each interval's end: the open conversations now, less what opened since then, plus what closed.
 * Rolled-up days count to the hour; rolled-up months to the day.
 */
import type { ChannelKind } from '../../common/api-fields.js';
import type { ReportRange, VolumeReport } from '../../common/report-api.js';
import type { Db } from '../db/database.js';
import { invalid } from '../domain/errors.js';
import { namesOf, type FactScope } from './facts.js';
import { partsOf } from './parts.js';
import { bucketOf, intervalsOf } from './range.js';

/** Hours are offered up to this many days. */
const HOURLY_MAX_DAYS = 31;
const DAY = 86_400_000;

export async function volumeReport(
  k: Db,
  range: ReportRange,
  scope: FactScope,
  interval: VolumeReport['interval'],
  now: number,
): Promise<VolumeReport> {
  const end = Date.parse(range.end);
  if (interval === 'hour' && end - Date.parse(range.start) > HOURLY_MAX_DAYS * DAY + 3_600_000)
    throw invalid('interval', `hours are shown for at most ${HOURLY_MAX_DAYS} days`, 'invalid');
  // Up to now: what happened after the range moves the backlog back to the range's end.
  const until = new Date(Math.max(end, Math.floor(now / DAY) * DAY + DAY)).toISOString();
  const [parts] = await partsOf(k, ['created', 'closed', 'reopened'], { ...scope, userId: null }, range.start, until, {
    byPerson: false,
    longest: interval === 'hour' ? 'day' : 'year',
    when: true,
    timed: [],
    groupings: [['inbox_id', 'channel_kind']],
  });
  const openNow = await openNowOf(k, scope);

  const bounds = intervalsOf(range, interval);
  const series = bounds.slice(0, -1).map((t) => ({ start: new Date(t).toISOString(), created: 0, closed: 0, reopened: 0, backlog: 0 }));
  const byChannel = new Map<string, { created: number; closed: number }>();
  const byInbox = new Map<string, { created: number; closed: number }>();
  /** Net openings (+) and closings (−) after each interval's end, from these changes. */
  const changes: [number, number][] = [];
  for (const p of parts) {
    const sign = p.kind === 'closed' ? -1 : 1;
    let inRange = 0;
    for (const [at, n] of p.when) {
      changes.push([at, sign * n]);
      const b = bucketOf(bounds, at);
      if (b < 0) continue;
      inRange += n;
      const row = series[b]!;
      if (p.kind === 'created') row.created += n;
      else if (p.kind === 'closed') row.closed += n;
      else row.reopened += n;
    }
    if (p.kind === 'reopened' || !inRange) continue;
    for (const [m, key] of [
      [byChannel, p.channel_kind],
      [byInbox, p.inbox_id],
    ] as const) {
      const g = m.get(key) ?? { created: 0, closed: 0 };
      m.set(key, g);
      g[p.kind as 'created' | 'closed'] += inRange;
    }
  }
  changes.sort((a, b) => b[0] - a[0]);
  let net = 0;
  let i = 0;
  for (let b = series.length - 1; b >= 0; b--) {
    for (; i < changes.length && changes[i]![0] >= bounds[b + 1]!; i++) net += changes[i]![1];
    series[b]!.backlog = Math.max(0, openNow - net);
  }
  const inboxNames = await namesOf(k, 'inboxes', byInbox.keys());
  return {
    range,
    interval,
    series,
    byChannel: [...byChannel].map(([channel, g]) => ({ channel: channel as ChannelKind, ...g })),
    byInbox: [...byInbox].map(([inboxId, g]) => ({ inboxId, name: inboxNames.get(inboxId) ?? '', ...g })),
  };
}

/** Open conversations now: the kept counts (one small read), or by team a count of the conversations. */
async function openNowOf(k: Db, scope: FactScope): Promise<number> {
  const inboxes = scope.inboxIds.length ? scope.inboxIds : ['-'];
  if (!scope.teamId) {
    let q = k
      .selectFrom('conversation_counts')
      .select((e) => e.fn.sum<number>('n').as('n'))
      .where('status', '=', 'open')
      .where('inbox_id', 'in', inboxes);
    if (scope.channel) q = q.where('channel_kind', '=', scope.channel as ChannelKind);
    return Number((await q.executeTakeFirst())?.n ?? 0);
  }
  let q = k
    .selectFrom('conversations')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('status', '=', 'open')
    .where('inbox_id', 'in', inboxes)
    .where('team_id', '=', scope.teamId);
  if (scope.channel) q = q.where('channel_kind', '=', scope.channel as ChannelKind);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}
