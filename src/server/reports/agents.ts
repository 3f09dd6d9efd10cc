/** Agents and teams (F-REPORT.1): conversations handled, replies, closed, first response and resolution times. */
import type { AgentFigures, AgentsReport, ReportRange } from '../../common/report-api.js';
import type { Db } from '../db/database.js';
import { factsQuery, namesOf, type FactScope } from './facts.js';
import { TimeList } from './stats.js';

class Figures {
  conversations = new Set<string>();
  replies = 0;
  closed = 0;
  firstResponse = new TimeList();
  resolution = new TimeList();
  out(): AgentFigures {
    return {
      conversations: this.conversations.size,
      replies: this.replies,
      closed: this.closed,
      firstResponse: this.firstResponse.stats(),
      resolution: this.resolution.stats(),
    };
  }
}

export async function agentsReport(k: Db, range: ReportRange, scope: FactScope): Promise<AgentsReport> {
  const facts = await factsQuery(k, ['first_response', 'reply', 'closed'], scope, range.start, range.end, true)
    .select(['kind', 'conversation_id', 'user_id', 'team_id', 'seconds', 'business_seconds'])
    .execute();
  const byUser = new Map<string, Figures>();
  const byTeam = new Map<string, Figures>();
  for (const f of facts) {
    const into = [f.user_id && byUser, f.team_id && !scope.userId && byTeam] as const;
    for (const [i, m] of into.entries()) {
      const key = i === 0 ? f.user_id : f.team_id;
      if (!m || !key) continue;
      let g = m.get(key);
      if (!g) m.set(key, (g = new Figures()));
      if (f.kind === 'reply') g.replies++;
      if (f.kind === 'closed') g.closed++;
      if (f.kind !== 'first_response') g.conversations.add(f.conversation_id);
      if (f.kind === 'first_response') g.firstResponse.add(f);
      if (f.kind === 'closed') g.resolution.add(f);
    }
  }
  const users = await namesOf(k, 'users', byUser.keys());
  const teams = await namesOf(k, 'teams', byTeam.keys());
  const most = (a: AgentFigures, b: AgentFigures) => b.conversations - a.conversations || b.replies - a.replies;
  return {
    range,
    agents: [...byUser]
      .map(([userId, g]) => ({ userId, name: users.get(userId) ?? '', ...g.out() }))
      .sort((a, b) => most(a, b) || a.name.localeCompare(b.name)),
    teams: [...byTeam]
      .map(([teamId, g]) => ({ teamId, name: teams.get(teamId) ?? '', ...g.out() }))
      .sort((a, b) => most(a, b) || a.name.localeCompare(b.name)),
  };
}
