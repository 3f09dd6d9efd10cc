/** Edit one's own profile: name, avatar URL, meeting link. */
import { useState, type FormEvent } from 'react';
import type { UserOut } from '../../common/api.js';
import { api, fieldErrors } from '../api/http.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';
import { Field } from './Field.js';
import { Modal } from './Modal.js';

export function ProfileDialog({ onClose }: { onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const { me, setMe } = useSession();
  const [name, setName] = useState(me.name);
  const [avatarUrl, setAvatarUrl] = useState(me.avatarUrl ?? '');
  const [meetingLink, setMeetingLink] = useState(me.meetingLink ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      setMe(await api.patch<UserOut>('/me', { name, avatarUrl: avatarUrl.trim() || null, meetingLink: meetingLink.trim() || null }));
      toast(t('profile.saved'));
      onClose();
    } catch (err) {
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={t('profile.title')} onClose={onClose}>
      <form className="form" onSubmit={save}>
        <Field label={t('profile.name')} error={errors.name}>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('profile.avatar')} error={errors.avatarUrl}>
          <input type="url" value={avatarUrl} placeholder="https://" onChange={(e) => setAvatarUrl(e.target.value)} />
        </Field>
        <Field label={t('profile.meeting')} error={errors.meetingLink}>
          <input type="url" value={meetingLink} placeholder="https://" onChange={(e) => setMeetingLink(e.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn primary" disabled={busy}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
