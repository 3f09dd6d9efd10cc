/** Agents and teams (F-REPORT.1): conversations handled, replies, closed, first response and resolution times. */
import type { AgentFigures, AgentsReport, ReportRange } from '../../common/report-api.js';
import type { Db } from '../db/database.js';
import { namesOf, type FactScope } from './facts.js';
import { addTimes, partsOf } from './parts.js';
import { TimeList } from './stats.js';

class Figures {
  conversations = 0;
  replies = 0;
  closed = 0;
  firstResponse = new TimeList();
  resolution = new TimeList();
  out(): AgentFigures {
    const { conversations, replies, closed } = this;
    return { conversations, replies, closed, firstResponse: this.firstResponse.stats(), resolution: this.resolution.stats() };
  }
}

export async function agentsReport(k: Db, range: ReportRange, scope: FactScope): Promise<AgentsReport> {
  // Per person, and per team unless the viewer sees only their own figures: each from its coarsest rollups.
  const [perUser, perTeam] = await partsOf(k, ['first_response', 'reply', 'closed'], scope, range.start, range.end, {
    byPerson: true,
    longest: 'year',
    when: false,
    timed: ['first_response', 'closed'],
    groupings: scope.userId ? [['user_id']] : [['user_id'], ['team_id']],
  });
  const byUser = new Map<string, Figures>();
  const byTeam = new Map<string, Figures>();
  const groupOf = (m: Map<string, Figures>, key: string) => {
    let g = m.get(key);
    if (!g) m.set(key, (g = new Figures()));
    return g;
  };
  for (const [m, parts, key] of [
    [byUser, perUser!, 'user_id'],
    [byTeam, perTeam ?? [], 'team_id'],
  ] as const)
    for (const p of parts) {
      const id = p[key];
      if (!id) continue;
      const g = groupOf(m, id);
      if (p.kind === 'reply') {
        g.replies += p.n;
        // A person's first reply in a conversation: one conversation they handled.
        if (p.detail === 'first') g.conversations += p.n;
      } else if (p.kind === 'closed') {
        g.closed += p.n;
        addTimes(g.resolution, p);
      } else addTimes(g.firstResponse, p);
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
