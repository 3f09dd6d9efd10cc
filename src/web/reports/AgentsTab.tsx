/** Agents and teams (F-REPORT.1): who answered and closed how many conversations, how fast. */
import type { AgentFigures, AgentsReport } from '../../common/report-api.js';
import { useReportT } from './texts.js';
import { statsOf } from './durations.js';
import type { ReportTabProps } from './ReportView.js';
import { CountCell, ReportTable, StatsCells, useStatColumns, type ColumnGroup } from './ReportTable.js';

export const agentsEmpty = (r: AgentsReport) => ![...r.agents, ...r.teams].some((a) => a.conversations || a.replies || a.closed);

export function AgentsTab({ data, filters, csv, drill }: ReportTabProps<'agents'>) {
  const { t } = useReportT();
  const stats = useStatColumns();
  const groups = (first: string): ColumnGroup[] => [
    { columns: [{ label: first }] },
    { columns: [{ label: t('reports.col.conversations'), help: t('reports.def.conversations'), numeric: true }] },
    { columns: [{ label: t('reports.col.replies'), help: t('reports.def.replies'), numeric: true }] },
    { columns: [{ label: t('reports.col.closed'), numeric: true }] },
    { label: t('reports.firstResponse'), help: t('reports.def.firstResponse'), columns: stats },
    { label: t('reports.resolution'), help: t('reports.def.resolution'), columns: stats },
  ];
  const note = t(filters.time === 'business' ? 'reports.note.business' : 'reports.note.calendar');
  const cells = (name: string, row: AgentFigures, scope: { userId?: string; teamId?: string }) => (
    <>
      <CountCell n={row.conversations} />
      <CountCell
        n={row.replies}
        title={`${t('reports.col.replies')} · ${name}`}
        onOpen={() => drill(`${t('reports.col.replies')} · ${name}`, { kind: 'reply', ...scope })}
      />
      <CountCell
        n={row.closed}
        title={`${t('reports.col.closed')} · ${name}`}
        onOpen={() => drill(`${t('reports.col.closed')} · ${name}`, { kind: 'closed', ...scope })}
      />
      <StatsCells stats={statsOf(row.firstResponse, filters.time)} />
      <StatsCells stats={statsOf(row.resolution, filters.time)} />
    </>
  );

  return (
    <>
      <ReportTable
        title={t('reports.agents.title')}
        note={note}
        csv={csv('agents', t('reports.agents.title'))}
        groups={groups(t('reports.col.agent'))}
      >
        {data.agents.map((a) => (
          <tr key={a.userId} data-user={a.userId}>
            <th scope="row">{a.name}</th>
            {cells(a.name, a, { userId: a.userId })}
          </tr>
        ))}
      </ReportTable>
      {data.teams.length > 0 && (
        <ReportTable
          title={t('reports.teams.title')}
          note={note}
          csv={csv('teams', t('reports.teams.title'))}
          groups={groups(t('reports.col.team'))}
        >
          {data.teams.map((team) => (
            <tr key={team.teamId}>
              <th scope="row">{team.name}</th>
              {cells(team.name, team, { teamId: team.teamId })}
            </tr>
          ))}
        </ReportTable>
      )}
    </>
  );
}
