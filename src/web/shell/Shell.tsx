/** The signed-in app: top bar, then the inbox workspace or the settings pages. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { useT } from '../i18n/index.js';
import { emitCommand, isTypingTarget } from '../state/commands.js';
import { navigate, useRoute } from '../state/route.js';
import { useSession } from '../state/session.js';
import { EmptyState } from '../ui/EmptyState.js';
import { InboxPage } from '../inbox/InboxPage.js';
import { ShortcutHelp } from './ShortcutHelp.js';
import { MAIN_ID, SkipLink } from './SkipLink.js';
import { TopBar } from './TopBar.js';
import { useNotificationAlerts } from '../notifications/useAlerts.js';

const LAST_INBOX = 'switchboard.inbox';
const SettingsPage = lazy(() => import('../settings/SettingsPage.js').then((m) => ({ default: m.SettingsPage })));
const CrmPage = lazy(() => import('./CrmPage.js').then((m) => ({ default: m.CrmPage })));
const ReportsPage = lazy(() => import('../reports/ReportsPage.js').then((m) => ({ default: m.ReportsPage })));

export function Shell() {
  const t = useT();
  const route = useRoute();
  const { inboxes } = useSession();
  const [help, setHelp] = useState(false);
  useNotificationAlerts();

  // `/` opens the inbox used last, or the first one the user may see.
  useEffect(() => {
    if (route.page !== 'inbox') return;
    if (route.inboxId) {
      if (inboxes.some((i) => i.id === route.inboxId)) localStorage.setItem(LAST_INBOX, route.inboxId);
      return;
    }
    const last = localStorage.getItem(LAST_INBOX);
    const inbox = inboxes.find((i) => i.id === last) ?? inboxes[0];
    if (inbox) navigate({ ...route, inboxId: inbox.id }, { replace: true });
  }, [route, inboxes]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (document.querySelector('[aria-modal="true"]') && e.key !== '?') return;
      const map: Record<string, () => void> = {
        '?': () => setHelp((h) => !h),
        '/': () => emitCommand('search'),
        r: () => emitCommand('reply'),
        c: () => emitCommand('comment'),
        a: () => emitCommand('assign'),
        e: () => emitCommand('close'),
        n: () => emitCommand('notifications'),
        '#': () => emitCommand('snippet'),
      };
      const fn = map[e.key];
      if (fn) {
        e.preventDefault();
        fn();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  let body;
  if (route.page === 'settings') {
    body = (
      <Suspense fallback={<div className="splash" aria-busy="true" />}>
        <SettingsPage tab={route.tab} />
      </Suspense>
    );
  } else if (route.page === 'contacts' || route.page === 'tickets') {
    body = (
      <Suspense fallback={<div className="splash" aria-busy="true" />}>
        <CrmPage route={route} />
      </Suspense>
    );
  } else if (route.page === 'reports') {
    body = (
      <Suspense fallback={<div className="splash" aria-busy="true" />}>
        <ReportsPage route={route} />
      </Suspense>
    );
  } else if (route.page === 'notfound') {
    body = <EmptyState title={t('notFound.title')} text={t('notFound.text')} action={{ label: t('notFound.home'), href: '/' }} />;
  } else if (!inboxes.length) {
    body = <EmptyState title={t('inbox.noneTitle')} text={t('inbox.noneText')} />;
  } else if (!route.inboxId) {
    body = <div className="splash" aria-busy="true" />;
  } else if (!inboxes.some((i) => i.id === route.inboxId)) {
    body = <EmptyState title={t('notFound.title')} text={t('notFound.inbox')} action={{ label: t('notFound.home'), href: '/' }} />;
  } else {
    body = <InboxPage route={route} />;
  }

  return (
    <div className="app">
      <SkipLink toConversations={route.page === 'inbox'} />
      <TopBar route={route} onHelp={() => setHelp(true)} />
      <main id={MAIN_ID} className="app-main" tabIndex={-1}>
        {body}
      </main>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
