/** The forms of the two steps with ways of their own: a question (buttons or a typed answer) and a branch (cases and otherwise). */
import type { ChatflowStep } from '../../../common/chatflow.js';
import { answerKinds, CHATFLOW_LIMITS } from '../../../common/chatflow.js';
import { useT } from '../../i18n/index.js';
import { Field } from '../../ui/Field.js';
import { GoTo, NextField } from './GoTo.js';
import { defaultHours, HoursFields } from './TriggerFields.js';

type Question = Extract<ChatflowStep, { type: 'question' }>;
type Branch = Extract<ChatflowStep, { type: 'branch' }>;
/** Each field's error (the server's, or a problem of the flow), by its path in the step. */
export type Marks = Record<string, string | undefined>;

export function QuestionFields({ step, onChange, marks }: { step: Question; onChange(s: Question): void; marks: Marks }) {
  const t = useT();
  const buttons = step.buttons ?? [];
  const typed = !step.buttons;
  const setButtons = (b: NonNullable<Question['buttons']>) => onChange({ ...step, buttons: b });
  return (
    <>
      <Field label={t('chatflows.field.question')} error={marks.text}>
        <textarea rows={2} value={step.text} onChange={(e) => onChange({ ...step, text: e.target.value })} />
      </Field>
      <Field label={t('chatflows.field.answerMode')} error={marks.input}>
        <select
          value={typed ? 'typed' : 'buttons'}
          onChange={(e) =>
            onChange(
              e.target.value === 'typed' ? { ...step, buttons: undefined, input: 'any' } : { ...step, buttons: [], input: undefined },
            )
          }
        >
          <option value="buttons">{t('chatflows.field.answerButtons')}</option>
          <option value="typed">{t('chatflows.field.answerTyped')}</option>
        </select>
      </Field>
      {typed ? (
        <Field label={t('chatflows.field.inputKind')}>
          <select value={step.input ?? 'any'} onChange={(e) => onChange({ ...step, input: e.target.value as Question['input'] })}>
            {answerKinds.map((k) => (
              <option key={k} value={k}>
                {t(`chatflows.input.${k}`)}
              </option>
            ))}
          </select>
        </Field>
      ) : (
        <fieldset className="chatflow-rows">
          <legend>{t('chatflows.field.buttons')}</legend>
          {buttons.map((b, i) => (
            <div key={i} className="chatflow-row" data-button-row={i}>
              <Field label={t('chatflows.field.buttonLabel', { n: i + 1 })} error={marks[`buttons.${i}.label`]}>
                <input
                  value={b.label}
                  onChange={(e) => setButtons(buttons.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))}
                />
              </Field>
              <GoTo
                label={t('chatflows.field.buttonGoTo', { n: i + 1 })}
                value={b.next}
                self={step.id}
                empty="questionNext"
                error={marks[`buttons.${i}.next`]}
                onChange={(next) => setButtons(buttons.map((x, j) => (j === i ? { ...x, next } : x)))}
              />
              <button
                type="button"
                className="btn small"
                aria-label={t('chatflows.field.removeButton', { n: i + 1 })}
                onClick={() => setButtons(buttons.filter((_, j) => j !== i))}
              >
                {t('chatflows.remove')}
              </button>
            </div>
          ))}
          {buttons.length < CHATFLOW_LIMITS.buttons && (
            <button type="button" className="btn small" onClick={() => setButtons([...buttons, { label: '' }])}>
              {t('chatflows.field.addButton')}
            </button>
          )}
        </fieldset>
      )}
      <div className="chatflow-pair">
        <Field label={t('chatflows.field.saveAs')} hint={t('chatflows.field.saveAsHint')} error={marks.saveAs}>
          <input value={step.saveAs ?? ''} onChange={(e) => onChange({ ...step, saveAs: e.target.value || undefined })} />
        </Field>
        <Field label={t('chatflows.field.timeout')} error={marks.timeoutMinutes}>
          <input
            type="number"
            min={1}
            max={1440}
            placeholder="10"
            value={step.timeoutMinutes ?? ''}
            onChange={(e) => onChange({ ...step, timeoutMinutes: e.target.value ? Number(e.target.value) : undefined })}
          />
        </Field>
      </div>
      <NextField step={step} error={marks.next} onChange={onChange} />
    </>
  );
}

/** The values a case compares with when the branch is on availability or the hours. */
const fixedValues = { availability: ['available', 'away'], hours: ['open', 'closed'], business_hours: ['open', 'closed'] } as const;

export function BranchFields({ step, onChange, marks }: { step: Branch; onChange(s: Branch): void; marks: Marks }) {
  const t = useT();
  const on = step.on;
  const setCases = (cases: Branch['cases']) => onChange({ ...step, cases });
  const fixed = on.kind === 'answer' || on.kind === 'property' ? null : fixedValues[on.kind];
  return (
    <>
      <Field label={t('chatflows.field.branchOn')}>
        <select
          value={on.kind}
          onChange={(e) => {
            const kind = e.target.value as Branch['on']['kind'];
            const next: Branch['on'] =
              kind === 'property' ? { kind, key: '' } : kind === 'hours' ? { kind, hours: defaultHours() } : { kind };
            const values = kind === 'answer' || kind === 'property' ? null : fixedValues[kind];
            onChange({ ...step, on: next, cases: values ? step.cases.map((c, i) => ({ ...c, equals: values[i % 2]! })) : step.cases });
          }}
        >
          {(['answer', 'property', 'availability', 'hours', 'business_hours'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`chatflows.branch.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      {on.kind === 'property' && (
        <Field label={t('chatflows.field.property')} error={marks['on.key']}>
          <input value={on.key} onChange={(e) => onChange({ ...step, on: { ...on, key: e.target.value } })} />
        </Field>
      )}
      {on.kind === 'hours' && <HoursFields hours={on.hours} onChange={(hours) => onChange({ ...step, on: { ...on, hours } })} />}
      <fieldset className="chatflow-rows">
        <legend>{t('chatflows.field.cases')}</legend>
        {step.cases.map((c, i) => (
          <div key={i} className="chatflow-row">
            <Field label={t('chatflows.field.caseEquals', { n: i + 1 })} error={marks[`cases.${i}.equals`]}>
              {fixed ? (
                <select
                  value={c.equals}
                  onChange={(e) => setCases(step.cases.map((x, j) => (j === i ? { ...x, equals: e.target.value } : x)))}
                >
                  {fixed.map((v) => (
                    <option key={v} value={v}>
                      {t(`chatflows.value.${v}`)}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  value={c.equals}
                  onChange={(e) => setCases(step.cases.map((x, j) => (j === i ? { ...x, equals: e.target.value } : x)))}
                />
              )}
            </Field>
            <GoTo
              label={t('chatflows.field.caseGoTo', { n: i + 1 })}
              value={c.next || undefined}
              self={step.id}
              empty="choose"
              error={marks[`cases.${i}.next`]}
              onChange={(next) => setCases(step.cases.map((x, j) => (j === i ? { ...x, next: next ?? '' } : x)))}
            />
            {step.cases.length > 1 && (
              <button
                type="button"
                className="btn small"
                aria-label={t('chatflows.field.removeCase', { n: i + 1 })}
                onClick={() => setCases(step.cases.filter((_, j) => j !== i))}
              >
                {t('chatflows.remove')}
              </button>
            )}
          </div>
        ))}
        {step.cases.length < CHATFLOW_LIMITS.cases && (
          <button type="button" className="btn small" onClick={() => setCases([...step.cases, { equals: fixed?.[0] ?? '', next: '' }])}>
            {t('chatflows.field.addCase')}
          </button>
        )}
      </fieldset>
      <GoTo
        label={t('chatflows.field.otherwise')}
        value={step.otherwise}
        self={step.id}
        empty="end"
        error={marks.otherwise}
        onChange={(otherwise) => onChange({ ...step, otherwise })}
      />
    </>
  );
}
