/** Add or edit an endpoint: its name, URL, the events it wants (grouped, each with a short description) and an optional inbox. */
import { useId, useState } from 'react';
import type { WebhookEventType, WebhookListedOut, WebhookWithSecretOut } from '../../../common/webhook-api.js';
import { webhookEventTypes } from '../../../common/webhook-api.js';
import { api } from '../../api/http.js';
import { useT, type MessageKey } from '../../i18n/index.js';
import { useToast } from '../../state/toasts.js';
import { Field } from '../../ui/Field.js';
import { FormDialog } from '../../ui/FormDialog.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { InboxScopeField } from '../InboxScope.js';

const groups = ['conversation', 'message', 'contact', 'ticket'] as const;
const eventsOf = (group: string) => webhookEventTypes.filter((e) => e.startsWith(`${group}.`));
export const eventLabel = (e: WebhookEventType) => `webhooks.event.${e}` as MessageKey;

export function WebhookDialog(props: {
  hook: WebhookListedOut | null;
  onClose(): void;
  onSaved(): void;
  onCreated(h: WebhookWithSecretOut): void;
}) {
  const t = useT();
  const toast = useToast();
  const { hook } = props;
  const [name, setName] = useState(hook?.name ?? '');
  const [url, setUrl] = useState(hook?.url ?? '');
  const [events, setEvents] = useState<Set<WebhookEventType>>(new Set(hook?.eventTypes ?? []));
  const [inboxId, setInboxId] = useState(hook?.inboxId ?? '');
  const [missing, setMissing] = useState(false);
  const { errors, busy, submit } = useFormSave(props.onClose);
  const id = useId();

  const toggle = (e: WebhookEventType, on: boolean) => {
    setMissing(false);
    setEvents((s) => {
      const next = new Set(s);
      if (on) next.add(e);
      else next.delete(e);
      return next;
    });
  };

  const save = submit(async () => {
    const body = { name, url: url.trim(), eventTypes: webhookEventTypes.filter((e) => events.has(e)), inboxId: inboxId || null };
    if (hook) {
      await api.patch(`/webhooks/${encodeURIComponent(hook.id)}`, body, { quiet: [400] });
      toast(t('webhooks.saved', { name }));
    } else {
      props.onCreated(await api.post<WebhookWithSecretOut>('/webhooks', body, { quiet: [400] }));
      toast(t('webhooks.created', { name }));
    }
    props.onSaved();
  });
  const eventsError = missing ? t('webhooks.eventsMissing') : errors.eventTypes;

  return (
    <FormDialog
      title={hook ? t('webhooks.editTitle') : t('webhooks.create')}
      submitLabel={hook ? undefined : t('webhooks.create')}
      onClose={props.onClose}
      busy={busy}
      wide
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!events.size) return setMissing(true);
        void save(e);
      }}
    >
      <Field label={t('webhooks.name')} error={errors.name}>
        <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label={t('webhooks.url')} error={errors.url} hint={t('webhooks.urlHint')}>
        <input
          required
          type="url"
          inputMode="url"
          placeholder="https://example.com/hooks/switchboard"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
      </Field>
      <fieldset className="webhook-events" aria-describedby={eventsError ? `${id}-err` : `${id}-hint`}>
        <legend>{t('webhooks.events')}</legend>
        <p className="muted small" id={`${id}-hint`}>
          {t('webhooks.eventsHint')}
        </p>
        {groups.map((g) => (
          <div key={g} className="webhook-event-group" role="group" aria-labelledby={`${id}-${g}`}>
            <h3 id={`${id}-${g}`}>{t(`webhooks.group.${g}`)}</h3>
            {eventsOf(g).map((e) => (
              <label key={e} className="webhook-event">
                <input
                  type="checkbox"
                  checked={events.has(e)}
                  onChange={(ev) => toggle(e, ev.target.checked)}
                  aria-describedby={`${id}-${e}`}
                />
                <span>
                  {t(eventLabel(e))}
                  <small className="muted" id={`${id}-${e}`}>
                    {t(`webhooks.event.${e}.hint` as MessageKey)}
                  </small>
                </span>
              </label>
            ))}
          </div>
        ))}
        {eventsError && (
          <small className="field-error" id={`${id}-err`} role="alert">
            {eventsError}
          </small>
        )}
      </fieldset>
      <InboxScopeField
        label={t('webhooks.inbox')}
        allInboxes={t('webhooks.allInboxes')}
        value={inboxId}
        onChange={setInboxId}
        error={errors.inboxId}
        hint={t('webhooks.inboxHint')}
      />
    </FormDialog>
  );
}
