/**
 * The chat channel wizard: creates a channel, or edits an existing one (same steps, prefilled;
 * saving sends only a PATCH, and open pages pick the changes up at once). Live preview alongside.
 */
import { useState } from 'react';
import { api, fieldErrors } from '../../api/http.js';
import { Modal } from '../../ui/Modal.js';
import { useSession } from '../../state/session.js';
import { ChatPreview } from './ChatPreview.js';
import { ChatWizardStep, stepKeys } from './ChatWizardSteps.js';
import { audienceComplete, blankDraft, draftOf, routingChanged, routingOf, settingsOf, type Chat, type Draft } from './draft.js';
import { ChatInstall } from './SendToDeveloper.js';
import { useT } from '../../i18n/index.js';

export function ChatWizard({
  existing,
  inboxId,
  onClose,
  onSaved,
}: {
  existing?: Chat;
  /** A new channel's inbox to start with (the first inbox when not given). */
  inboxId?: string;
  onClose(): void;
  onSaved(c: Chat): void;
}) {
  const t = useT();
  const { inboxes } = useSession();
  const [was] = useState<Draft>(() => (existing ? draftOf(existing) : blankDraft(inboxId ?? inboxes[0]?.id ?? '')));
  const [d, setD] = useState<Draft>(was);
  const [step, setStepNow] = useState(0);
  /** The preview as when nobody is available (the email-capture message): on by itself on the Away step. */
  const [showAway, setShowAway] = useState(false);
  /** A new channel once published: its tracking code, to copy or send to a developer. */
  const [published, setPublished] = useState<Chat | null>(null);
  const setStep = (n: number) => {
    setStepNow(n);
    if (stepKeys[n] === 'chat.step.away') setShowAway(true);
  };
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (p: Partial<Draft>) => setD((x) => ({ ...x, ...p }));
  const last = stepKeys.length - 1;
  const canGoOn = Boolean(d.name.trim() && d.inboxId) && audienceComplete(d);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      if (existing) {
        const body = { name: d.name, settings: settingsOf(d), ...(routingChanged(d, was) ? { routing: routingOf(d) } : {}) };
        onSaved(await api.patch<Chat>(`/channels/${encodeURIComponent(existing.id)}`, body));
        return;
      }
      const c = await api.post<Chat>(`/inboxes/${encodeURIComponent(d.inboxId)}/channels`, {
        kind: 'chat',
        name: d.name,
        settings: settingsOf(d),
      });
      setPublished(
        d.routing === 'specific' ? await api.patch<Chat>(`/channels/${encodeURIComponent(c.id)}`, { routing: routingOf(d) }) : c,
      );
    } catch (e) {
      const f = fieldErrors(e);
      setError(
        Object.entries(f)
          .map(([k, v]) => `${k}: ${v}`)
          .join('; ') || String((e as Error).message),
      );
    } finally {
      setBusy(false);
    }
  };

  if (published)
    return (
      <Modal title={t('chat.publishedTitle', { name: published.name })} onClose={() => onSaved(published)} wide>
        <ChatInstall chat={published} />
        <div className="form-actions">
          <button type="button" className="btn primary" onClick={() => onSaved(published)}>
            {t('chat.done')}
          </button>
        </div>
      </Modal>
    );

  return (
    <Modal title={existing ? t('chat.editTitle', { name: existing.name }) : t('chat.new')} onClose={onClose} wide>
      <ol className="chat-steps" aria-label={t('chat.steps')}>
        {stepKeys.map((k, i) => (
          <li key={k} aria-current={i === step ? 'step' : undefined}>
            {/* Editing: any step can be opened directly. */}
            {existing && canGoOn ? (
              <button type="button" onClick={() => setStep(i)}>
                {i + 1}. {t(k)}
              </button>
            ) : (
              <>
                {i + 1}. {t(k)}
              </>
            )}
          </li>
        ))}
      </ol>
      <div className="chat-wizard">
        <div className="chat-form">
          <ChatWizardStep step={step} d={d} set={set} editing={Boolean(existing)} />
          {existing && step === last && <ChatInstall chat={existing} />}
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="chat-preview-side">
          <ChatPreview d={d} away={showAway} />
          <label className="inline small">
            <input type="checkbox" checked={showAway} onChange={(e) => setShowAway(e.target.checked)} /> {t('chat.preview.showAway')}
          </label>
        </div>
      </div>
      <div className="form-actions">
        <button type="button" className="btn" onClick={step === 0 ? onClose : () => setStep(step - 1)}>
          {step === 0 ? t('chat.cancel') : t('chat.back')}
        </button>
        {existing && step < last && (
          <button type="button" className="btn" disabled={!canGoOn || busy} onClick={() => void save()}>
            {t('chat.save')}
          </button>
        )}
        {step < last ? (
          <button type="button" className="btn primary" disabled={!canGoOn} onClick={() => setStep(step + 1)}>
            {t('chat.next')}
          </button>
        ) : (
          <button type="button" className="btn primary" disabled={busy} onClick={() => void save()}>
            {existing ? t('chat.save') : t('chat.publish')}
          </button>
        )}
      </div>
    </Modal>
  );
}
