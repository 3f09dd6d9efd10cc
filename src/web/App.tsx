/** Boot: who is signed in, which language, and the failure handlers that feed toasts and the login page. */
import { useCallback, useEffect, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import type { UserOut } from '../common/api.js';
import { ApiError, api, fieldErrors, setFailureHandlers, setFieldWording, setRefusalWording } from './api/http.js';
import { Login } from './auth/Login.js';
import { ResetPassword } from './auth/ResetPassword.js';
import { Shell } from './shell/Shell.js';
import { I18nProvider, fieldErrorText, isLocale, refusalText, useT, type Locale } from './i18n/index.js';
import { useLiveCache } from './state/live-cache.js';
import { createQueryClient } from './state/query-client.js';
import { SessionProvider } from './state/session.js';
import { ToastProvider, useToast } from './state/toasts.js';

const LOCALE_KEY = 'switchboard.locale';

function initialLocale(): Locale {
  const saved = localStorage.getItem(LOCALE_KEY);
  if (isLocale(saved)) return saved;
  const nav = navigator.language.slice(0, 2);
  return isLocale(nav) ? nav : 'en';
}

export function App() {
  const [me, setMeState] = useState<UserOut | null | undefined>(undefined);
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [queryClient] = useState(createQueryClient);

  const setMe = useCallback(
    (u: UserOut | null) => {
      setMeState(u);
      // Signed out: nothing read as that user stays in the cache.
      if (!u) queryClient.clear();
      if (u && isLocale(u.locale)) {
        setLocale(u.locale);
        localStorage.setItem(LOCALE_KEY, u.locale);
      }
    },
    [queryClient],
  );

  const resetting = location.pathname === '/reset-password';
  useEffect(() => {
    if (resetting) return;
    // A signed-out visit answers 200 `{user: null}`: nothing red in the browser's console.
    api
      .get<{ user: UserOut | null }>('/auth/session')
      .then((r) => setMe(r.user))
      .catch(() => setMe(null));
  }, [setMe, resetting]);

  const signedOut = useCallback(() => setMe(null), [setMe]);

  const chooseLocale = useCallback((l: Locale) => {
    setLocale(l);
    localStorage.setItem(LOCALE_KEY, l);
  }, []);

  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider locale={locale}>
        <ToastProvider>
          <FailureWiring onUnauthorized={signedOut} />
          {resetting ? (
            <ResetPassword />
          ) : me === undefined ? (
            <div className="splash" aria-busy="true" />
          ) : me === null ? (
            <Login onLogin={setMe} locale={locale} onLocale={chooseLocale} />
          ) : (
            <SessionProvider me={me} onMe={setMe} onLogout={signedOut}>
              <LiveCache meId={me.id} />
              <Shell />
            </SessionProvider>
          )}
        </ToastProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}

/** The stream's events kept in the query cache for as long as someone is signed in. */
function LiveCache({ meId }: { meId: string }) {
  useLiveCache(meId);
  return null;
}

function FailureWiring({ onUnauthorized }: { onUnauthorized(): void }) {
  const toast = useToast();
  const t = useT();
  useEffect(() => {
    setFailureHandlers((e: ApiError) => {
      if (e.status === 0) toast(t('error.network'), 'error');
      else if (e.status === 400) {
        // The refused fields in the user's language when the answer names them, else the refusal's reason.
        const fields = Object.entries(fieldErrors(e));
        if (fields.length) toast(`${t('error.invalid')}: ${fields.map(([k, v]) => `${k}: ${v}`).join('; ')}`, 'error');
        else toast(refusalText(t, e.status, e.refusal, e.english), 'error');
      } else if (e.status === 403 || e.status === 409) toast(refusalText(t, e.status, e.refusal, e.english), 'error');
      else if (e.status === 404) toast(t('error.notFound'), 'error');
      else if (e.status === 429) toast(t('error.rateLimited'), 'error');
      else toast(t('error.server', { status: e.status }), 'error');
    }, onUnauthorized);
    setFieldWording((error, english) => fieldErrorText(t, error, english));
    setRefusalWording((status, refusal, english) => refusalText(t, status, refusal, english));
  }, [toast, t, onUnauthorized]);
  return null;
}
