/** Email templates (F-CONV.8): whole emails with tokens; admins create and edit them, everyone inserts them from the editor. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { TemplateOut } from '../../common/api.js';
import { api, fieldErrors } from '../api/http.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { EmptyState } from '../components/EmptyState.js';
import { Field } from '../components/Field.js';
import { Modal } from '../components/Modal.js';
import { useComposeT } from '../compose/i18n.js';
import { RichEditor, type RichEditorHandle } from '../compose/RichEditor.js';
import { invalidateTemplates } from '../compose/TemplateMenu.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';
import { useEditableList } from './useEditableList.js';

/** The tokens the server fills in (domain/templates.ts). */
export const templateTokens = ['contact.first_name', 'contact.last_name', 'contact.full_name', 'contact.email', 'company.name', 'agent.first_name', 'agent.full_name'] as const;

export function TemplateSettings() {
  const t = useComposeT();
  const core = useT();
  const { inboxes, isAdmin } = useSession();
  const { items: list, load, editing, setEditing, deleting, setDeleting, remove } = useEditableList<TemplateOut>('/templates', {
    onChange: invalidateTemplates,
    deleted: (name) => t('templates.deleted', { name }),
  });

  return (
    <section aria-labelledby="templates-title">
      <header className="settings-head">
        <h2 id="templates-title">{t('templates.title')}</h2>
        {isAdmin && (
          <button type="button" className="btn primary" onClick={() => setEditing('new')}>
            {t('templates.create')}
          </button>
        )}
      </header>
      <p className="muted">{t('templates.intro')}</p>
      <TokenHelp />
      {!isAdmin && <p className="muted small">{t('templates.adminsOnly')}</p>}
      {list === null ? (
        <p className="muted" aria-busy="true">
          {core('common.loading')}
        </p>
      ) : list.length === 0 ? (
        <EmptyState title={t('templates.empty')} text={t('templates.emptyText')} />
      ) : (
        <ul className="cards">
          {list.map((x) => (
            <li key={x.id} className="card">
              <div>
                <strong>{x.name}</strong>
                <span className="muted small"> · {x.inboxId ? (inboxes.find((i) => i.id === x.inboxId)?.name ?? '') : t('templates.allInboxes')}</span>
                <p className="small">
                  {t('templates.subject')}: {x.subject}
                </p>
                {/* The stored body is sanitized on the server. */}
                <div className="template-preview" dangerouslySetInnerHTML={{ __html: x.body }} />
              </div>
              {isAdmin && (
                <div className="row-actions">
                  <button type="button" className="btn small" aria-label={t('templates.editNamed', { name: x.name })} onClick={() => setEditing(x)}>
                    {core('common.edit')}
                  </button>
                  <button type="button" className="btn small danger" aria-label={t('templates.deleteNamed', { name: x.name })} onClick={() => setDeleting(x)}>
                    {core('common.delete')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {editing && <TemplateDialog template={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={load} />}
      {deleting && (
        <ConfirmDialog
          title={t('templates.deleteTitle', { name: deleting.name })}
          text={t('templates.deleteText')}
          confirmLabel={core('common.delete')}
          onConfirm={() => remove(deleting)}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}

function TokenHelp({ onPick }: { onPick?(token: string): void }) {
  const t = useComposeT();
  return (
    <div className="small">
      <span className="muted">{t('templates.tokens')}</span>
      <ul className="token-list">
        {templateTokens.map((k) => (
          <li key={k}>
            {onPick ? (
              <button type="button" className="btn small" title={t(`token.${k}`)} onMouseDown={(e) => e.preventDefault()} onClick={() => onPick(`{{${k}}}`)}>
                <code>{`{{${k}}}`}</code>
              </button>
            ) : (
              <>
                <code>{`{{${k}}}`}</code> <span className="muted">{t(`token.${k}`)}</span>
              </>
            )}
          </li>
        ))}
      </ul>
      <span className="muted">{t('templates.tokensNote')}</span>
    </div>
  );
}

function TemplateDialog({ template, onClose, onSaved }: { template: TemplateOut | null; onClose(): void; onSaved(): void }) {
  const t = useComposeT();
  const core = useT();
  const toast = useToast();
  const { inboxes } = useSession();
  const [name, setName] = useState(template?.name ?? '');
  const [subject, setSubject] = useState(template?.subject ?? '');
  const [inboxId, setInboxId] = useState(template?.inboxId ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const editor = useRef<RichEditorHandle>(null);
  useEffect(() => editor.current?.setHtml(template?.body ?? ''), [template]);

  async function save(e?: FormEvent) {
    e?.preventDefault();
    const body = editor.current?.html() ?? '';
    try {
      if (template) await api.patch(`/templates/${encodeURIComponent(template.id)}`, { name, subject, body }, { quiet: [400] });
      else await api.post('/templates', { name, subject, body, inboxId: inboxId || null }, { quiet: [400] });
      toast(t('templates.saved', { name: name.trim() }));
      onSaved();
      onClose();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }

  return (
    <Modal title={template ? t('templates.editTitle') : t('templates.create')} onClose={onClose} wide>
      <form className="form compose-dialog" onSubmit={(e) => void save(e)} noValidate>
        <Field label={t('templates.name')} error={errors.name}>
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('templates.subject')} error={errors.subject}>
          <input value={subject} onChange={(e) => setSubject(e.target.value)} />
        </Field>
        <RichEditor ref={editor} label={t('templates.body')} placeholder={t('templates.body')} snippets={[]} noImages invalid={!!errors.body} onSubmit={() => void save()} />
        {errors.body && (
          <p className="field-error" role="alert">
            {errors.body}
          </p>
        )}
        <TokenHelp onPick={(tok) => editor.current?.insertText(tok)} />
        {!template && (
          <Field label={t('templates.inbox')} error={errors.inboxId}>
            <select value={inboxId} onChange={(e) => setInboxId(e.target.value)}>
              <option value="">{t('templates.allInboxes')}</option>
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
            {core('common.cancel')}
          </button>
          <button type="submit" className="btn primary">
            {core('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
