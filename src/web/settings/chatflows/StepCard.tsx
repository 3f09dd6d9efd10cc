/** One step of the flow as a card: its number and kind, its problems, its form, and move up / down / delete. */
import type { ChatflowStep, FlowProblem } from '../../../common/chatflow.js';
import { useT, type Translate } from '../../i18n/index.js';
import type { Marks } from './QuestionBranchFields.js';
import { StepFields } from './StepFields.js';
import { problemKind } from './steps.js';

/** A problem as a sentence, naming the step by its number. */
export function problemText(t: Translate, p: FlowProblem, n: number | null): string {
  const kind = problemKind(p);
  if (kind === 'empty') return t('chatflows.problem.empty');
  if (kind === 'other') return `${t('chatflows.stepN', { n: n ?? 0 })}: ${p.field} ${p.message}`;
  const to = /\("(.*)"\)/.exec(p.message)?.[1] ?? '';
  return t(`chatflows.problem.${kind}`, { n: n ?? 0, to });
}

/** A problem marked on the field it is about (a go-to naming no step, a case without one). */
function markOf(t: Translate, p: FlowProblem): string | undefined {
  const kind = problemKind(p);
  return kind === 'missing' ? t('chatflows.mark.missing') : kind === 'noTarget' ? t('chatflows.mark.choose') : undefined;
}

export function StepCard(props: {
  step: ChatflowStep;
  index: number;
  count: number;
  problems: FlowProblem[];
  /** The server's field errors of this step (from the last save). */
  errors: Record<string, string>;
  onChange(s: ChatflowStep): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}) {
  const t = useT();
  const { step, index, problems } = props;
  const n = index + 1;
  const marks: Marks = { ...props.errors };
  for (const p of problems) marks[p.field] ??= markOf(t, p);
  const cardLevel = problems.filter((p) => !markOf(t, p));
  const headId = `chatflow-step-${step.id}-head`;
  return (
    <li
      className={`chatflow-step${problems.length || Object.keys(props.errors).length ? ' has-problem' : ''}`}
      data-step-type={step.type}
      data-step-id={step.id}
      id={`chatflow-step-${step.id}`}
      aria-labelledby={headId}
      tabIndex={-1}
    >
      <header className="chatflow-step-head">
        <h3 id={headId}>
          <span className="chatflow-step-n">{n}</span> {t(`chatflows.type.${step.type}`)}
        </h3>
        <span className="small muted mono">{step.id}</span>
        <div className="row-actions">
          <button
            type="button"
            className="btn small"
            disabled={index === 0}
            data-move="-1"
            aria-label={t('chatflows.moveUp', { n })}
            onClick={() => props.onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="btn small"
            disabled={index === props.count - 1}
            data-move="1"
            aria-label={t('chatflows.moveDown', { n })}
            onClick={() => props.onMove(1)}
          >
            ↓
          </button>
          <button type="button" className="btn small danger" aria-label={t('chatflows.deleteStep', { n })} onClick={props.onRemove}>
            {t('common.delete')}
          </button>
        </div>
      </header>
      {index === 0 && <p className="small muted">{t('chatflows.firstStep')}</p>}
      {(cardLevel.length > 0 || props.errors.id) && (
        <ul className="chatflow-step-problems">
          {cardLevel.map((p, i) => (
            <li key={i} className="field-error">
              {problemText(t, p, n)}
            </li>
          ))}
          {props.errors.id && <li className="field-error">{props.errors.id}</li>}
        </ul>
      )}
      <div className="chatflow-step-body">
        <StepFields step={step} onChange={props.onChange} marks={marks} />
      </div>
    </li>
  );
}
