/** Connect a Facebook Page to an inbox, or reconnect one (new secrets): Page ID, Page access token, app secret, verify token. */
import { useRef, useState } from 'react';
import { api } from '../../api/http.js';
import { useT } from '../../i18n/index.js';
import { useSession } from '../../state/session.js';
import { Field } from '../../ui/Field.js';
import { FormDialog } from '../../ui/FormDialog.js';
import { InboxSelect } from '../../ui/InboxSelect.js';
import { useFormSave } from '../../ui/useFormSave.js';
import type { MessengerChannel } from './MessengerSettings.js';

export function MessengerDialog(props: {
  existing?: MessengerChannel;
  /** A new Page for this inbox (the step after creating one): no inbox to choose. */
  inboxId?: string;
  onClose(): void;
  onSaved(c: MessengerChannel): void;
}) {
  const t = useT();
  const { inboxes } = useSession();
  const ex = props.existing;
  const [inboxId, setInboxId] = useState(ex?.inboxId ?? props.inboxId ?? inboxes[0]?.id ?? '');
  const [name, setName] = useState(ex?.name ?? 'Facebook Messenger');
  const [pageId, setPageId] = useState(ex?.messenger.pageId ?? '');
  const [pageAccessToken, setToken] = useState('');
  const [appSecret, setAppSecret] = useState('');
  const [verifyToken, setVerifyToken] = useState('');
  const saved = useRef<MessengerChannel | null>(null);
  const { errors, busy, submit } = useFormSave(() => saved.current && props.onSaved(saved.current));
  const connection = { pageId: pageId.trim(), pageAccessToken, appSecret, verifyToken };
  const save = submit(async () => {
    saved.current = ex
      ? await api.put<MessengerChannel>(`/channels/${encodeURIComponent(ex.id)}/messenger`, connection, { quiet: [400] })
      : await api.post<MessengerChannel>(
          `/inboxes/${encodeURIComponent(inboxId)}/channels`,
          { kind: 'messenger', name: name.trim(), settings: connection },
          { quiet: [400] },
        );
  });
  const err = (k: string) => errors[k] ?? errors[`settings.${k}`];
  return (
    <FormDialog
      title={ex ? t('messenger.reconnectTitle', { name: ex.name }) : t('messenger.connectTitle')}
      onClose={props.onClose}
      onSubmit={(e) => void save(e)}
      busy={busy}
      submitLabel={ex ? t('messenger.reconnect') : t('messenger.connect')}
      noValidate
    >
      {!ex && (
        <>
          {!props.inboxId && (
            <Field label={t('messenger.inbox')} error={errors.inboxId}>
              <InboxSelect value={inboxId} onChange={setInboxId} />
            </Field>
          )}
          <Field label={t('messenger.name')} error={errors.name}>
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
          </Field>
        </>
      )}
      <Field label={t('messenger.pageId')} error={err('pageId')} hint={t('messenger.pageIdHint')}>
        <input value={pageId} onChange={(e) => setPageId(e.target.value)} inputMode="numeric" autoComplete="off" required />
      </Field>
      <Field label={t('messenger.token')} error={err('pageAccessToken')}>
        <input type="password" value={pageAccessToken} onChange={(e) => setToken(e.target.value)} autoComplete="off" required />
      </Field>
      <Field label={t('messenger.appSecret')} error={err('appSecret')} hint={t('messenger.appSecretHint')}>
        <input type="password" value={appSecret} onChange={(e) => setAppSecret(e.target.value)} autoComplete="off" required />
      </Field>
      <Field label={t('messenger.verifyToken')} error={err('verifyToken')} hint={t('messenger.verifyTokenHint')}>
        <input value={verifyToken} onChange={(e) => setVerifyToken(e.target.value)} autoComplete="off" required />
      </Field>
      <p className="muted small">{t('messenger.secretsHidden')}</p>
    </FormDialog>
  );
}
