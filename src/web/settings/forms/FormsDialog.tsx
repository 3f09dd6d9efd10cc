/**
 * Settings › Inboxes › Forms (admins): an inbox's support forms, each with its hosted page (open, copy the
 * link) and its embed code (copy); New form and Edit open the builder; Delete asks first.
 */
import { useState } from 'react';
import type { FormOut, InboxOut } from '../../../common/api.js';
import { api } from '../../api/http.js';
import { localeNames, useT } from '../../i18n/index.js';
import { useToast } from '../../state/toasts.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { ListDialog, useListed } from '../../ui/ListDialog.js';
import { FormBuilder } from './FormBuilder.js';
import './forms.css';

/** Copies a text, saying so (or that it could not) where a screen reader hears it. */
function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useT();
  const [state, setState] = useState<'copied' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span className="forms-copy">
      <button type="button" className="btn small" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className="small muted">
        {state === 'copied' ? t('forms.copied') : state === 'failed' ? t('forms.copyFailed') : ''}
      </span>
    </span>
  );
}

export function FormsDialog({ inbox, onClose }: { inbox: InboxOut; onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const { items: forms, reload: load } = useListed<FormOut>(`/inboxes/${encodeURIComponent(inbox.id)}/forms`);
  const [editing, setEditing] = useState<FormOut | 'new' | null>(null);
  const [deleting, setDeleting] = useState<FormOut | null>(null);

  if (editing)
    return (
      <FormBuilder
        inboxId={inbox.id}
        form={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          toast(t('forms.saved'));
          void load();
        }}
      />
    );
  if (deleting)
    return (
      <ConfirmDialog
        title={t('forms.deleteTitle', { name: deleting.name })}
        text={t('forms.deleteText')}
        confirmLabel={t('forms.delete')}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await api.del(`/forms/${encodeURIComponent(deleting.id)}`);
          setDeleting(null);
          toast(t('forms.deleted'));
          void load();
        }}
      />
    );
  return (
    <ListDialog
      title={t('forms.title', { name: inbox.name })}
      intro={t('forms.intro')}
      newLabel={t('forms.new')}
      onNew={() => setEditing('new')}
      none={t('forms.none')}
      empty={forms?.length === 0}
      onClose={onClose}
    >
      {forms?.map((f) => (
        <li key={f.id} className="box forms-item" data-form={f.slug}>
          <div className="action-bar forms-item-head">
            <strong>{f.name}</strong>
            <span className="small muted">
              {localeNames[f.language]} · {t('forms.fieldCount', { count: f.fields.length })}
            </span>
            {!f.enabled && <span className="chip">{t('forms.off')}</span>}
          </div>
          <div className="action-bar forms-row">
            <span className="small muted">{t('forms.link')}</span>
            <a href={f.url} target="_blank" rel="noreferrer" className="mono forms-url">
              {f.url}
            </a>
            <CopyButton text={f.url} label={t('forms.copyLink')} />
          </div>
          <div className="action-bar forms-row">
            <textarea
              className="mono forms-embed"
              readOnly
              rows={2}
              value={f.embedSnippet}
              aria-label={t('forms.embedLabel', { name: f.name })}
            />
            <CopyButton text={f.embedSnippet} label={t('forms.copyEmbed')} />
          </div>
          <div className="row-actions">
            <button type="button" className="btn small" aria-label={t('forms.editNamed', { name: f.name })} onClick={() => setEditing(f)}>
              {t('forms.edit')}
            </button>
            <button
              type="button"
              className="btn small danger"
              aria-label={t('forms.deleteNamed', { name: f.name })}
              onClick={() => setDeleting(f)}
            >
              {t('forms.delete')}
            </button>
          </div>
        </li>
      ))}
    </ListDialog>
  );
}
