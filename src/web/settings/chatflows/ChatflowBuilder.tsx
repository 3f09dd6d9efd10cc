/**
 * The chatflow builder (Settings › Inboxes › a channel › Chatflows › New flow / Edit): the flow's name,
 * bot name and trigger; its steps in order as cards (add, move up or down or drag, rename, delete); what stops
 * publishing, listed at the top and marked on the steps as the user edits; Save draft, Publish, and
 * Try it, which runs the draft in the browser.
 */
import { useMemo, useState } from 'react';
import type { ChatflowDefinition, ChatflowOut, StepType } from '../../../common/chatflow.js';
import { api, ApiError, fieldErrors } from '../../api/http.js';
import { useT } from '../../i18n/index.js';
import { usePipelines } from '../../state/crm-queries.js';
import { useToast } from '../../state/toasts.js';
import { Field } from '../../ui/Field.js';
import { FormError } from '../../ui/FormError.js';
import { Modal } from '../../ui/Modal.js';
import { StepsContext, stepTitle } from './GoTo.js';
import { problemText, StepCard } from './StepCard.js';
import {
  blankFlow,
  draftProblems,
  errorsByStep,
  moveStep,
  moveStepTo,
  newStep,
  removeStep,
  renameStep,
  replaceStep,
  stepIdProblem,
  stepTypes,
} from './steps.js';
import { TriggerFields } from './TriggerFields.js';
import { TryIt } from './TryIt.js';

/** `pages`: the channel is a website's chat, so a flow may start on some pages only. */
export function ChatflowBuilder(props: { channelId: string; pages: boolean; flow: ChatflowOut | null; onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const pipelines = usePipelines().data?.items ?? [];
  const [saved, setSaved] = useState<ChatflowOut | null>(props.flow);
  const [def, setDef] = useState<ChatflowDefinition>(() => props.flow?.draft ?? blankFlow('', t('chatflows.greeting')));
  const [dirty, setDirty] = useState(!props.flow);
  const [addType, setAddType] = useState<StepType>('message');
  const [errors, setErrors] = useState<ReturnType<typeof errorsByStep>>({ steps: new Map(), other: {} });
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [trying, setTrying] = useState(false);
  /** Closing with unsaved changes asks first (Escape and × too). */
  const [leaving, setLeaving] = useState(false);
  const close = () => (dirty && def.steps.length ? setLeaving(true) : props.onClose());
  const problems = useMemo(() => draftProblems(def), [def]);
  const { steps: stepErrors, other } = errors;
  const edit = (next: ChatflowDefinition) => {
    setDef(next);
    setDirty(true);
    setRefusal(null);
  };

  /** Saves the draft (creating the flow the first time); false when the server refused it. */
  const save = async (): Promise<ChatflowOut | null> => {
    try {
      const out = saved
        ? await api.patch<ChatflowOut>(`/chatflows/${encodeURIComponent(saved.id)}`, { draft: def }, { quiet: [400] })
        : await api.post<ChatflowOut>(`/channels/${encodeURIComponent(props.channelId)}/chatflows`, def, { quiet: [400] });
      setSaved(out);
      setDirty(false);
      setErrors({ steps: new Map(), other: {} });
      return out;
    } catch (e) {
      setErrors(errorsByStep(fieldErrors(e), def));
      setRefusal(Object.keys(fieldErrors(e)).length ? t('chatflows.saveRefused') : (e as Error).message);
      return null;
    }
  };
  const run = (fn: () => Promise<void>) => async () => {
    setBusy(true);
    setRefusal(null);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };
  const saveDraft = run(async () => {
    if (await save()) toast(t('chatflows.draftSaved'));
  });
  const publish = run(async () => {
    const flow = dirty || !saved ? await save() : saved;
    if (!flow) return;
    try {
      const out = await api.post<ChatflowOut>(`/chatflows/${encodeURIComponent(flow.id)}/publish`, {}, { quiet: [400, 409] });
      setSaved(out);
      toast(t('chatflows.published', { name: out.name, version: out.publishedVersion ?? 1 }));
    } catch (e) {
      setRefusal(e instanceof ApiError ? e.english : (e as Error).message);
    }
  });
  const indexOf = (id: string | null) => (id === null ? null : def.steps.findIndex((s) => s.id === id) + 1 || null);
  /** A problem's step brought into view with focus, so its marked field is next. */
  const showStep = (id: string | null) => {
    const card = id && document.getElementById(`chatflow-step-${id}`);
    if (!card) return;
    card.scrollIntoView({ block: 'start' });
    card.focus();
  };
  const title = saved ? t('chatflows.editTitle', { name: saved.name }) : t('chatflows.newTitle');
  return (
    <Modal title={title} onClose={close} wide>
      <div className={`chatflow-builder${trying ? ' is-trying' : ''}`}>
        <div className="chatflow-main">
          <div className="chatflow-pair">
            <Field label={t('chatflows.name')} error={other.name}>
              <input value={def.name} onChange={(e) => edit({ ...def, name: e.target.value })} />
            </Field>
            <Field label={t('chatflows.botName')} hint={t('chatflows.botNameHint')} error={other.botName}>
              <input value={def.botName} onChange={(e) => edit({ ...def, botName: e.target.value })} />
            </Field>
          </div>
          <TriggerFields trigger={def.trigger} pages={props.pages} onChange={(trigger) => edit({ ...def, trigger })} />
          <section className="chatflow-problems" aria-labelledby="chatflow-problems-title" data-problems={problems.length}>
            <h3 id="chatflow-problems-title" role="status">
              {problems.length ? t('chatflows.problemCount', { count: problems.length }) : t('chatflows.noProblems')}
            </h3>
            {problems.length > 0 && (
              <ul>
                {problems.map((p, i) => (
                  <li key={i}>
                    <button type="button" className="chatflow-problem-link" onClick={() => showStep(p.stepId)}>
                      {problemText(t, p, indexOf(p.stepId))}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <StepsContext.Provider value={def.steps}>
            <ol className="chatflow-steps" aria-label={t('chatflows.steps')}>
              {def.steps.map((s, i) => (
                <StepCard
                  key={s.id}
                  step={s}
                  index={i}
                  count={def.steps.length}
                  problems={problems.filter((p) => p.stepId === s.id)}
                  errors={stepErrors.get(s.id) ?? {}}
                  onChange={(step) => {
                    edit(replaceStep(def, i, step));
                    // The server's word on this step was about what it was; it is changed now.
                    if (stepErrors.has(s.id)) setErrors((e) => ({ ...e, steps: new Map([...e.steps].filter(([id]) => id !== s.id)) }));
                  }}
                  onMove={(by) => {
                    edit(moveStep(def, i, by));
                    // Focus stays on the moved step's button (it re-renders in its new place).
                    requestAnimationFrame(() => {
                      const card = document.getElementById(`chatflow-step-${s.id}`);
                      const button = card?.querySelector<HTMLButtonElement>(`button[data-move="${by}"]`);
                      (button && !button.disabled ? button : card)?.focus();
                    });
                  }}
                  onDrop={(from) => edit(moveStepTo(def, from, i))}
                  nameProblem={(id) => stepIdProblem(def, id, s.id)}
                  onRename={(id) => {
                    edit(renameStep(def, s.id, id));
                    // The card is drawn again under its new name: the focus goes back to its name.
                    requestAnimationFrame(() =>
                      document.querySelector<HTMLInputElement>(`#chatflow-step-${CSS.escape(id)} .chatflow-step-name input`)?.focus(),
                    );
                  }}
                  onRemove={() => edit(removeStep(def, i))}
                />
              ))}
            </ol>
          </StepsContext.Provider>
          <div className="chatflow-add">
            <Field label={t('chatflows.addType')}>
              <select value={addType} onChange={(e) => setAddType(e.target.value as StepType)}>
                {stepTypes.map((k) => (
                  <option key={k} value={k}>
                    {t(`chatflows.type.${k}`)}
                  </option>
                ))}
              </select>
            </Field>
            <button
              type="button"
              className="btn"
              onClick={() => edit({ ...def, steps: [...def.steps, newStep(def, addType, pipelines[0])] })}
            >
              {t('chatflows.addStep')}
            </button>
          </div>
          <FormError error={refusal} />
          {saved && (
            <p className="small muted" data-chatflow-version>
              {saved.publishedVersion ? t('chatflows.statePublished', { version: saved.publishedVersion }) : t('chatflows.stateDraft')}
              {dirty ? ` · ${t('chatflows.unsaved')}` : ''}
            </p>
          )}
          {leaving && (
            <div className="chatflow-leave" role="alertdialog" aria-labelledby="chatflow-leave-text">
              <p id="chatflow-leave-text">{t('chatflows.leaveText')}</p>
              <button type="button" className="btn" ref={(el) => el?.focus()} onClick={() => setLeaving(false)}>
                {t('chatflows.keepEditing')}
              </button>
              <button type="button" className="btn danger" onClick={props.onClose}>
                {t('chatflows.leave')}
              </button>
            </div>
          )}
          <div className="form-actions chatflow-actions">
            <button type="button" className="btn" onClick={close}>
              {t('common.close')}
            </button>
            <button type="button" className="btn" aria-pressed={trying} onClick={() => setTrying(!trying)}>
              {t('chatflows.tryIt')}
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => void saveDraft()}>
              {t('chatflows.saveDraft')}
            </button>
            <button
              type="button"
              className="btn primary"
              disabled={busy || problems.length > 0}
              aria-describedby="chatflow-problems-title"
              onClick={() => void publish()}
            >
              {t('chatflows.publish')}
            </button>
          </div>
        </div>
        {trying && <TryIt def={def} stepName={(id) => stepTitle(t, def.steps, id)} onClose={() => setTrying(false)} />}
      </div>
    </Modal>
  );
}
