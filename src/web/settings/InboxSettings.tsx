/** Inboxes: create, rename, set access, delete (typing the name to confirm). */
import { useState } from 'react';
import type { InboxOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';
import { EmptyState } from '../ui/EmptyState.js';
import { Field } from '../ui/Field.js';
import { Table } from '../ui/Table.js';
import { FormDialog } from '../ui/FormDialog.js';
import { useFormSave } from '../ui/useFormSave.js';
import { AccessEditor, type Access } from './AccessEditor.js';
import { ChannelRoutingDialog } from './ChannelRouting.js';

const everyone: Access = { mode: 'everyone', userIds: [], teamIds: [] };
const accessError = (e: Record<string, string>) => Object.entries(e).find(([k]) => k.startsWith('access'))?.[1];

export function InboxSettings() {
  const t = useT();
  const { inboxes, isAdmin } = useSession();
  const [editing, setEditing] = useState<InboxOut | 'new' | null>(null);
  const [deleting, setDeleting] = useState<InboxOut | null>(null);
  const [routing, setRouting] = useState<InboxOut | null>(null);
  return (
    <section aria-labelledby="inboxes-title">
      <header className="settings-head">
        <h2 id="inboxes-title">{t('settings.inboxes')}</h2>
        {isAdmin && (
          <button type="button" className="btn primary" onClick={() => setEditing('new')}>
            {t('inboxes.create')}
          </button>
        )}
      </header>
      {inboxes.length === 0 ? (
        <EmptyState title={t('inbox.noneTitle')} text={t('inboxes.emptyText')} />
      ) : (
        <Table
          columns={[t('inboxes.name'), t('inboxes.address'), t('inboxes.access'), <span className="sr-only">{t('common.actions')}</span>]}
        >
          {inboxes.map((i) => (
            <tr key={i.id}>
              <td>{i.name}</td>
              <td className="mono">{i.fallbackAddress}</td>
              <td>
                {i.access.mode === 'everyone'
                  ? t('inboxes.accessEveryone')
                  : t('inboxes.accessCount', { users: i.access.userIds.length, teams: i.access.teamIds.length })}
              </td>
              <td>
                <div className="row-actions">
                  <button
                    type="button"
                    className="btn small"
                    aria-label={t('inboxes.editNamed', { name: i.name })}
                    onClick={() => setEditing(i)}
                  >
                    {t('common.edit')}
                  </button>
                  <button
                    type="button"
                    className="btn small"
                    aria-label={`${t('routing.button')}: ${i.name}`}
                    onClick={() => setRouting(i)}
                  >
                    {t('routing.button')}
                  </button>
                  <button
                    type="button"
                    className="btn small danger"
                    aria-label={t('inboxes.deleteNamed', { name: i.name })}
                    onClick={() => setDeleting(i)}
                  >
                    {t('common.delete')}
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {editing && <InboxDialog inbox={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {routing && <ChannelRoutingDialog inbox={routing} onClose={() => setRouting(null)} />}
      {deleting && <DeleteInboxDialog inbox={deleting} onClose={() => setDeleting(null)} />}
    </section>
  );
}

function InboxDialog({ inbox, onClose }: { inbox: InboxOut | null; onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const { reloadInboxes } = useSession();
  const [name, setName] = useState(inbox?.name ?? '');
  const [access, setAccess] = useState<Access>(inbox?.access ?? everyone);
  const { errors, busy, submit } = useFormSave(onClose);

  const save = submit(async () => {
    if (inbox) await api.patch(`/inboxes/${encodeURIComponent(inbox.id)}`, { name, access });
    else await api.post('/inboxes', { name, access });
    await reloadInboxes();
    toast(inbox ? t('inboxes.saved') : t('inboxes.created'));
  });

  return (
    <FormDialog title={inbox ? t('inboxes.editTitle') : t('inboxes.create')} onClose={onClose} onSubmit={save} busy={busy} wide>
      <Field label={t('inboxes.name')} error={errors.name}>
        <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <AccessEditor value={access} onChange={setAccess} error={accessError(errors)} />
    </FormDialog>
  );
}

function DeleteInboxDialog({ inbox, onClose }: { inbox: InboxOut; onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const { reloadInboxes } = useSession();
  const [confirmName, setConfirmName] = useState('');
  const { errors, busy, submit } = useFormSave(onClose);
  const remove = submit(async () => {
    await api.del(`/inboxes/${encodeURIComponent(inbox.id)}`, { confirmName });
    await reloadInboxes();
    toast(t('inboxes.deleted', { name: inbox.name }));
  });
  return (
    <FormDialog
      title={t('inboxes.deleteTitle', { name: inbox.name })}
      onClose={onClose}
      onSubmit={remove}
      busy={busy}
      submitLabel={t('inboxes.deleteConfirm')}
      submitDisabled={confirmName !== inbox.name}
      danger
    >
      <p>{t('inboxes.deleteText')}</p>
      <Field label={t('inboxes.typeName', { name: inbox.name })} error={errors.confirmName}>
        <input value={confirmName} autoComplete="off" onChange={(e) => setConfirmName(e.target.value)} />
      </Field>
    </FormDialog>
  );
}
