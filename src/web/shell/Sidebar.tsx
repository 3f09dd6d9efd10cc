/** Left sidebar: the views with live counts, then the filters. Collapsible. */
import type { ViewName } from '../../common/api.js';
import { useT, type MessageKey } from '../i18n/index.js';
import { useViewCounts } from '../state/queries.js';
import { formatRoute, linkHandler, viewList, type Route } from '../state/route.js';
import { Filters } from '../inbox/Filters.js';
import { ComposeButton } from '../compose/ComposeButton.js';

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
    </nav>
  );
}
