/**
 * A contact's privacy actions, for admins (the only ones the server allows): download all that is held
 * about them (an access request, JSON or a readable page), and erase them (the right to be forgotten)
 * after typing the contact's name or the word ERASE (in the reader's language).
 */
import { useState } from 'react';
import type { ContactOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { useT } from '../i18n/index.js';
import { navigate } from '../state/route.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';
import { Field } from '../ui/Field.js';
import { FormDialog } from '../ui/FormDialog.js';
import { useFormSave } from '../ui/useFormSave.js';

export function ContactPrivacy({ contact }: { contact: ContactOut }) {
  const t = useT();
  const { isAdmin } = useSession();
  const [erasing, setErasing] = useState(false);
  if (!isAdmin) return null;
  const exportUrl = (format: 'json' | 'html') => `/api/v1/contacts/${encodeURIComponent(contact.id)}/export?format=${format}`;
  return (
    <>
      <h2>{t('privacy.title')}</h2>
      <div className="action-bar">
        <a className="btn small" href={exportUrl('html')} download>
          {t('privacy.exportHtml')}
        </a>
        <a className="btn small" href={exportUrl('json')} download>
          {t('privacy.exportJson')}
        </a>
        <button type="button" className="btn small danger" onClick={() => setErasing(true)}>
          {t('privacy.erase')}
        </button>
      </div>
      {erasing && <EraseContactDialog contact={contact} onClose={() => setErasing(false)} />}
    </>
  );
}

function EraseContactDialog({ contact, onClose }: { contact: ContactOut; onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const [typed, setTyped] = useState('');
  const name = contact.name || contact.email || '';
  const word = t('privacy.eraseWord');
  const confirmed = typed.trim() !== '' && (typed.trim() === word || typed.trim() === name.trim());
  const { errors, busy, submit } = useFormSave(() => undefined, { fallbackField: 'confirm' });
  const erase = submit(async () => {
    await api.del(`/contacts/${encodeURIComponent(contact.id)}?erase=true`);
    toast(t('privacy.erased'));
    onClose();
    navigate('/contacts');
  });
  return (
    <FormDialog
      title={t('privacy.eraseTitle', { name: name || '—' })}
      onClose={onClose}
      onSubmit={erase}
      busy={busy}
      submitLabel={t('privacy.eraseConfirm')}
      submitDisabled={!confirmed}
      danger
    >
      <p>{t('privacy.eraseText')}</p>
      <Field label={t('privacy.eraseType', { word })} error={errors.confirm}>
        <input value={typed} autoComplete="off" spellCheck={false} onChange={(e) => setTyped(e.target.value)} />
      </Field>
    </FormDialog>
  );
}
