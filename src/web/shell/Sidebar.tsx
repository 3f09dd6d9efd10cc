/** Left sidebar: the views with live counts, then the filters, then Reports and Settings (also on a phone, in the drawer). Collapsible. */
import type { ViewName } from '../../common/api.js';
import { useT, type MessageKey } from '../i18n/index.js';
import { useViewCounts } from '../state/queries.js';
import { formatRoute, linkHandler, useRoute, viewList, type Route } from '../state/route.js';
import { Filters } from '../inbox/Filters.js';
import { ComposeButton } from '../compose/ComposeButton.js';
import { useSession } from '../state/session.js';
import { settingsHome } from '../settings/links.js';
import './nav.css';

type InboxRoute = Extract<Route, { page: 'inbox' }> & { inboxId: string };

export const viewLabel: Record<ViewName, MessageKey> = {
  all: 'view.all',
  mine: 'view.mine',
  unassigned: 'view.unassigned',
  email: 'view.email',
  chat: 'view.chat',
  messenger: 'view.messenger',
  forms: 'view.forms',
  bots: 'view.bots',
  filtered: 'view.filtered',
  spam: 'view.spam',
  trash: 'view.trash',
};

export function Sidebar({ route, collapsed, onToggle }: { route: InboxRoute; collapsed: boolean; onToggle(): void }) {
  const t = useT();
  const inboxId = route.inboxId;
  // Kept live by the stream: fetched again when an event changes what they count (state/live-cache.ts).
  const counts = useViewCounts(inboxId).data;

  return (
    <nav className={`sidebar${collapsed ? ' collapsed' : ''}`} aria-label={t('view.nav')}>
      <button
        type="button"
        className="collapse-btn"
        aria-expanded={!collapsed}
        aria-label={collapsed ? t('panel.expandViews') : t('panel.collapseViews')}
        onClick={onToggle}
      >
        {collapsed ? '»' : '«'}
      </button>
      <ComposeButton inboxId={inboxId} conversationOpen={!!route.convId} compact={collapsed} />
      {!collapsed && (
        <>
          <ul className="views">
            {viewList.map((v) => {
              const href = formatRoute({ ...route, view: v, convId: null });
              const n = counts?.[v];
              return (
                <li key={v}>
                  <a href={href} onClick={linkHandler(href)} aria-current={route.view === v ? 'page' : undefined} data-view={v}>
                    <span>{t(viewLabel[v])}</span>
                    <span className="count" aria-label={t('view.count', { n: n ?? 0 })} data-count={n ?? ''}>
                      {n ?? ''}
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
          <Filters route={route} />
        </>
      )}
      <ReportsLink compact={collapsed} />
      <SettingsLink compact={collapsed} />
    </nav>
  );
}

/** A gear: drawn here, so the app carries no icon set for one icon. */
function GearIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="3" />
      <circle cx="12" cy="12" r="7" />
      <path d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9 7 7M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1" />
    </svg>
  );
}

/** Bars of a chart, for Reports. */
function ChartIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true" focusable="false">
      <path d="M4 20h16M7 16v-5M12 16V6M17 16v-8" />
    </svg>
  );
}

/** Reports in the main navigation, for everyone (agents see their own figures); on a phone the only way there, from the drawer. */
function ReportsLink({ compact }: { compact: boolean }) {
  const t = useT();
  const current = useRoute().page === 'reports';
  return (
    <a
      href="/reports"
      onClick={linkHandler('/reports')}
      className={`nav-settings nav-reports${compact ? ' compact' : ''}`}
      aria-label={compact ? t('nav.reports') : undefined}
      title={compact ? t('nav.reports') : undefined}
      aria-current={current ? 'page' : undefined}
    >
      <ChartIcon />
      {!compact && <span>{t('nav.reports')}</span>}
    </a>
  );
}

/** Settings in the main navigation, for everyone (agents land on the tabs they have, as from the user menu). */
export function SettingsLink({ compact }: { compact: boolean }) {
  const t = useT();
  const { isAdmin } = useSession();
  const href = settingsHome(isAdmin);
  const current = useRoute().page === 'settings';
  return (
    <a
      href={href}
      onClick={linkHandler(href)}
      className={`nav-settings${compact ? ' compact' : ''}`}
      aria-label={compact ? t('menu.settings') : undefined}
      title={compact ? t('menu.settings') : undefined}
      aria-current={current ? 'page' : undefined}
    >
      <GearIcon />
      {!compact && <span>{t('menu.settings')}</span>}
    </a>
  );
}
