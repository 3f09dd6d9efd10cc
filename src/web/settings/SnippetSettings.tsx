/** Snippets: short texts inserted with `#name` in the editor. */
import { useState } from 'react';
import type { SnippetOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { useT } from '../i18n/index.js';
import { useQueryClient } from '@tanstack/react-query';
import { keys } from '../state/queries.js';
import { Field } from '../ui/Field.js';
import { FormDialog } from '../ui/FormDialog.js';
import { useFormSave } from '../ui/useFormSave.js';
import { EditableCards, type EditableCardsText } from './EditableCards.js';
import { InboxScopeField, InboxScopeLabel } from './InboxScope.js';
import { useEditableList } from './useEditableList.js';

export function SnippetSettings() {
  const t = useT();
  const qc = useQueryClient();
  const list = useEditableList<SnippetOut>('/snippets', {
    onChange: () => void qc.invalidateQueries({ queryKey: keys.snippets }),
    deleted: (name) => t('snippets.deleted', { name }),
  });
  const { load, editing, setEditing } = list;
  const text: EditableCardsText = {
    empty: t('snippets.empty'),
    emptyText: t('snippets.emptyText'),
    editNamed: (name) => t('snippets.editNamed', { name }),
    deleteNamed: (name) => t('snippets.deleteNamed', { name }),
    deleteTitle: (name) => t('snippets.deleteTitle', { name }),
    deleteText: t('snippets.deleteText'),
  };

  return (
    <section aria-labelledby="snippets-title">
      <header className="settings-head">
        <h2 id="snippets-title">{t('settings.snippets')}</h2>
        <button type="button" className="btn primary" onClick={() => setEditing('new')}>
          {t('snippets.create')}
        </button>
      </header>
      <p className="muted">{t('snippets.intro')}</p>
      <EditableCards list={list} canEdit text={text}>
        {(s) => (
          <>
            <strong>#{s.name}</strong>
            <InboxScopeLabel inboxId={s.inboxId} allInboxes={t('snippets.allInboxes')} />
            <p className="snippet-body">{s.body}</p>
          </>
        )}
      </EditableCards>
      {editing && <SnippetDialog snippet={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={load} />}
    </section>
  );
}

function SnippetDialog({ snippet, onClose, onSaved }: { snippet: SnippetOut | null; onClose(): void; onSaved(): void }) {
  const t = useT();
  const [name, setName] = useState(snippet?.name ?? '');
  const [body, setBody] = useState(snippet?.body ?? '');
  const [inboxId, setInboxId] = useState(snippet?.inboxId ?? '');
  const { errors, busy, submit } = useFormSave(onClose);

  const save = submit(async () => {
    if (snippet) await api.patch(`/snippets/${encodeURIComponent(snippet.id)}`, { name, body });
    else await api.post('/snippets', { name, body, inboxId: inboxId || null });
    onSaved();
  });

  return (
    <FormDialog title={snippet ? t('snippets.editTitle') : t('snippets.create')} onClose={onClose} onSubmit={save} busy={busy}>
      <Field label={t('snippets.name')} error={errors.name} hint={t('snippets.nameHint')}>
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label={t('snippets.body')} error={errors.body}>
        <textarea required rows={5} value={body} onChange={(e) => setBody(e.target.value)} />
      </Field>
      {!snippet && (
        <InboxScopeField
          label={t('snippets.inbox')}
          allInboxes={t('snippets.allInboxes')}
          value={inboxId}
          onChange={setInboxId}
          error={errors.inboxId}
        />
      )}
    </FormDialog>
  );
}
