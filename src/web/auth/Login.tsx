/** The sign-in page. */
import { useState, type FormEvent } from 'react';
import type { UserOut } from '../../common/api.js';
import { ApiError, api } from '../api/http.js';
import { useT, type Locale } from '../i18n/index.js';
import { LanguageOptions } from '../ui/LanguageOptions.js';
import { AuthCard, FormError } from './AuthCard.js';

export function Login(props: { onLogin(u: UserOut): void; locale: Locale; onLocale(l: Locale): void }) {
  const t = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<UserOut | { user: UserOut }>('/auth/login', { email, password }, { quiet: [400, 401, 429] });
      const user = 'user' in res ? res.user : res;
      props.onLogin(user);
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) setError(t('login.rateLimited'));
      else if (err instanceof ApiError && (err.status === 401 || err.status === 400)) setError(t('login.failed'));
      else setError(t('error.network'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard titleId="login-title" onSubmit={submit}>
      <p className="muted">{t('login.intro')}</p>
      <label>
        {t('login.email')}
        <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        {t('login.password')}
        <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <FormError error={error} />
      <button type="submit" className="btn primary" disabled={busy}>
        {busy ? t('login.signingIn') : t('login.submit')}
      </button>
      <label className="login-lang">
        {t('menu.language')}
        <select value={props.locale} onChange={(e) => props.onLocale(e.target.value as Locale)}>
          <LanguageOptions />
        </select>
      </label>
    </AuthCard>
  );
}
