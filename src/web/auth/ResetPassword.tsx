/** The page an emailed (or handed-on) reset link opens: `/reset-password#token=…`; the token never goes to the server in a URL. */
import { useState, type FormEvent } from 'react';
import { api, fieldErrors } from '../api/http.js';
import { passwordError, useT } from '../i18n/index.js';
import { AuthCard, FormError } from './AuthCard.js';

const MIN_LENGTH = 10;

export function ResetPassword() {
  const t = useT();
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(token ? null : t('reset.invalid'));
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if ([...password].length < MIN_LENGTH) return setError(t('password.short'));
    setBusy(true);
    setError(null);
    try {
      await api.post('/auth/password-reset', { token, password }, { quiet: [400, 429] });
      history.replaceState(null, '', '/reset-password');
      setDone(true);
    } catch (err) {
      const f = fieldErrors(err);
      setError(f.token ? t('reset.invalid') : (passwordError(t, f.password) ?? (err as Error).message));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard titleId="reset-title" onSubmit={submit}>
      <h2>{t('reset.title')}</h2>
      {done ? (
        <>
          <p role="status">{t('reset.done')}</p>
          <a className="btn primary" href="/">
            {t('reset.login')}
          </a>
        </>
      ) : (
        <>
          <label>
            {t('reset.password')}
            <input type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          <small className="muted">{t('security.newHint')}</small>
          <FormError error={error} />
          <button type="submit" className="btn primary" disabled={busy || !token}>
            {t('reset.save')}
          </button>
        </>
      )}
    </AuthCard>
  );
}
