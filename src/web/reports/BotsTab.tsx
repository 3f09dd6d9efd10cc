/**
 * Bot performance (F-REPORT.4): per chatflow how many conversations it started, completed, handed over,
 * had taken over and where it caught an email address; then each flow's funnel: how many reached each
 * step, in the flow's order. Admins see the steps named from the flow itself.
 */
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ChatflowOut, ChatflowStep } from '../../common/chatflow.js';
import type { BotsReport } from '../../common/report-api.js';
import { api } from '../api/http.js';
import { isMessageKey } from '../i18n/index.js';
import { useReportT, type ReportT } from './texts.js';
import { useSession } from '../state/session.js';
import { Chart } from './Chart.js';
import { funnelChart } from './chart-options.js';
import { formatPercent } from './durations.js';
import type { ReportTabProps } from './ReportView.js';
import { CountCell, ReportTable } from './ReportTable.js';

type Flow = BotsReport['flows'][number];

export const botsEmpty = (r: BotsReport) => !r.flows.some((f) => f.started);

export function BotsTab({ data, csv, drill }: ReportTabProps<'bots'>) {
  const { t } = useReportT();
  const { isAdmin } = useSession();
  const flows = data.flows.filter((f) => f.started || f.steps.some((s) => s.reached));
  // The flows' steps by id, to name them (the flows are admins' to read).
  const definitions = useQueries({
    queries: flows.map((f) => ({
      queryKey: ['reports', 'chatflow', f.flowId],
      queryFn: () => api.get<ChatflowOut>(`/chatflows/${encodeURIComponent(f.flowId)}`, {}, { quiet: [403, 404] }),
      enabled: isAdmin,
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const stepsOf = (i: number) => new Map((definitions[i]?.data?.draft.steps ?? []).map((s) => [s.id, s]));
  const started = t('reports.bots.started');
  const email = t('reports.bots.emailCaptured');

  return (
    <>
      <ReportTable
        title={t('reports.bots.flows')}
        csv={
          <span className="csv-links">
            {csv('flows', t('reports.bots.flows'))}
            {csv('steps', t('reports.bots.steps'), t('reports.bots.stepsCsv'))}
          </span>
        }
        groups={[
          { columns: [{ label: t('reports.col.flow') }] },
          { columns: [{ label: started, numeric: true }] },
          { columns: [{ label: t('reports.bots.completed'), help: t('reports.def.completed'), numeric: true }] },
          { columns: [{ label: t('reports.bots.handedOver'), help: t('reports.def.handedOver'), numeric: true }] },
          { columns: [{ label: t('reports.bots.takenOver'), help: t('reports.def.takenOver'), numeric: true }] },
          { columns: [{ label: email, numeric: true }] },
        ]}
      >
        {flows.map((f) => (
          <tr key={f.flowId}>
            <th scope="row">{f.name}</th>
            <CountCell
              n={f.started}
              title={`${started} · ${f.name}`}
              onOpen={() => drill(`${started} · ${f.name}`, { kind: 'bot_started', flowId: f.flowId })}
            />
            <CountCell n={f.completed} />
            <CountCell n={f.handedOver} />
            <CountCell n={f.takenOver} />
            <CountCell
              n={f.emailCaptured}
              title={`${email} · ${f.name}`}
              onOpen={() => drill(`${email} · ${f.name}`, { kind: 'bot_email', flowId: f.flowId })}
            />
          </tr>
        ))}
      </ReportTable>

      {flows.map((f, i) => (
        <Funnel key={f.flowId} flow={f} steps={stepsOf(i)} drill={drill} />
      ))}
    </>
  );
}

function Funnel(props: { flow: Flow; steps: Map<string, ChatflowStep>; drill: ReportTabProps<'bots'>['drill'] }) {
  const { t, locale } = useReportT();
  const { flow } = props;
  const options = useMemo(() => funnelChart(t, locale, flow.steps.length), [t, locale, flow.steps.length]);
  const chartData = useMemo(() => [flow.steps.map((_, i) => i), flow.steps.map((s) => s.reached)] as [number[], number[]], [flow.steps]);
  const title = t('reports.bots.stepsOf', { flow: flow.name });
  const reached = t('reports.bots.reached');

  return (
    <ReportTable
      title={title}
      groups={[
        { columns: [{ label: '#', numeric: true }] },
        { columns: [{ label: t('reports.col.step') }] },
        { columns: [{ label: reached, help: t('reports.def.reached'), numeric: true }] },
        { columns: [{ label: t('reports.bots.ofStarted'), numeric: true }] },
      ]}
      chart={
        flow.steps.length > 0 && (
          <Chart
            label={t('reports.bots.funnelLabel', { flow: flow.name, n: flow.steps.length })}
            options={options}
            data={chartData}
            height={200}
          />
        )
      }
    >
      {flow.steps.map((s, i) => {
        const name = stepName(s.stepId, props.steps.get(s.stepId), t);
        return (
          <tr key={s.stepId}>
            <td className="num">{i + 1}</td>
            <th scope="row">{name}</th>
            <CountCell
              n={s.reached}
              title={`${reached} · ${name}`}
              onOpen={() => props.drill(`${reached} · ${name}`, { kind: 'bot_step', flowId: flow.flowId, stepId: s.stepId })}
            />
            <td className="num">{formatPercent(s.reached, flow.started, locale)}</td>
          </tr>
        );
      })}
    </ReportTable>
  );
}

/** A step as the builder shows it: its kind and the start of its text; its id when the flow is not at hand. */
function stepName(id: string, step: ChatflowStep | undefined, t: ReportT): string {
  if (!step) return id;
  const key = `chatflows.type.${step.type}`;
  const kind = isMessageKey(key) ? t(key) : step.type;
  const text = 'text' in step && step.text ? step.text : 'title' in step ? step.title : '';
  const short = text.length > 48 ? `${text.slice(0, 47)}…` : text;
  return short ? `${kind}: ${short}` : kind;
}
