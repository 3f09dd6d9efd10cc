/** An email channel's sending identity: From name (agent and company, or company only), From address (default or a verified one), and the signature editor. */
import { useState, type FormEvent } from 'react';
import type { ChannelOut, EmailIdentityOut } from '../../../common/api.js';
import { mailLanguages, mailT, type MailLanguage } from '../../../common/mail-texts/index.js';
import { api, errorMessage } from '../../api/http.js';
import { FormError } from '../../ui/FormError.js';
import { useSession } from '../../state/session.js';
import { useToast } from '../../state/toasts.js';
import { EmailSignatureEditor } from './EmailSignatureEditor.js';
import { IdentityPartForm } from './IdentityPartForm.js';
import './email-identity.css';
import { localeNames, useT } from '../../i18n/index.js';

export type Save = (path: string, body: Record<string, unknown>, method?: 'patch' | 'post') => Promise<string | null>;

export function EmailIdentity({ c, onChanged }: { c: ChannelOut; onChanged(c: ChannelOut): void }) {
  const t = useT();
  const toast = useToast();
  const identity = c.email?.identity;
  if (!identity) return null;
  /** Sends a change; resolves with the error to show inline, or null. */
  const save: Save = async (path, body, method = 'patch') => {
    try {
      onChanged(await api[method]<ChannelOut>(`/channels/${encodeURIComponent(c.id)}${path}`, body));
      toast(t('identity.saved'));
      return null;
    } catch (e) {
      return errorMessage(e);
    }
  };
  return (
    <details className="email-identity" data-identity={c.id}>
      <summary>{t('identity.summary')}</summary>
      <div className="identity-grid">
        <FromName identity={identity} save={save} channelId={c.id} />
        <FromAddress identity={identity} save={save} channelId={c.id} held={c.email?.sending === 'held'} />
        <EmailSignatureEditor
          channelId={c.id}
          signature={identity.signature}
          from={`${identity.fromName}|${identity.language}|${identity.companyName}|${identity.fromAddress ?? ''}`}
          save={save}
        />
      </div>
    </details>
  );
}

function FromName({ identity, save, channelId }: { identity: EmailIdentityOut; save: Save; channelId: string }) {
  const t = useT();
  const { me } = useSession();
  const [mode, setMode] = useState(identity.fromName);
  const [company, setCompany] = useState(identity.companyName);
  const [language, setLanguage] = useState<MailLanguage>(identity.language ?? 'en');
  const name = company.trim() || identity.defaultCompanyName;
  const example = mode === 'agent' ? mailT(language)('from.agent', { agent: me.name, company: name }) : name;
  return (
    <IdentityPartForm legend={t('identity.fromName')} save={() => save('', { fromName: mode, companyName: company, language })}>
      <label className="choice">
        <input type="radio" name={`from-name-${channelId}`} checked={mode === 'agent'} onChange={() => setMode('agent')} />{' '}
        {t('identity.agentAndCompany')}
      </label>
      <label className="choice">
        <input type="radio" name={`from-name-${channelId}`} checked={mode === 'company'} onChange={() => setMode('company')} />{' '}
        {t('identity.companyOnly')}
      </label>
      <label>
        {t('identity.companyName')}
        <input value={company} placeholder={identity.defaultCompanyName} maxLength={100} onChange={(ev) => setCompany(ev.target.value)} />
      </label>
      <label>
        {t('identity.mailLanguage')}
        <select value={language} onChange={(ev) => setLanguage(ev.target.value as MailLanguage)}>
          {mailLanguages.map((l) => (
            <option key={l} value={l}>
              {localeNames[l]}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small from-example">{t('identity.example', { from: example })}</p>
    </IdentityPartForm>
  );
}

function FromAddress({ identity, save, channelId, held }: { identity: EmailIdentityOut; save: Save; channelId: string; held: boolean }) {
  const t = useT();
  const [address, setAddress] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const choose = async (fromAddress: string | null) => setError(await save('', { fromAddress }));
  /** The two small forms (send a code, confirm it): the field empties once the server took it. */
  const send = (path: string, body: Record<string, unknown>, clear: () => void) => async (ev: FormEvent) => {
    ev.preventDefault();
    const err = await save(path, body, 'post');
    setError(err);
    if (!err) clear();
  };
  return (
    <div className="identity-part">
      <fieldset>
        <legend>{t('identity.fromAddress')}</legend>
        <label className="choice">
          <input type="radio" name={`from-address-${channelId}`} checked={!identity.fromAddress} onChange={() => void choose(null)} />{' '}
          {t('identity.default', { address: identity.defaultAddress })}
        </label>
        {identity.verifiedAddresses.map((a) => (
          <label className="choice" key={a}>
            <input type="radio" name={`from-address-${channelId}`} checked={identity.fromAddress === a} onChange={() => void choose(a)} />{' '}
            <span className="mono">{a}</span> <span className="chip">{t('identity.verified')}</span>
          </label>
        ))}
        <form className="inline-form" onSubmit={send('/from-address', { address }, () => setAddress(''))}>
          <label>
            {t('identity.custom')}
            <input type="email" value={address} onChange={(ev) => setAddress(ev.target.value)} placeholder="support@example.com" required />
          </label>
          <button type="submit" className="btn small">
            {t('identity.sendCode')}
          </button>
        </form>
        <p className="muted small">{t('identity.customHint')}</p>
        {identity.pending && (
          <form className="inline-form" onSubmit={send('/from-address/confirm', { code }, () => setCode(''))}>
            <p className={held ? 'field-error' : 'small'} role="status">
              {t(held ? 'identity.codeHeld' : 'identity.codeSent', { address: identity.pending.address })}
            </p>
            <label>
              {t('identity.code')}
              <input
                value={code}
                onChange={(ev) => setCode(ev.target.value)}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                required
              />
            </label>
            <button type="submit" className="btn small primary">
              {t('identity.verify')}
            </button>
          </form>
        )}
        <FormError error={error} />
      </fieldset>
    </div>
  );
}
