/** A "go to" field: a select of the flow's other steps, or the end (when the field may be left empty). */
import { createContext, useContext } from 'react';
import type { ChatflowStep } from '../../../common/chatflow.js';
import { useT, type Translate } from '../../i18n/index.js';
import { Field } from '../../ui/Field.js';

/** The steps a go-to can name, given once by the builder. */
export const StepsContext = createContext<ChatflowStep[]>([]);

/** How a step reads in a select and in a problem: "3. Question: Sales or support?". */
export function stepTitle(t: Translate, steps: ChatflowStep[], id: string): string {
  const i = steps.findIndex((s) => s.id === id);
  if (i < 0) return id;
  const s = steps[i]!;
  const words = 'text' in s && s.text ? s.text : 'title' in s ? s.title : s.id;
  const short = words.length > 40 ? `${words.slice(0, 39)}…` : words;
  return `${i + 1}. ${t(`chatflows.type.${s.type}`)}: ${short}`;
}

export function GoTo(props: {
  label: string;
  value: string | undefined;
  self: string;
  onChange(v: string | undefined): void;
  /** What the empty choice means: the end (an optional field), or "choose a step" (a required one). */
  empty: 'end' | 'choose' | 'questionNext' | 'waitInInbox';
  error?: string;
}) {
  const t = useT();
  const steps = useContext(StepsContext);
  const known = !props.value || steps.some((s) => s.id === props.value);
  return (
    <Field label={props.label} error={props.error}>
      <select value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value || undefined)}>
        <option value="">{t(`chatflows.goto.${props.empty}`)}</option>
        {steps
          .filter((s) => s.id !== props.self)
          .map((s) => (
            <option key={s.id} value={s.id}>
              {stepTitle(t, steps, s.id)}
            </option>
          ))}
        {!known && <option value={props.value}>{t('chatflows.goto.missing', { id: props.value! })}</option>}
      </select>
    </Field>
  );
}

/** A step's "then go to" (empty: the flow ends there), the same field on every kind that has one. */
export function NextField<S extends ChatflowStep & { next?: string }>(props: { step: S; error?: string; onChange(s: S): void }) {
  const t = useT();
  return (
    <GoTo
      label={t('chatflows.field.next')}
      value={props.step.next}
      self={props.step.id}
      empty="end"
      error={props.error}
      onChange={(next) => props.onChange({ ...props.step, next })}
    />
  );
}
