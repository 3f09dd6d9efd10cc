/** Inboxes: create (then connect a channel now or later), rename, set access, delete (typing the name to confirm). */
import { useRef, useState } from 'react';
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
import { ChatWizard } from './chat/ChatWizard.js';
import { MessengerDialog } from './messenger/MessengerDialog.js';
import { ConnectChannelDialog } from './ConnectChannelDialog.js';
import { SlackDialog } from './slack/SlackDialog.js';
import { FormsDialog } from './forms/FormsDialog.js';
import { BusinessHoursDialog } from './business-hours/BusinessHoursDialog.js';
import { useHoursT } from './business-hours/texts.js';
import { RetentionDialog } from './RetentionDialog.js';
import { ImportDialog } from './ImportDialog.js';

const everyone: Access = { mode: 'everyone', userIds: [], teamIds: [] };
const accessError = (e: Record<string, string>) => Object.entries(e).find(([k]) => k.startsWith('access'))?.[1];

export function InboxSettings() {
  const t = useT();
  const { ht } = useHoursT();
  const { inboxes, isAdmin } = useSession();
  const [editing, setEditing] = useState<InboxOut | 'new' | null>(null);
  const [deleting, setDeleting] = useState<InboxOut | null>(null);
  const [routing, setRouting] = useState<InboxOut | null>(null);
  const [slackFor, setSlackFor] = useState<InboxOut | null>(null);
  const [formsFor, setFormsFor] = useState<InboxOut | null>(null);
  const [hoursFor, setHoursFor] = useState<InboxOut | null>(null);
  const [retentionFor, setRetentionFor] = useState<InboxOut | null>(null);
  const [importFor, setImportFor] = useState<InboxOut | null>(null);
  /** After Create: the step that connects a channel to the new inbox, then the chat wizard if chosen. */
  const [connecting, setConnecting] = useState<InboxOut | null>(null);
  /** The Messenger connect form for a new inbox, when chosen in that step. */
  const [messengerFor, setMessengerFor] = useState<string | null>(null);
  const [chatFor, setChatFor] = useState<string | null>(null);
  const toast = useToast();
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
                    className="btn small"
                    aria-label={t('slack.buttonNamed', { name: i.name })}
                    onClick={() => setSlackFor(i)}
                  >
                    {t('slack.button')}
                  </button>
                  <button
                    type="button"
                    className="btn small"
                    aria-label={t('forms.buttonNamed', { name: i.name })}
                    onClick={() => setFormsFor(i)}
                  >
                    {t('forms.button')}
                  </button>
                  <button
                    type="button"
                    className="btn small"
                    aria-label={ht('businessHours.buttonNamed', { name: i.name })}
                    onClick={() => setHoursFor(i)}
                  >
                    {ht('businessHours.button')}
                  </button>
                  {isAdmin && (
                    <button
                      type="button"
                      className="btn small"
                      aria-label={t('privacy.retentionNamed', { name: i.name })}
                      onClick={() => setRetentionFor(i)}
                    >
                      {t('privacy.retention')}
                    </button>
                  )}
                  {isAdmin && (
                    <button
                      type="button"
                      className="btn small"
                      aria-label={t('imports.buttonNamed', { name: i.name })}
                      onClick={() => setImportFor(i)}
                    >
                      {t('imports.button')}
                    </button>
                  )}
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
      {editing && (
        <InboxDialog
          inbox={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={(created) => {
            setEditing(null);
            setConnecting(created);
          }}
        />
      )}
      {connecting && (
        <ConnectChannelDialog
          inbox={connecting}
          onClose={() => setConnecting(null)}
          onChat={() => {
            setConnecting(null);
            setChatFor(connecting.id);
          }}
          onForm={() => {
            setConnecting(null);
            setFormsFor(connecting);
          }}
          onMessenger={() => {
            setConnecting(null);
            setMessengerFor(connecting.id);
          }}
        />
      )}
      {messengerFor && (
        <MessengerDialog
          inboxId={messengerFor}
          onClose={() => setMessengerFor(null)}
          onSaved={() => {
            setMessengerFor(null);
            toast(t('messenger.saved'));
          }}
        />
      )}
      {chatFor && (
        <ChatWizard
          inboxId={chatFor}
          onClose={() => setChatFor(null)}
          onSaved={() => {
            setChatFor(null);
            toast(t('chat.published'));
          }}
        />
      )}
      {routing && <ChannelRoutingDialog inbox={routing} onClose={() => setRouting(null)} />}
      {slackFor && <SlackDialog inbox={slackFor} onClose={() => setSlackFor(null)} />}
      {formsFor && <FormsDialog inbox={formsFor} onClose={() => setFormsFor(null)} />}
      {hoursFor && <BusinessHoursDialog inbox={hoursFor} onClose={() => setHoursFor(null)} />}
      {retentionFor && <RetentionDialog inbox={retentionFor} onClose={() => setRetentionFor(null)} />}
      {importFor && <ImportDialog inbox={importFor} onClose={() => setImportFor(null)} />}
      {deleting && <DeleteInboxDialog inbox={deleting} onClose={() => setDeleting(null)} />}
    </section>
  );
}

function InboxDialog({ inbox, onClose, onCreated }: { inbox: InboxOut | null; onClose(): void; onCreated(inbox: InboxOut): void }) {
  const t = useT();
  const toast = useToast();
  const { reloadInboxes } = useSession();
  const [name, setName] = useState(inbox?.name ?? '');
  const [access, setAccess] = useState<Access>(inbox?.access ?? everyone);
  // Read when the save has finished (a ref: the state of the render that started it would still be empty).
  const created = useRef<InboxOut | null>(null);
  const { errors, busy, submit } = useFormSave(() => (created.current ? onCreated(created.current) : onClose()));

  const save = submit(async () => {
    if (inbox) await api.patch(`/inboxes/${encodeURIComponent(inbox.id)}`, { name, access });
    else created.current = await api.post<InboxOut>('/inboxes', { name, access });
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
