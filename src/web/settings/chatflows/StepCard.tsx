/**
 * One step of the flow as a card: its number, kind and name (renamed in place), its problems, its
 * form, and move up / down / delete; its handle drags it elsewhere (the buttons do the same by keyboard).
 */
import { useState } from 'react';
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

/** What a dragged step carries: its index (a type of its own, so other drops are ignored). */
const DRAG_TYPE = 'application/x-switchboard-step';

/** The step's name, as go-tos and webhooks know it: changed in place, taken on Enter or leaving the field. */
function StepName(props: { id: string; n: number; problem(id: string): 'format' | 'taken' | null; onRename(id: string): void }) {
  const t = useT();
  const [value, setValue] = useState(props.id);
  const why = value === props.id ? null : props.problem(value);
  const take = () => {
    if (value !== props.id && !why) props.onRename(value);
  };
  const errorId = `chatflow-step-${props.id}-name-error`;
  return (
    <span className="chatflow-step-name">
      <input
        className="mono small"
        value={value}
        size={Math.max(8, value.length)}
        aria-label={t('chatflows.stepName', { n: props.n })}
        aria-invalid={!!why}
        aria-describedby={why ? errorId : undefined}
        data-keeps-escape={value !== props.id ? '' : undefined}
        onChange={(e) => setValue(e.target.value.trim())}
        onBlur={take}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            take();
          }
          if (e.key === 'Escape') setValue(props.id);
        }}
      />
      {why && (
        <span id={errorId} className="field-error small">
          {t(`chatflows.stepName.${why}`)}
        </span>
      )}
    </span>
  );
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
  /** A step dragged onto this one, by its index: it takes this one's place. */
  onDrop(from: number): void;
  /** Why a name cannot be this step's (`taken`, `format`), or null. */
  nameProblem(id: string): 'format' | 'taken' | null;
  onRename(id: string): void;
  onRemove(): void;
}) {
  const t = useT();
  const { step, index, problems } = props;
  const n = index + 1;
  const marks: Marks = { ...props.errors };
  for (const p of problems) marks[p.field] ??= markOf(t, p);
  const cardLevel = problems.filter((p) => !markOf(t, p));
  const headId = `chatflow-step-${step.id}-head`;
  const [over, setOver] = useState(false);
  return (
    <li
      className={`chatflow-step${problems.length || Object.keys(props.errors).length ? ' has-problem' : ''}${over ? ' is-drop-target' : ''}`}
      data-step-type={step.type}
      data-step-id={step.id}
      id={`chatflow-step-${step.id}`}
      aria-labelledby={headId}
      tabIndex={-1}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        const from = Number(e.dataTransfer.getData(DRAG_TYPE));
        if (e.dataTransfer.types.includes(DRAG_TYPE) && Number.isInteger(from)) {
          e.preventDefault();
          props.onDrop(from);
        }
      }}
    >
      <header className="chatflow-step-head">
        <span
          className="chatflow-drag"
          draggable
          title={t('chatflows.drag')}
          aria-hidden="true"
          onDragStart={(e) => {
            e.dataTransfer.setData(DRAG_TYPE, String(index));
            e.dataTransfer.effectAllowed = 'move';
            const card = e.currentTarget.closest('li');
            if (card) e.dataTransfer.setDragImage(card, 16, 16);
          }}
        >
          ⠿
        </span>
        <h3 id={headId}>
          <span className="chatflow-step-n">{n}</span> {t(`chatflows.type.${step.type}`)}
        </h3>
        <StepName id={step.id} n={n} problem={props.nameProblem} onRename={props.onRename} />
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
