/**
 * The form builder (Settings › Inboxes › Forms › New form / Edit): the name and language, the fields in
 * order (add, remove, move up or down; kind, label, help, required, choices), the confirmation, a
 * ticket per submission (pipeline, stage), the websites that may embed it, and on or off.
 */
import { useState } from 'react';
import type { FormFieldKind, FormFieldOut, FormOut } from '../../../common/api.js';
import { customFieldKinds, FORM_LIMITS } from '../../../common/form-api.js';
import { formTexts } from '../../../common/form-texts.js';
import { api } from '../../api/http.js';
import { localeNames, useT, type Locale } from '../../i18n/index.js';
import { usePipelines } from '../../state/crm-queries.js';
import { Field } from '../../ui/Field.js';
import { FormDialog } from '../../ui/FormDialog.js';
import { useFormSave } from '../../ui/useFormSave.js';

/** A field as the builder edits it: choices as lines, a key for React that outlives moves. */
interface Draft {
  key: string;
  id?: string;
  kind: FormFieldKind;
  label: string;
  help: string;
  required: boolean;
  choices: string;
}

let nextKey = 0;
const draftOf = (f: FormFieldOut): Draft => ({
  key: `k${nextKey++}`,
  id: f.id,
  kind: f.kind,
  label: f.label,
  help: f.help ?? '',
  required: f.required,
  choices: f.choices.join('\n'),
});
const alwaysOn = (k: FormFieldKind) => k === 'name' || k === 'email';
/** A new form's fields, labelled in the form's language (as the server would make them). */
const defaultsIn = (language: Locale): Draft[] =>
  (['name', 'email', 'subject', 'message'] as const).map((k) =>
    draftOf({ id: k, kind: k, label: formTexts[language].defaultLabels[k], help: null, required: k !== 'subject', choices: [] }),
  );
const builtIn = (k: FormFieldKind) => alwaysOn(k) || k === 'subject' || k === 'message';

function FieldEditor(props: {
  d: Draft;
  index: number;
  count: number;
  error?: string;
  onChange(d: Draft): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}) {
  const t = useT();
  const { d } = props;
  const set = (patch: Partial<Draft>) => props.onChange({ ...d, ...patch });
  const name = d.label || t(`forms.kind.${d.kind}`);
  return (
    <li className="box forms-field" data-field-kind={d.kind}>
      <div className="forms-field-head">
        <span className="chip">{t(`forms.kind.${d.kind}`)}</span>
        <div className="row-actions">
          <button
            type="button"
            className="btn small"
            disabled={props.index === 0}
            aria-label={t('forms.field.up', { label: name })}
            onClick={() => props.onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="btn small"
            disabled={props.index === props.count - 1}
            aria-label={t('forms.field.down', { label: name })}
            onClick={() => props.onMove(1)}
          >
            ↓
          </button>
          {!alwaysOn(d.kind) && (
            <button
              type="button"
              className="btn small danger"
              aria-label={t('forms.field.remove', { label: name })}
              onClick={props.onRemove}
            >
              ✕
            </button>
          )}
        </div>
      </div>
      <div className="forms-field-grid">
        {!builtIn(d.kind) && (
          <Field label={t('forms.field.kind')}>
            <select value={d.kind} onChange={(e) => set({ kind: e.target.value as FormFieldKind })}>
              {customFieldKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`forms.kind.${k}`)}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label={t('forms.field.label')} error={props.error}>
          <input value={d.label} maxLength={FORM_LIMITS.label} required onChange={(e) => set({ label: e.target.value })} />
        </Field>
        <Field label={t('forms.field.help')}>
          <input value={d.help} maxLength={FORM_LIMITS.help} onChange={(e) => set({ help: e.target.value })} />
        </Field>
      </div>
      {d.kind === 'choice' && (
        <Field label={t('forms.field.choices')}>
          <textarea rows={3} value={d.choices} onChange={(e) => set({ choices: e.target.value })} />
        </Field>
      )}
      {alwaysOn(d.kind) ? (
        <p className="small muted">{t('forms.field.alwaysRequired')}</p>
      ) : (
        <label className="inline">
          <input type="checkbox" checked={d.required} onChange={(e) => set({ required: e.target.checked })} /> {t('forms.field.required')}
        </label>
      )}
    </li>
  );
}

export function FormBuilder({
  inboxId,
  form,
  onClose,
  onSaved,
}: {
  inboxId: string;
  form: FormOut | null;
  onClose(): void;
  onSaved(): void;
}) {
  const t = useT();
  const pipelines = usePipelines().data?.items ?? [];
  const [name, setName] = useState(form?.name ?? '');
  const [language, setLanguage] = useState<Locale>(form?.language ?? 'en');
  const [fields, setFields] = useState<Draft[]>(() => (form ? form.fields.map(draftOf) : defaultsIn('en')));
  /** A new form's fields follow its language until the admin changes one. */
  const [touched, setTouched] = useState(!!form);
  const [addKind, setAddKind] = useState<FormFieldKind>('text');
  const [confirmation, setConfirmation] = useState(form?.confirmation ?? '');
  const [ticketOn, setTicketOn] = useState(!!form?.ticket);
  const [pipelineId, setPipelineId] = useState(form?.ticket?.pipelineId ?? '');
  const [stageId, setStageId] = useState(form?.ticket?.stageId ?? '');
  const [origins, setOrigins] = useState((form?.allowedOrigins ?? []).join('\n'));
  const [enabled, setEnabled] = useState(form?.enabled ?? true);
  const { errors, busy, submit } = useFormSave(onSaved);

  const shown = fields;
  const change = (next: Draft[]) => {
    setTouched(true);
    setFields(next);
  };
  const chooseLanguage = (l: Locale) => {
    setLanguage(l);
    if (!touched) setFields(defaultsIn(l));
  };
  const pipeline = pipelines.find((p) => p.id === pipelineId) ?? pipelines.find((p) => p.isDefault) ?? pipelines[0];

  const save = submit(async () => {
    const body = {
      name,
      language,
      confirmation,
      allowedOrigins: origins
        .split('\n')
        .map((o) => o.trim())
        .filter(Boolean),
      ticket: ticketOn && pipeline ? { pipelineId: pipeline.id, ...(stageId ? { stageId } : {}) } : null,
      fields: fields.map((d) => ({
        ...(d.id ? { id: d.id } : {}),
        kind: d.kind,
        label: d.label,
        help: d.help,
        required: d.required,
        ...(d.kind === 'choice'
          ? {
              choices: d.choices
                .split('\n')
                .map((c) => c.trim())
                .filter(Boolean),
            }
          : {}),
      })),
    };
    if (form) await api.patch(`/forms/${encodeURIComponent(form.id)}`, { ...body, enabled });
    else await api.post(`/inboxes/${encodeURIComponent(inboxId)}/forms`, body);
  });

  const add = () =>
    change([...fields, { key: `k${nextKey++}`, kind: addKind, label: t(`forms.kind.${addKind}`), help: '', required: false, choices: '' }]);
  const move = (i: number, by: -1 | 1) => {
    const next = [...shown];
    const [d] = next.splice(i, 1);
    next.splice(i + by, 0, d!);
    change(next);
  };

  return (
    <FormDialog title={form ? t('forms.builderEdit') : t('forms.builderNew')} onClose={onClose} onSubmit={save} busy={busy} wide noValidate>
      <div className="forms-builder">
        <div className="forms-field-grid">
          <Field label={t('forms.name')} error={errors.name}>
            <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field label={t('forms.language')} error={errors.language}>
            <select value={language} onChange={(e) => chooseLanguage(e.target.value as Locale)}>
              {(['en', 'nl', 'sv'] as const).map((l) => (
                <option key={l} value={l}>
                  {localeNames[l]}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <fieldset className="forms-fields">
          <legend>{t('forms.fields')}</legend>
          <ol className="stack forms-field-list">
            {shown.map((d, i) => (
              <FieldEditor
                key={d.key}
                d={d}
                index={i}
                count={shown.length}
                error={errors[`fields.${i}.label`] ?? errors[`fields.${i}`] ?? errors[`fields.${i}.choices`]}
                onChange={(nd) => change(shown.map((x) => (x.key === d.key ? nd : x)))}
                onMove={(by) => move(i, by)}
                onRemove={() => change(shown.filter((x) => x.key !== d.key))}
              />
            ))}
          </ol>
          {errors.fields && <p className="field-error">{errors.fields}</p>}
          <div className="action-bar forms-add">
            <label className="sr-only" htmlFor="forms-add-kind">
              {t('forms.addKind')}
            </label>
            <select id="forms-add-kind" value={addKind} onChange={(e) => setAddKind(e.target.value as FormFieldKind)}>
              {customFieldKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`forms.kind.${k}`)}
                </option>
              ))}
            </select>
            <button type="button" className="btn small" disabled={shown.length >= FORM_LIMITS.fields} onClick={add}>
              {t('forms.addField')}
            </button>
          </div>
        </fieldset>
        <Field label={t('forms.confirmation')} hint={t('forms.confirmationHint')} error={errors.confirmation}>
          <textarea rows={2} maxLength={FORM_LIMITS.confirmation} value={confirmation} onChange={(e) => setConfirmation(e.target.value)} />
        </Field>
        <label className="inline">
          <input type="checkbox" checked={ticketOn} onChange={(e) => setTicketOn(e.target.checked)} /> {t('forms.ticket')}
        </label>
        {ticketOn && pipeline && (
          <div className="forms-field-grid">
            <Field label={t('forms.pipeline')} error={errors['ticket.pipelineId'] ?? errors.pipelineId}>
              <select
                value={pipeline.id}
                onChange={(e) => {
                  setPipelineId(e.target.value);
                  setStageId('');
                }}
              >
                {pipelines.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('forms.stage')} error={errors['ticket.stageId'] ?? errors.stageId}>
              <select value={stageId || pipeline.stages[0]?.id || ''} onChange={(e) => setStageId(e.target.value)}>
                {pipeline.stages.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        )}
        <Field label={t('forms.origins')} hint={t('forms.originsHint')} error={errors.allowedOrigins ?? errors['allowedOrigins.0']}>
          <textarea rows={2} value={origins} onChange={(e) => setOrigins(e.target.value)} placeholder="https://www.example.com" />
        </Field>
        {form && (
          <label className="inline">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> {t('forms.enabled')}
          </label>
        )}
      </div>
    </FormDialog>
  );
}
