/** An email channel's options under its row: role addresses, where forwarded mail is logged, and a connected mailbox's certificate check and "Test connection". */
import { useState } from 'react';
import type { ChannelOut, MailboxConnectionTest, MailboxProbe } from '../../../common/api.js';
import { api, errorMessage } from '../../api/http.js';
import { mailErrorKey, useT } from '../../i18n/index.js';

/** `patch` saves a change to the channel (its refusal lands in `error`). */
export function ChannelOptions({
  c,
  patch,
  error,
  onError,
}: {
  c: ChannelOut;
  patch(body: Record<string, unknown>): Promise<void>;
  error: string | null;
  onError(error: string | null): void;
}) {
  const t = useT();
  const [roles, setRoles] = useState(((c.settings.roleAddresses as string[] | undefined) ?? []).join(', '));
  const e = c.email;
  const errorText = (kind: string | null | undefined, text: string) => {
    const key = kind ? mailErrorKey(kind) : null;
    return key ? t(key) : text;
  };
  // A connected mailbox (its own IMAP or SMTP server): its certificates are verified unless switched off here.
  const mailbox = Boolean(e?.imap) || e?.sending === 'smtp';
  const skipVerify = c.settings.skipCertificateVerification === true;
  const [probe, setProbe] = useState<MailboxConnectionTest | 'testing' | null>(null);
  const testConnection = async () => {
    setProbe('testing');
    try {
      setProbe(await api.post<MailboxConnectionTest>(`/channels/${encodeURIComponent(c.id)}/test-connection`, {}));
    } catch (err) {
      setProbe(null);
      onError(errorMessage(err));
    }
  };
  const result = (p: MailboxProbe) => (p.ok ? t('mailSecurity.connected') : errorText(p.errorKind, p.error ?? ''));
  return (
    <div className="channel-options">
      <div className="channel-option">
        <form
          className="form role-form"
          onSubmit={(ev) => {
            ev.preventDefault();
            void patch({ roleAddresses: roles.split(/[\s,]+/).filter(Boolean) });
          }}
        >
          <label className="small">
            {t('email.roleAddresses')}
            <input value={roles} onChange={(ev) => setRoles(ev.target.value)} title={t('email.roleHint')} />
          </label>
          <button type="submit" className="btn small">
            {t('common.save')}
          </button>
        </form>
        {error && <div className="field-error small">{error}</div>}
      </div>
      <label className="small channel-option">
        <input
          type="checkbox"
          checked={c.settings.logForwardedToSender !== false}
          onChange={(ev) => void patch({ logForwardedToSender: ev.target.checked })}
        />{' '}
        {t('email.logForwarded')}
      </label>
      {mailbox && (
        <div className="channel-option mailbox-security">
          <label className="small" title={t('mailSecurity.skipHint')}>
            <input
              type="checkbox"
              data-skip-verify
              checked={skipVerify}
              onChange={(ev) => void patch({ skipCertificateVerification: ev.target.checked })}
            />{' '}
            {t('mailSecurity.skipVerify')}
          </label>
          <div className={skipVerify ? 'field-error small' : 'muted small'} role={skipVerify ? 'alert' : undefined}>
            {skipVerify ? t('mailSecurity.skipWarning') : t('mailSecurity.skipHint')}
          </div>
          <button type="button" className="btn small" disabled={probe === 'testing'} onClick={() => void testConnection()}>
            {probe === 'testing' ? t('mailSecurity.testing') : t('mailSecurity.test')}
          </button>
          {probe && probe !== 'testing' && (
            <div className="small" role="status" data-connection-test>
              {probe.imap && <div>{t('mailSecurity.imapResult', { result: result(probe.imap) })}</div>}
              {probe.smtp && <div>{t('mailSecurity.smtpResult', { result: result(probe.smtp) })}</div>}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
