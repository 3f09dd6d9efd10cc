/** The conversation list of a view: keyset pages as you scroll, refreshed live from the stream. */
import { useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import type { ConversationRow as Row, Page } from '../../common/api.js';
import { api } from '../api/http.js';
import { stream } from '../api/stream.js';
import { useT } from '../i18n/index.js';
import { useDebounced, useStream } from '../state/hooks.js';
import { type Route } from '../state/route.js';
import { ConversationRow } from './ConversationRow.js';
import { EmptyState } from '../ui/EmptyState.js';
import { listQuery } from './Filters.js';
import { viewLabel } from '../shell/Sidebar.js';

type InboxRoute = Extract<Route, { page: 'inbox' }> & { inboxId: string };
const PAGE = 30;

/** A fresh first page replaces the head of the list; older rows already loaded stay after it. */
function mergeHead(fresh: Row[], old: Row[], freshHasMore: boolean): Row[] {
  if (!freshHasMore) return fresh;
  const seen = new Set(fresh.map((r) => r.id));
  const last = fresh[fresh.length - 1];
  const tail = old.filter((r) => !seen.has(r.id) && (!last || r.lastMessageAt <= last.lastMessageAt));
  return [...fresh, ...tail];
}

export function ConversationList({ route, order }: { route: InboxRoute; order: MutableRefObject<string[]> }) {
  const t = useT();
  const [items, setItems] = useState<Row[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [loadingMore, setLoadingMore] = useState(false);
  const sentinel = useRef<HTMLLIElement>(null);
  const query = listQuery(route);
  const key = JSON.stringify(query);
  const gen = useRef(0);

  const loadFirst = useCallback(
    async (fresh: boolean) => {
      const g = fresh ? ++gen.current : gen.current;
      if (fresh) setState('loading');
      try {
        const page = await api.get<Page<Row>>('/conversations', { ...JSON.parse(key), limit: PAGE });
        if (g !== gen.current) return;
        setItems((old) => (fresh ? page.items : mergeHead(page.items, old, !!page.nextCursor)));
        if (fresh) setCursor(page.nextCursor);
        setState('ready');
      } catch {
        if (g === gen.current && fresh) setState('error');
      }
    },
    [key],
  );

  useEffect(() => {
    setItems([]);
    setCursor(null);
    void loadFirst(true);
  }, [loadFirst]);

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore) return;
    const g = gen.current;
    setLoadingMore(true);
    try {
      const page = await api.get<Page<Row>>('/conversations', { ...JSON.parse(key), limit: PAGE, cursor });
      if (g !== gen.current) return;
      setItems((old) => {
        const seen = new Set(old.map((r) => r.id));
        return [...old, ...page.items.filter((r) => !seen.has(r.id))];
      });
      setCursor(page.nextCursor);
    } catch {
      /* toasted */
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, loadingMore, key]);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !cursor) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void loadMore(), { rootMargin: '200px' });
    io.observe(el);
    return () => io.disconnect();
  }, [cursor, loadMore]);

  const refresh = useDebounced(() => void loadFirst(false), 200);
  useStream((msg) => {
    if (msg.type === 'ready' && stream.resumed) refresh();
    if (msg.type !== 'event') return;
    if (msg.inboxId !== route.inboxId && msg.inboxId !== null) return;
    if (/^(conversation|message|contact)\./.test(msg.event)) refresh();
  });

  // The open conversation is read.
  useEffect(() => {
    if (route.convId) setItems((rows) => rows.map((r) => (r.id === route.convId && r.unread ? { ...r, unread: false } : r)));
  }, [route.convId, items.length]);

  order.current = items.map((r) => r.id);

  return (
    <>
      <header className="list-head">
        <h1>{t(viewLabel[route.view])}</h1>
        {route.filters.q && <span className="muted search-note">{t('search.results', { q: route.filters.q })}</span>}
      </header>
      {state === 'loading' && <div className="list-loading" aria-busy="true" aria-label={t('common.loading')} />}
      {state === 'error' && <EmptyState title={t('list.errorTitle')} text={t('list.errorText')} />}
      {state === 'ready' && items.length === 0 && (
        <EmptyState title={route.filters.q ? t('list.noResults') : t('list.emptyTitle')} text={t('list.emptyText')} />
      )}
      {items.length > 0 && (
        <ul className="conv-list" aria-label={t('list.label')}>
          {items.map((row) => (
            <ConversationRow key={row.id} row={row} route={route} selected={row.id === route.convId} />
          ))}
          {cursor && (
            <li ref={sentinel} className="list-more">
              <button type="button" className="btn small" onClick={() => void loadMore()} disabled={loadingMore}>
                {loadingMore ? t('common.loading') : t('list.more')}
              </button>
            </li>
          )}
        </ul>
      )}
    </>
  );
}
