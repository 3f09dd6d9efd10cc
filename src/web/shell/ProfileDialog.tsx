/** Edit one's own profile: name, avatar URL, meeting link. */
import { useState } from 'react';
import type { UserOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';
import { Field } from '../ui/Field.js';
import { FormDialog } from '../ui/FormDialog.js';
import { useFormSave } from '../ui/useFormSave.js';

export function ProfileDialog({ onClose }: { onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const { me, setMe } = useSession();
  const [name, setName] = useState(me.name);
  const [avatarUrl, setAvatarUrl] = useState(me.avatarUrl ?? '');
  const [meetingLink, setMeetingLink] = useState(me.meetingLink ?? '');
  const { errors, busy, submit } = useFormSave(onClose);

  const save = submit(async () => {
    setMe(await api.patch<UserOut>('/me', { name, avatarUrl: avatarUrl.trim() || null, meetingLink: meetingLink.trim() || null }));
    toast(t('profile.saved'));
  });

  return (
    <FormDialog title={t('profile.title')} onClose={onClose} onSubmit={save} busy={busy}>
      <Field label={t('profile.name')} error={errors.name}>
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label={t('profile.avatar')} error={errors.avatarUrl}>
        <input type="url" value={avatarUrl} placeholder="https://" onChange={(e) => setAvatarUrl(e.target.value)} />
      </Field>
      <Field label={t('profile.meeting')} error={errors.meetingLink}>
        <input type="url" value={meetingLink} placeholder="https://" onChange={(e) => setMeetingLink(e.target.value)} />
      </Field>
    </FormDialog>
  );
}
