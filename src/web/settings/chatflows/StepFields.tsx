/** A step's form by its kind: message, email capture, set property, create ticket, webhook, hand-over and end here; question and branch beside. */
import type { ChatflowStep } from '../../../common/chatflow.js';
import { useT } from '../../i18n/index.js';
import { usePipelines } from '../../state/crm-queries.js';
import { useSession } from '../../state/session.js';
import { Field } from '../../ui/Field.js';
import { GoTo, NextField } from './GoTo.js';
import { BranchFields, QuestionFields, type Marks } from './QuestionBranchFields.js';

type Of<K extends ChatflowStep['type']> = Extract<ChatflowStep, { type: K }>;

function TextField({ label, value, onChange, error }: { label: string; value: string; onChange(v: string): void; error?: string }) {
  return (
    <Field label={label} error={error}>
      <textarea rows={2} value={value} onChange={(e) => onChange(e.target.value)} />
    </Field>
  );
}

function TicketFields({ step, onChange, marks }: { step: Of<'create_ticket'>; onChange(s: Of<'create_ticket'>): void; marks: Marks }) {
  const t = useT();
  const pipelines = usePipelines().data?.items ?? [];
  const pipeline = pipelines.find((p) => p.id === step.pipelineId);
  return (
    <>
      <Field label={t('chatflows.field.ticketTitle')} error={marks.title}>
        <input value={step.title} onChange={(e) => onChange({ ...step, title: e.target.value })} />
      </Field>
      <div className="chatflow-pair">
        <Field label={t('chatflows.field.pipeline')} error={marks.pipelineId}>
          <select value={step.pipelineId} onChange={(e) => onChange({ ...step, pipelineId: e.target.value, stageId: undefined })}>
            {!pipeline && <option value={step.pipelineId}>{t('chatflows.goto.choose')}</option>}
            {pipelines.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('chatflows.field.stage')} error={marks.stageId}>
          <select value={step.stageId ?? ''} onChange={(e) => onChange({ ...step, stageId: e.target.value || undefined })}>
            <option value="">{t('chatflows.field.firstStage')}</option>
            {pipeline?.stages.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
    </>
  );
}

function WebhookFields({ step, onChange, marks }: { step: Of<'webhook'>; onChange(s: Of<'webhook'>): void; marks: Marks }) {
  const t = useT();
  const rows = Object.entries(step.branches ?? {});
  const setRows = (r: [string, string][]) => onChange({ ...step, branches: r.length ? Object.fromEntries(r) : undefined });
  return (
    <>
      <Field label={t('chatflows.field.url')} hint={t('chatflows.field.urlHint')} error={marks.url}>
        <input type="url" value={step.url} onChange={(e) => onChange({ ...step, url: e.target.value })} />
      </Field>
      <fieldset className="chatflow-rows">
        <legend>{t('chatflows.field.webhookBranches')}</legend>
        {rows.map(([k, v], i) => (
          <div key={i} className="chatflow-row">
            <Field label={t('chatflows.field.branchName', { n: i + 1 })}>
              <input value={k} onChange={(e) => setRows(rows.map((r, j) => (j === i ? [e.target.value, r[1]] : r)))} />
            </Field>
            <GoTo
              label={t('chatflows.field.caseGoTo', { n: i + 1 })}
              value={v || undefined}
              self={step.id}
              empty="choose"
              error={marks[`branches.${k}`]}
              onChange={(next) => setRows(rows.map((r, j) => (j === i ? [r[0], next ?? ''] : r)))}
            />
            <button
              type="button"
              className="btn small"
              aria-label={t('chatflows.field.removeCase', { n: i + 1 })}
              onClick={() => setRows(rows.filter((_, j) => j !== i))}
            >
              {t('chatflows.remove')}
            </button>
          </div>
        ))}
        <button type="button" className="btn small" onClick={() => setRows([...rows, [`branch_${rows.length + 1}`, '']])}>
          {t('chatflows.field.addCase')}
        </button>
      </fieldset>
    </>
  );
}

function HandoffFields({ step, onChange, marks }: { step: Of<'handoff'>; onChange(s: Of<'handoff'>): void; marks: Marks }) {
  const t = useT();
  const { teams, users } = useSession();
  const chosen = step.userIds ?? [];
  const toggle = (id: string) => {
    const next = chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id];
    onChange({ ...step, userIds: next.length ? next : undefined });
  };
  return (
    <>
      <Field label={t('chatflows.field.team')} error={marks.teamId}>
        <select value={step.teamId ?? ''} onChange={(e) => onChange({ ...step, teamId: e.target.value || undefined })}>
          <option value="">{t('chatflows.field.noTeam')}</option>
          {teams.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="chatflow-users">
        <legend>{t('chatflows.field.users')}</legend>
        {users.map((u) => (
          <label key={u.id}>
            <input type="checkbox" checked={chosen.includes(u.id)} onChange={() => toggle(u.id)} />
            {u.name}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={!!step.toOwner} onChange={(e) => onChange({ ...step, toOwner: e.target.checked || undefined })} />
        {t('chatflows.field.toOwner')}
      </label>
      <GoTo
        label={t('chatflows.field.nobodyAvailable')}
        value={step.nobodyAvailable}
        self={step.id}
        empty="waitInInbox"
        error={marks.nobodyAvailable}
        onChange={(nobodyAvailable) => onChange({ ...step, nobodyAvailable })}
      />
    </>
  );
}

export function StepFields({ step, onChange, marks }: { step: ChatflowStep; onChange(s: ChatflowStep): void; marks: Marks }) {
  const t = useT();
  const next = 'next' in step && <NextField step={step} error={marks.next} onChange={onChange} />;
  switch (step.type) {
    case 'question':
      return <QuestionFields step={step} onChange={onChange} marks={marks} />;
    case 'branch':
      return <BranchFields step={step} onChange={onChange} marks={marks} />;
    case 'message':
    case 'capture_email':
      return (
        <>
          <TextField
            label={t(`chatflows.field.text.${step.type}`)}
            value={step.text}
            error={marks.text}
            onChange={(text) => onChange({ ...step, text })}
          />
          {next}
        </>
      );
    case 'set_property':
      return (
        <>
          <div className="chatflow-pair">
            <Field label={t('chatflows.field.property')} error={marks.key}>
              <input value={step.key} onChange={(e) => onChange({ ...step, key: e.target.value })} />
            </Field>
            <Field label={t('chatflows.field.value')} error={marks.value}>
              <input value={step.value} onChange={(e) => onChange({ ...step, value: e.target.value })} />
            </Field>
          </div>
          {next}
        </>
      );
    case 'create_ticket':
      return (
        <>
          <TicketFields step={step} onChange={onChange} marks={marks} />
          {next}
        </>
      );
    case 'webhook':
      return (
        <>
          <WebhookFields step={step} onChange={onChange} marks={marks} />
          {next}
        </>
      );
    case 'handoff':
      return <HandoffFields step={step} onChange={onChange} marks={marks} />;
    case 'end':
      return (
        <TextField
          label={t('chatflows.field.text.end')}
          value={step.text ?? ''}
          error={marks.text}
          onChange={(text) => onChange({ ...step, text: text || undefined })}
        />
      );
  }
}
