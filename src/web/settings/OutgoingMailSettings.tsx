/** Settings › Outgoing email (admins): the server replies of forwarding addresses leave through, where it comes from, and a test email. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { OutgoingMailInput, OutgoingMailOut, OutgoingMailTestOut, OutgoingSecurity } from '../../common/api.js';
import { outgoingSecurities } from '../../common/settings-api.js';
import { api, errorMessage, fieldErrors } from '../api/http.js';
import { mailErrorKey, useT } from '../i18n/index.js';
import { Field } from '../ui/Field.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';

const URL_ = '/settings/outgoing-mail';
const defaultPort: Record<OutgoingSecurity, number> = { tls: 465, starttls: 587, none: 25 };

interface Form {
  host: string;
  port: string;
  security: OutgoingSecurity;
  user: string;
  password: string;
  fromAddress: string;
}
const formOf = (o: OutgoingMailOut | null): Form => {
  const s = o?.settings;
  return {
    host: s?.host ?? '',
    port: String(s?.port ?? 587),
    security: s?.security ?? 'starttls',
    user: s?.user ?? '',
    password: '',
    fromAddress: s?.fromAddress ?? '',
  };
};

export function OutgoingMailSettings() {
  const t = useT();
  const toast = useToast();
  const { me, inboxes } = useSession();
  const [state, setState] = useState<OutgoingMailOut | null>(null);
  const [form, setForm] = useState<Form>(formOf(null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [to, setTo] = useState(me.email);
  const [result, setResult] = useState<{ to: string; out: OutgoingMailTestOut } | 'testing' | null>(null);

  const show = useCallback((o: OutgoingMailOut) => {
    setState(o);
    setForm(formOf(o));
  }, []);
  useEffect(() => {
    void api.get<OutgoingMailOut>(URL_).then(show);
  }, [show]);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  /** What the form says, as the API takes it; an empty password keeps the saved one. */
  const input = (): OutgoingMailInput => ({
    host: form.host.trim(),
    port: Number(form.port),
    security: form.security,
    user: form.user.trim(),
    ...(form.password ? { password: form.password } : {}),
    fromAddress: form.fromAddress.trim(),
  });

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      show(await api.put<OutgoingMailOut>(URL_, input(), { quiet: [400] }));
      setErrors({});
      toast(t('outgoing.saved'));
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(Object.keys(f).length ? f : { host: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }
  async function remove() {
    show(await api.del<OutgoingMailOut>(URL_));
    setErrors({});
    toast(t('outgoing.removed'));
  }
  /** "Use this address for sending", per forwarding address (a change of the channel). */
  async function setUseForSending(channelId: string, on: boolean) {
    await api.patch(`/channels/${encodeURIComponent(channelId)}`, { useForSending: on });
    show(await api.get<OutgoingMailOut>(URL_));
    toast(t('outgoing.saved'));
  }
  async function test(e: FormEvent) {
    e.preventDefault();
    setResult('testing');
    try {
      // The form when it names a server (saved or not), else the server in use (SMTP_RELAY_URL).
      const body = form.host.trim() ? { to, settings: input() } : { to };
      setResult({ to, out: await api.post<OutgoingMailTestOut>(`${URL_}/test`, body, { quiet: [400] }) });
    } catch (err) {
      setResult({ to, out: { ok: false, error: errorMessage(err), errorKind: null } });
    }
  }

  if (!state) return null;
  const domain = inboxes[0]?.fallbackAddress.split('@')[1] ?? 'localhost';
  const stateText =
    state.source === 'settings'
      ? t('outgoing.stateSettings')
      : state.source === 'env'
        ? t('outgoing.stateEnv', { server: state.env ? `${state.env.host}:${state.env.port}` : 'SMTP_RELAY_URL' })
        : t('outgoing.stateNone');
  const failure = (o: OutgoingMailTestOut) => {
    if (o.errorKind === 'none') return t('outgoing.testNone');
    const key = o.errorKind ? mailErrorKey(o.errorKind) : null;
    return t('outgoing.testFailed', { error: key ? t(key) : (o.error ?? '') });
  };
  return (
    <section aria-labelledby="outgoing-title" className="outgoing-mail">
      <header className="settings-head">
        <h2 id="outgoing-title">{t('outgoing.title')}</h2>
      </header>
      <p className="muted">{t('outgoing.intro')}</p>
      <p className={state.source === 'none' ? 'chip chip-failed' : 'chip'} role="status" data-outgoing-source={state.source}>
        {stateText}
      </p>
      {state.heldJobs > 0 && <p className="field-error">{t('outgoing.held', { n: state.heldJobs })}</p>}
      <form className="form" onSubmit={(e) => void save(e)} noValidate>
        <Field label={t('outgoing.host')} error={errors.host}>
          <input
            value={form.host}
            onChange={(e) => set('host', e.target.value)}
            required
            autoComplete="off"
            placeholder="smtp.example.com"
          />
        </Field>
        <Field label={t('outgoing.security')} error={errors.security}>
          <select
            value={form.security}
            onChange={(e) => {
              const security = e.target.value as OutgoingSecurity;
              // The usual port follows the security, unless another one was typed.
              setForm((f) => ({
                ...f,
                security,
                port: Object.values(defaultPort).includes(Number(f.port)) ? String(defaultPort[security]) : f.port,
              }));
            }}
          >
            {outgoingSecurities.map((s) => (
              <option key={s} value={s}>
                {t(`outgoing.security.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('outgoing.port')} error={errors.port}>
          <input type="number" min={1} max={65535} value={form.port} onChange={(e) => set('port', e.target.value)} required />
        </Field>
        <Field label={t('outgoing.user')} error={errors.user}>
          <input value={form.user} onChange={(e) => set('user', e.target.value)} autoComplete="off" />
        </Field>
        <Field
          label={t('outgoing.password')}
          error={errors.password}
          hint={state.settings?.hasPassword ? t('outgoing.passwordKept') : undefined}
        >
          <input type="password" value={form.password} onChange={(e) => set('password', e.target.value)} autoComplete="new-password" />
        </Field>
        <Field
          label={t('outgoing.fromAddress')}
          error={errors.fromAddress}
          hint={t('outgoing.fromHint', { address: `no-reply@${domain}` })}
        >
          <input type="email" value={form.fromAddress} onChange={(e) => set('fromAddress', e.target.value)} />
        </Field>
        <div className="form-actions">
          {state.settings && (
            <button type="button" className="btn" onClick={() => void remove()}>
              {t('outgoing.remove')}
            </button>
          )}
          <button type="submit" className="btn primary" disabled={busy}>
            {t('outgoing.save')}
          </button>
        </div>
      </form>
      {state.addresses.length > 0 && (
        <fieldset className="outgoing-addresses">
          <legend>{t('outgoing.addresses')}</legend>
          {state.addresses.map((x) => (
            <label key={x.channelId} className="choice" data-address={x.address}>
              <input type="checkbox" checked={x.useForSending} onChange={(e) => void setUseForSending(x.channelId, e.target.checked)} />{' '}
              {t('outgoing.useForSending')}: <span className="mono">{x.address}</span> <span className="muted small">({x.inboxName})</span>
            </label>
          ))}
          <p className="muted small">{t('outgoing.addressesHint')}</p>
        </fieldset>
      )}
      <form className="form outgoing-test" onSubmit={(e) => void test(e)}>
        <Field label={t('outgoing.testTo')} hint={t('outgoing.testHint')}>
          <input type="email" value={to} onChange={(e) => setTo(e.target.value)} required />
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn" disabled={result === 'testing'}>
            {result === 'testing' ? t('outgoing.testing') : t('outgoing.test')}
          </button>
        </div>
        {result && result !== 'testing' && (
          <p className={result.out.ok ? 'small' : 'field-error'} role="status" data-test-result={result.out.ok ? 'ok' : 'failed'}>
            {result.out.ok ? t('outgoing.testOk', { to: result.to }) : failure(result.out)}
          </p>
        )}
      </form>
    </section>
  );
}
