/** The facts a report reads: in its range, its scope (what the viewer may read) and its filters. */
import type { ReportQuery } from '../../common/report-api.js';
import type { Db } from '../db/database.js';
import type { ReportFactKind } from '../db/schema-reports.js';
import { reportScope, type Actor } from '../permissions/policy.js';

export interface FactScope {
  inboxIds: string[];
  /** Person-attributed facts of this user only (set for anyone but admins). */
  userId: string | null;
  channel?: string;
  teamId?: string;
}

export function scopeOf(actor: Actor, q: ReportQuery): FactScope {
  const { inboxIds, onlyUserId } = reportScope(actor, q);
  return { inboxIds, userId: onlyUserId, channel: q.channel, teamId: q.teamId };
}

/** Facts of these kinds in the spans [start, end) given, within the scope; `byPerson`: only the scope's user's (when it has one). */
export function factsQuery(k: Db, kinds: ReportFactKind[], scope: FactScope, spans: [string, string][], byPerson: boolean) {
  let q = k
    .selectFrom('report_facts')
    .where('report_facts.kind', 'in', kinds)
    .where((e) => e.or(spans.map(([a, b]) => e.and([e('report_facts.at', '>=', a), e('report_facts.at', '<', b)]))))
    .where('report_facts.inbox_id', 'in', scope.inboxIds.length ? scope.inboxIds : ['-']);
  if (scope.channel) q = q.where('report_facts.channel_kind', '=', scope.channel);
  if (scope.teamId) q = q.where('report_facts.team_id', '=', scope.teamId);
  if (byPerson && scope.userId) q = q.where('report_facts.user_id', '=', scope.userId);
  return q;
}

/** Names of the users or teams the rows name. */
export async function namesOf(k: Db, table: 'users' | 'teams' | 'inboxes', ids: Iterable<string>): Promise<Map<string, string>> {
  const list = [...new Set(ids)];
  if (!list.length) return new Map();
  const rows = await k.selectFrom(table).select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
