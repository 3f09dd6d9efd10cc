/** The conversation list of a view: keyset pages as you scroll, kept live by the stream's events (state/live-cache.ts). */
import { useEffect, useMemo, useRef, type MutableRefObject } from 'react';
import { useT } from '../i18n/index.js';
import { indexPercent, useConversationList } from '../state/queries.js';
import { formatRoute, linkHandler, type Route } from '../state/route.js';
import { ConversationRow } from './ConversationRow.js';
import { EmptyState } from '../ui/EmptyState.js';
import { listQuery } from './Filters.js';
import { viewLabel } from '../shell/Sidebar.js';
import { useSession } from '../state/session.js';
import { CONVERSATIONS_ID } from '../shell/SkipLink.js';
import { GettingStarted, useGettingStarted, useHiddenStart } from './GettingStarted.js';

type InboxRoute = Extract<Route, { page: 'inbox' }> & { inboxId: string };

export function ConversationList({ route, order }: { route: InboxRoute; order: MutableRefObject<string[]> }) {
  const t = useT();
  const sentinel = useRef<HTMLLIElement>(null);
  const list = useConversationList(listQuery(route));
  const { data, hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const state = data ? 'ready' : list.isError ? 'error' : 'loading';
  const loadMore = useMemo(() => () => void fetchNextPage({ cancelRefetch: false }).catch(() => {}), [fetchNextPage]);

  // Rows may repeat across pages after a move; the first place wins. The open conversation is read.
  const items = useMemo(() => {
    const seen = new Set<string>();
    const rows = (data?.pages ?? []).flatMap((p) => p.items).filter((r) => !seen.has(r.id) && !!seen.add(r.id));
    return rows.map((r) => (r.id === route.convId && r.unread ? { ...r, unread: false } : r));
  }, [data, route.convId]);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMore(), { rootMargin: '200px' });
    io.observe(el);
    return () => io.disconnect();
  }, [hasNextPage, loadMore]);

  order.current = items.map((r) => r.id);
  // A search answered while the index is rebuilt may miss conversations (asked again until it is built).
  const building = route.filters.q ? data?.pages[0]?.searchIndex : undefined;

  // A view with nothing in it, unfiltered: if the whole inbox is still empty, the getting-started panel says what to do.
  const { inboxes } = useSession();
  const [startHidden, hideStart] = useHiddenStart(route.inboxId);
  const unfiltered = Object.values(route.filters).every((v) => !v);
  const scopeHref = formatRoute({
    ...route,
    convId: null,
    filters: { ...route.filters, scope: route.filters.scope === 'all' ? undefined : 'all' },
  });
  const start = useGettingStarted(route.inboxId, state === 'ready' && items.length === 0 && unfiltered && !startHidden);
  const showStart = state === 'ready' && items.length === 0 && unfiltered && !startHidden && start.data?.empty === true;
  const startPending = state === 'ready' && items.length === 0 && unfiltered && !startHidden && start.isPending;

  return (
    <>
      <header className="list-head">
        <h1>{t(viewLabel[route.view])}</h1>
        {route.filters.q && (
          <span className="muted search-note">
            {t(route.filters.scope === 'all' ? 'search.resultsAll' : 'search.results', { q: route.filters.q })}{' '}
            {inboxes.length > 1 && (
              <a href={scopeHref} onClick={linkHandler(scopeHref)}>
                {t(route.filters.scope === 'all' ? 'search.thisInbox' : 'search.allInboxes')}
              </a>
            )}
          </span>
        )}
        {building && <p className="search-partial">{t('searchIndex.partial', { percent: indexPercent(building) })}</p>}
      </header>
      {state === 'loading' && <div className="list-loading" aria-busy="true" aria-label={t('common.loading')} />}
      {state === 'error' && <EmptyState title={t('list.errorTitle')} text={t('list.errorText')} />}
      {showStart && start.data && (
        <GettingStarted
          data={start.data}
          inboxName={inboxes.find((i) => i.id === route.inboxId)?.name ?? ''}
          onHide={() => {
            hideStart();
            // The button goes with the panel: focus stays in the list it was in.
            document.getElementById(CONVERSATIONS_ID)?.focus();
          }}
        />
      )}
      {state === 'ready' && items.length === 0 && !showStart && !startPending && (
        <EmptyState title={route.filters.q ? t('list.noResults') : t('list.emptyTitle')} text={t('list.emptyText')} />
      )}
      {items.length > 0 && (
        <ul className="conv-list" aria-label={t('list.label')}>
          {items.map((row) => (
            <ConversationRow key={row.id} row={row} route={route} selected={row.id === route.convId} />
          ))}
          {hasNextPage && (
            <li ref={sentinel} className="list-more">
              <button type="button" className="btn small" onClick={loadMore} disabled={isFetchingNextPage}>
                {isFetchingNextPage ? t('common.loading') : t('list.more')}
              </button>
            </li>
          )}
        </ul>
      )}
    </>
  );
}
