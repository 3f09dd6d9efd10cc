/** Email templates (F-CONV.8): whole emails with tokens; admins create and edit them, everyone inserts them from the editor. */
import { useEffect, useRef, useState } from 'react';
import type { TemplateOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { Field } from '../ui/Field.js';
import { FormError } from '../ui/FormError.js';
import { useFormSave } from '../ui/useFormSave.js';
import { FormDialog } from '../ui/FormDialog.js';
import { RichEditor, type RichEditorHandle } from '../editor/RichEditor.js';
import { invalidateTemplates } from '../editor/TemplateMenu.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';
import { EditableCards, type EditableCardsText } from './EditableCards.js';
import { InboxScopeField, InboxScopeLabel } from './InboxScope.js';
import { useEditableList } from './useEditableList.js';
import { useT } from '../i18n/index.js';

/** The tokens the server fills in (domain/templates.ts). */
export const templateTokens = [
  'contact.first_name',
  'contact.last_name',
  'contact.full_name',
  'contact.email',
  'company.name',
  'agent.first_name',
  'agent.full_name',
] as const;

export function TemplateSettings() {
  const t = useT();
  const { isAdmin } = useSession();
  const list = useEditableList<TemplateOut>('/templates', {
    onChange: invalidateTemplates,
    deleted: (name) => t('templates.deleted', { name }),
  });
  const { load, editing, setEditing } = list;
  const text: EditableCardsText = {
    empty: t('templates.empty'),
    emptyText: t('templates.emptyText'),
    editNamed: (name) => t('templates.editNamed', { name }),
    deleteNamed: (name) => t('templates.deleteNamed', { name }),
    deleteTitle: (name) => t('templates.deleteTitle', { name }),
    deleteText: t('templates.deleteText'),
  };

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
      <EditableCards list={list} canEdit={isAdmin} text={text}>
        {(x) => (
          <>
            <strong>{x.name}</strong>
            <InboxScopeLabel inboxId={x.inboxId} allInboxes={t('templates.allInboxes')} />
            <p className="small">
              {t('templates.subject')}: {x.subject}
            </p>
            {/* The stored body is sanitized on the server. */}
            <div className="template-preview" dangerouslySetInnerHTML={{ __html: x.body }} />
          </>
        )}
      </EditableCards>
      {editing && <TemplateDialog template={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={load} />}
    </section>
  );
}

function TokenHelp({ onPick }: { onPick?(token: string): void }) {
  const t = useT();
  return (
    <div className="small">
      <span className="muted">{t('templates.tokens')}</span>
      <ul className="token-list">
        {templateTokens.map((k) => (
          <li key={k}>
            {onPick ? (
              <button
                type="button"
                className="btn small"
                title={t(`token.${k}`)}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => onPick(`{{${k}}}`)}
              >
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
  const t = useT();
  const toast = useToast();
  const [name, setName] = useState(template?.name ?? '');
  const [subject, setSubject] = useState(template?.subject ?? '');
  const [inboxId, setInboxId] = useState(template?.inboxId ?? '');
  const { errors, busy, submit } = useFormSave(onClose);
  const editor = useRef<RichEditorHandle>(null);
  useEffect(() => editor.current?.setHtml(template?.body ?? ''), [template]);

  const save = submit(async () => {
    const body = editor.current?.html() ?? '';
    if (template) await api.patch(`/templates/${encodeURIComponent(template.id)}`, { name, subject, body }, { quiet: [400] });
    else await api.post('/templates', { name, subject, body, inboxId: inboxId || null }, { quiet: [400] });
    toast(t('templates.saved', { name: name.trim() }));
    onSaved();
  });

  return (
    <FormDialog
      title={template ? t('templates.editTitle') : t('templates.create')}
      onClose={onClose}
      onSubmit={save}
      busy={busy}
      wide
      className="form compose-dialog"
      noValidate
    >
      <Field label={t('templates.name')} error={errors.name}>
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label={t('templates.subject')} error={errors.subject}>
        <input value={subject} onChange={(e) => setSubject(e.target.value)} />
      </Field>
      <RichEditor
        ref={editor}
        label={t('templates.body')}
        placeholder={t('templates.body')}
        snippets={[]}
        noImages
        invalid={!!errors.body}
        onSubmit={() => void save()}
      />
      <FormError error={errors.body} />
      <TokenHelp onPick={(tok) => editor.current?.insertText(tok)} />
      {!template && (
        <InboxScopeField
          label={t('templates.inbox')}
          allInboxes={t('templates.allInboxes')}
          value={inboxId}
          onChange={setInboxId}
          error={errors.inboxId}
        />
      )}
    </FormDialog>
  );
}
