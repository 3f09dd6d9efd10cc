/**
 * "Connect a mailbox (IMAP)" and a connected mailbox's settings: provider presets (servers filled in, a
 * one-line hint on app passwords), the IMAP and SMTP servers, "Test connection" (each side's result) and Save.
 * Editing: the same form, a password left empty keeps the saved one.
 */
import { useId, useState } from 'react';
import type { ChannelOut, MailboxConnectionTest, MailboxProbe } from '../../../common/api.js';
import { api, errorMessage } from '../../api/http.js';
import { mailErrorKey, useT } from '../../i18n/index.js';
import { useSession } from '../../state/session.js';
import { useToast } from '../../state/toasts.js';
import { Field } from '../../ui/Field.js';
import { FormDialog } from '../../ui/FormDialog.js';
import { InboxSelect } from '../../ui/InboxSelect.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { presets, providerOf, providers, type Provider, type ServerSide } from './mailbox-presets.js';
import './mailbox.css';

interface Side extends Omit<ServerSide, 'port'> {
  /** As typed. */
  port: string;
}
interface StoredImap extends ServerSide {
  user: string;
  folder?: string;
}
interface StoredSmtp extends ServerSide {
  user?: string;
}

const side = (s: ServerSide): Side => ({ host: s.host, port: String(s.port), secure: s.secure });

export function MailboxDialog(props: {
  /** The mailbox to edit, or null to connect a new one. */
  channel: ChannelOut | null;
  /** The inbox a new mailbox goes to (the first one when not given). */
  inboxId?: string;
  onClose(): void;
  onSaved(c: ChannelOut): void;
}) {
  const t = useT();
  const toast = useToast();
  const { inboxes } = useSession();
  const editing = props.channel;
  const storedImap = editing?.settings.imap as StoredImap | undefined;
  const storedSmtp = editing?.settings.smtp as StoredSmtp | undefined;
  const asked = inboxes.some((i) => i.id === props.inboxId) ? props.inboxId : undefined;
  const [inboxId, setInboxId] = useState(editing?.inboxId ?? asked ?? inboxes[0]?.id ?? '');
  const [provider, setProvider] = useState<Provider>(storedImap ? providerOf(storedImap.host) : 'gmail');
  const [name, setName] = useState(editing?.name ?? '');
  const [address, setAddress] = useState(editing?.address ?? '');
  const [imap, setImap] = useState<Side>(storedImap ? side(storedImap) : side(presets.gmail.imap));
  const [imapUser, setImapUser] = useState(storedImap?.user ?? '');
  const [imapPassword, setImapPassword] = useState('');
  const [folder, setFolder] = useState(storedImap?.folder ?? 'INBOX');
  const [smtp, setSmtp] = useState<Side>(storedSmtp ? side(storedSmtp) : side(presets.gmail.smtp));
  const [sameLogin, setSameLogin] = useState(!storedSmtp || !storedSmtp.user || storedSmtp.user === storedImap?.user);
  const [smtpUser, setSmtpUser] = useState(storedSmtp?.user ?? '');
  const [smtpPassword, setSmtpPassword] = useState('');
  const [skipVerify, setSkipVerify] = useState(editing?.settings.skipCertificateVerification === true);
  const [probe, setProbe] = useState<MailboxConnectionTest | 'testing' | null>(null);
  const [testError, setTestError] = useState<string | null>(null);
  const { errors, busy, submit } = useFormSave(props.onClose, { fallbackField: 'address' });
  const hintId = useId();

  const pick = (p: Provider) => {
    setProvider(p);
    if (p !== 'other') {
      setImap(side(presets[p].imap));
      setSmtp(side(presets[p].smtp));
    }
  };
  // Gmail and most others sign in with the full address: typed once, used as the user name too.
  const changeAddress = (v: string) => {
    if (!editing && (imapUser === '' || imapUser === address)) setImapUser(v);
    setAddress(v);
  };
  const servers = () => ({
    imap: { host: imap.host, port: Number(imap.port), secure: imap.secure, user: imapUser, password: imapPassword, folder },
    smtp: {
      host: smtp.host,
      port: Number(smtp.port),
      secure: smtp.secure,
      user: sameLogin ? imapUser : smtpUser,
      password: sameLogin ? imapPassword : smtpPassword,
    },
    skipCertificateVerification: skipVerify,
  });

  const test = async () => {
    setProbe('testing');
    setTestError(null);
    try {
      const path = editing
        ? `/channels/${encodeURIComponent(editing.id)}/test-connection`
        : `/inboxes/${encodeURIComponent(inboxId)}/mailboxes/test-connection`;
      setProbe(await api.post<MailboxConnectionTest>(path, servers()));
    } catch (e) {
      setProbe(null);
      setTestError(errorMessage(e));
    }
  };
  const save = submit(async () => {
    const saved = editing
      ? await api.patch<ChannelOut>(`/channels/${encodeURIComponent(editing.id)}`, { name: name || editing.name, ...servers() })
      : await api.post<ChannelOut>(`/inboxes/${encodeURIComponent(inboxId)}/mailboxes`, { name: name || address, address, ...servers() });
    props.onSaved(saved);
    toast(editing ? t('mailbox.saved') : t('mailbox.connected'));
  });

  const result = (p: MailboxProbe, ok: string, failed: 'mailbox.imapFailed' | 'mailbox.smtpFailed') => {
    if (p.ok) return ok;
    const key = p.errorKind ? mailErrorKey(p.errorKind) : null;
    return t(failed, { error: key ? t(key) : (p.error ?? '') });
  };
  const keep = editing ? t('mailbox.passwordKeep') : undefined;

  return (
    <FormDialog
      title={editing ? t('mailbox.editTitle', { address: editing.address ?? editing.name }) : t('mailbox.connectTitle')}
      onClose={props.onClose}
      onSubmit={save}
      busy={busy}
      wide
      className="form mailbox-form"
    >
      <p className="muted">{t('mailbox.intro')}</p>
      <div className="mailbox-grid">
        {!editing && inboxes.length > 1 && (
          <Field label={t('mailbox.inbox')}>
            <InboxSelect value={inboxId} onChange={setInboxId} />
          </Field>
        )}
        <div className="field mailbox-wide">
          <label htmlFor={`${hintId}-provider`}>{t('mailbox.provider')}</label>
          <select
            id={`${hintId}-provider`}
            value={provider}
            aria-describedby={hintId}
            data-provider
            onChange={(e) => pick(e.target.value as Provider)}
          >
            {providers.map((p) => (
              <option key={p} value={p}>
                {t(`mailbox.provider.${p}`)}
              </option>
            ))}
          </select>
          <small className="muted" id={hintId} data-provider-hint>
            {t(`mailbox.hint.${provider}`)}
          </small>
        </div>
        {!editing && (
          <Field label={t('mailbox.address')} error={errors.address} hint={t('mailbox.addressHint')}>
            <input type="email" required maxLength={320} value={address} onChange={(e) => changeAddress(e.target.value)} />
          </Field>
        )}
        <Field label={t('mailbox.name')} error={errors.name}>
          <input maxLength={100} value={name} placeholder={address} onChange={(e) => setName(e.target.value)} />
        </Field>
      </div>

      <fieldset className="mailbox-side">
        <legend>{t('mailbox.receiving')}</legend>
        <ServerFields value={imap} onChange={setImap} errors={errors} prefix="imap" />
        <Field label={t('mailbox.user')} error={errors['imap.user']}>
          <input required maxLength={320} autoComplete="off" value={imapUser} onChange={(e) => setImapUser(e.target.value)} />
        </Field>
        <Field label={t('mailbox.password')} error={errors['imap.password']} hint={keep}>
          <input
            type="password"
            required={!editing}
            maxLength={500}
            autoComplete="new-password"
            value={imapPassword}
            onChange={(e) => setImapPassword(e.target.value)}
          />
        </Field>
        <Field label={t('mailbox.folder')} error={errors['imap.folder']}>
          <input required maxLength={200} value={folder} onChange={(e) => setFolder(e.target.value)} />
        </Field>
      </fieldset>

      <fieldset className="mailbox-side">
        <legend>{t('mailbox.sending')}</legend>
        <ServerFields value={smtp} onChange={setSmtp} errors={errors} prefix="smtp" />
        <label className="inline mailbox-wide">
          <input type="checkbox" checked={sameLogin} onChange={(e) => setSameLogin(e.target.checked)} /> {t('mailbox.sameLogin')}
        </label>
        {!sameLogin && (
          <>
            <Field label={t('mailbox.user')} error={errors['smtp.user']} hint={t('mailbox.smtpUserHint')}>
              <input maxLength={320} autoComplete="off" value={smtpUser} onChange={(e) => setSmtpUser(e.target.value)} />
            </Field>
            <Field label={t('mailbox.password')} error={errors['smtp.password']} hint={keep}>
              <input
                type="password"
                maxLength={500}
                autoComplete="new-password"
                value={smtpPassword}
                onChange={(e) => setSmtpPassword(e.target.value)}
              />
            </Field>
          </>
        )}
      </fieldset>

      <div>
        <label className="inline" title={t('mailSecurity.skipHint')}>
          <input type="checkbox" checked={skipVerify} onChange={(e) => setSkipVerify(e.target.checked)} /> {t('mailSecurity.skipVerify')}
        </label>
        <small className={skipVerify ? 'field-error' : 'muted'} role={skipVerify ? 'alert' : undefined}>
          {skipVerify ? t('mailSecurity.skipWarning') : t('mailSecurity.skipHint')}
        </small>
      </div>

      <div className="mailbox-test">
        <button type="button" className="btn" disabled={probe === 'testing'} onClick={() => void test()}>
          {probe === 'testing' ? t('mailbox.testing') : t('mailbox.test')}
        </button>
        <div role="status" aria-label={t('mailbox.testResult')} data-connection-test={probe && probe !== 'testing' ? '' : undefined}>
          {testError && <p className="field-error">{testError}</p>}
          {probe && probe !== 'testing' && (
            <ul className="mailbox-results">
              {probe.imap && (
                <li className={probe.imap.ok ? 'probe-ok' : 'probe-failed'} data-probe="imap" data-ok={probe.imap.ok}>
                  {result(probe.imap, t('mailbox.imapOk'), 'mailbox.imapFailed')}
                </li>
              )}
              {probe.smtp && (
                <li className={probe.smtp.ok ? 'probe-ok' : 'probe-failed'} data-probe="smtp" data-ok={probe.smtp.ok}>
                  {result(probe.smtp, t('mailbox.smtpOk'), 'mailbox.smtpFailed')}
                </li>
              )}
            </ul>
          )}
        </div>
      </div>
    </FormDialog>
  );
}

/** Server, port and security of one side. */
function ServerFields(props: { value: Side; onChange(s: Side): void; errors: Record<string, string>; prefix: 'imap' | 'smtp' }) {
  const t = useT();
  const { value, onChange, errors, prefix } = props;
  return (
    <>
      <Field label={t('mailbox.host')} error={errors[`${prefix}.host`]}>
        <input
          required
          maxLength={255}
          autoComplete="off"
          spellCheck={false}
          value={value.host}
          onChange={(e) => onChange({ ...value, host: e.target.value })}
        />
      </Field>
      <Field label={t('mailbox.port')} error={errors[`${prefix}.port`]}>
        <input
          type="number"
          required
          min={1}
          max={65535}
          inputMode="numeric"
          value={value.port}
          onChange={(e) => onChange({ ...value, port: e.target.value })}
        />
      </Field>
      <Field label={t('mailbox.security')} error={errors[`${prefix}.secure`]}>
        <select value={value.secure ? 'tls' : 'starttls'} onChange={(e) => onChange({ ...value, secure: e.target.value === 'tls' })}>
          <option value="tls">{t('mailbox.securityTls')}</option>
          <option value="starttls">{t('mailbox.securityStarttls')}</option>
        </select>
      </Field>
    </>
  );
}
