/** Top bar: inbox switcher on the left, search in the middle, the user menu on the right (admins: a search index rebuild's progress). */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useT } from '../i18n/index.js';
import { useCommand } from '../state/commands.js';
import { navigate, type Route } from '../state/route.js';
import { useSession } from '../state/session.js';
import { InboxSelect } from '../ui/InboxSelect.js';
import { useNarrow } from '../state/viewport.js';
import { Bell } from '../notifications/Bell.js';
import { ConnectionStatus } from './ConnectionStatus.js';
import { CrmNav } from './CrmNav.js';
import { SearchIndexStatus } from './SearchIndexStatus.js';
import { UserMenu } from './UserMenu.js';
import { setViewsDrawer, useViewsDrawer, VIEWS_DRAWER_ID } from './views-drawer.js';

export function TopBar({ route, onHelp }: { route: Route; onHelp(): void }) {
  const t = useT();
  const { inboxes } = useSession();
  const inboxRoute = route.page === 'inbox' ? route : null;
  const [q, setQ] = useState(inboxRoute?.filters.q ?? '');
  const searchRef = useRef<HTMLInputElement>(null);
  const narrow = useNarrow();
  const drawerOpen = useViewsDrawer();

  useEffect(() => {
    setQ(inboxRoute?.filters.q ?? '');
  }, [inboxRoute?.filters.q]);
  useCommand('search', () => searchRef.current?.focus());

  const inboxId = inboxRoute?.inboxId ?? inboxes[0]?.id ?? null;

  function search(e: FormEvent) {
    e.preventDefault();
    if (!inboxId) return;
    const base = inboxRoute ?? { page: 'inbox' as const, inboxId, view: 'all' as const, convId: null, filters: {} };
    navigate({ ...base, inboxId, convId: null, filters: { ...base.filters, q: q.trim() || undefined } });
  }

  return (
    <header className="topbar">
      <div className="topbar-left">
        {narrow && inboxRoute && (
          <button
            type="button"
            className="icon-btn menu-btn"
            aria-label={t('phone.views')}
            aria-haspopup="dialog"
            aria-expanded={drawerOpen}
            aria-controls={VIEWS_DRAWER_ID}
            onClick={() => setViewsDrawer(!drawerOpen)}
          >
            ☰
          </button>
        )}
        <span className="brand" aria-hidden="true">
          Switchboard
        </span>
        {inboxes.length > 0 && (
          <label className="inbox-switcher">
            <span className="sr-only">{t('inbox.switcher')}</span>
            <InboxSelect
              aria-label={t('inbox.switcher')}
              value={inboxId ?? ''}
              onChange={(id) => navigate({ page: 'inbox', inboxId: id, view: inboxRoute?.view ?? 'all', convId: null, filters: {} })}
            />
          </label>
        )}
        <CrmNav route={route} />
      </div>
      <form className="search" role="search" onSubmit={search}>
        <input
          id="search"
          ref={searchRef}
          type="search"
          value={q}
          placeholder={t('search.placeholder')}
          aria-label={t('search.label')}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && (e.target as HTMLInputElement).blur()}
        />
      </form>
      <SearchIndexStatus />
      <ConnectionStatus />
      <Bell />
      <UserMenu onHelp={onHelp} />
    </header>
  );
}
