/** Snippets: short texts inserted with `#name` in the editor. */
import { useState, type FormEvent } from 'react';
import type { SnippetOut } from '../../common/api.js';
import { api, fieldErrors } from '../api/http.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../state/session.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { invalidateSnippets } from '../components/Composer.js';
import { EmptyState } from '../components/EmptyState.js';
import { Field } from '../components/Field.js';
import { Modal } from '../components/Modal.js';
import { useEditableList } from './useEditableList.js';

export function SnippetSettings() {
  const t = useT();
  const { inboxes } = useSession();
  const { items: snippets, load, editing, setEditing, deleting, setDeleting, remove } = useEditableList<SnippetOut>('/snippets', {
    onChange: invalidateSnippets,
    deleted: (name) => t('snippets.deleted', { name }),
  });

  return (
    <section aria-labelledby="snippets-title">
      <header className="settings-head">
        <h2 id="snippets-title">{t('settings.snippets')}</h2>
        <button type="button" className="btn primary" onClick={() => setEditing('new')}>
          {t('snippets.create')}
        </button>
      </header>
      <p className="muted">{t('snippets.intro')}</p>
      {snippets === null ? (
        <p className="muted" aria-busy="true">
          {t('common.loading')}
        </p>
      ) : snippets.length === 0 ? (
        <EmptyState title={t('snippets.empty')} text={t('snippets.emptyText')} />
      ) : (
        <ul className="cards">
          {snippets.map((s) => (
            <li key={s.id} className="card">
              <div>
                <strong>#{s.name}</strong>
                <span className="muted small"> · {s.inboxId ? (inboxes.find((i) => i.id === s.inboxId)?.name ?? '') : t('snippets.allInboxes')}</span>
                <p className="snippet-body">{s.body}</p>
              </div>
              <div className="row-actions">
                <button type="button" className="btn small" aria-label={t('snippets.editNamed', { name: s.name })} onClick={() => setEditing(s)}>
                  {t('common.edit')}
                </button>
                <button type="button" className="btn small danger" aria-label={t('snippets.deleteNamed', { name: s.name })} onClick={() => setDeleting(s)}>
                  {t('common.delete')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {editing && <SnippetDialog snippet={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={load} />}
      {deleting && (
        <ConfirmDialog
          title={t('snippets.deleteTitle', { name: deleting.name })}
          text={t('snippets.deleteText')}
          confirmLabel={t('common.delete')}
          onConfirm={() => remove(deleting)}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}

function SnippetDialog({ snippet, onClose, onSaved }: { snippet: SnippetOut | null; onClose(): void; onSaved(): void }) {
  const t = useT();
  const { inboxes } = useSession();
  const [name, setName] = useState(snippet?.name ?? '');
  const [body, setBody] = useState(snippet?.body ?? '');
  const [inboxId, setInboxId] = useState(snippet?.inboxId ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function save(e: FormEvent) {
    e.preventDefault();
    try {
      if (snippet) await api.patch(`/snippets/${encodeURIComponent(snippet.id)}`, { name, body });
      else await api.post('/snippets', { name, body, inboxId: inboxId || null });
      onSaved();
      onClose();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }

  return (
    <Modal title={snippet ? t('snippets.editTitle') : t('snippets.create')} onClose={onClose}>
      <form className="form" onSubmit={save}>
        <Field label={t('snippets.name')} error={errors.name} hint={t('snippets.nameHint')}>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('snippets.body')} error={errors.body}>
          <textarea required rows={5} value={body} onChange={(e) => setBody(e.target.value)} />
        </Field>
        {!snippet && (
          <Field label={t('snippets.inbox')} error={errors.inboxId}>
            <select value={inboxId} onChange={(e) => setInboxId(e.target.value)}>
              <option value="">{t('snippets.allInboxes')}</option>
              {inboxes.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn primary">
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
