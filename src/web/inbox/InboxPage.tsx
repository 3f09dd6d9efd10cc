/** The workspace: views and filters, the conversation list, the open conversation and its contact. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useT } from '../i18n/index.js';
import { isTypingTarget } from '../state/commands.js';
import { navigate, type Route } from '../state/route.js';
import { ConversationList } from './ConversationList.js';
import { ConversationPane } from './ConversationPane.js';
import { EmptyState } from '../ui/EmptyState.js';
import { Sidebar } from '../shell/Sidebar.js';
import { CONVERSATIONS_ID } from '../shell/SkipLink.js';
import { Drawer } from '../shell/Drawer.js';
import { setViewsDrawer, useViewsDrawer, VIEWS_DRAWER_ID } from '../shell/views-drawer.js';
import { useNarrow, usePhone } from '../state/viewport.js';
import { PanesContext, type Panes } from './panes.js';

type InboxRoute = Extract<Route, { page: 'inbox' }> & { inboxId: string };

function usePersistentFlag(key: string): [boolean, () => void] {
  const [v, setV] = useState(() => localStorage.getItem(key) === '1');
  const toggle = useCallback(() => {
    setV((x) => {
      localStorage.setItem(key, x ? '0' : '1');
      return !x;
    });
  }, [key]);
  return [v, toggle];
}

export function InboxPage({ route }: { route: Extract<Route, { page: 'inbox' }> }) {
  const t = useT();
  const r = route as InboxRoute;
  const order = useRef<string[]>([]);
  const [leftCollapsed, toggleLeft] = usePersistentFlag('switchboard.left');
  const [rightCollapsed, toggleRight] = usePersistentFlag('switchboard.right');
  // On a phone: one pane at a time, and the views and filters in a drawer behind the top bar's menu button.
  const phone = usePhone();
  // On a tablet (721-1100 px): the views in the same drawer, the list and the conversation side by side, and the
  // contact folded to the edge until asked for, then over the conversation.
  const narrow = useNarrow();
  const tablet = narrow && !phone;
  const [tabletContact, setTabletContact] = useState(false);
  const drawer = useViewsDrawer();
  const [contactOf, setContactOf] = useState<string | null>(null);
  useEffect(() => setViewsDrawer(false), [r.inboxId, r.view, narrow]);
  // Leaving the inbox closes it too (the menu button is only on the inbox).
  useEffect(() => () => setViewsDrawer(false), []);
  const panes = useMemo<Panes>(
    () => ({
      phone,
      pane: !r.convId ? 'list' : contactOf === r.convId ? 'contact' : 'conversation',
      // The button pressed disappears with its pane: focus moves to the control that leads back.
      showContact: () => {
        setContactOf(r.convId);
        requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-pane-back]')?.focus());
      },
      showConversation: () => {
        setContactOf(null);
        requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-pane-contact]')?.focus());
      },
    }),
    [phone, r.convId, contactOf],
  );

  const routeRef = useRef(r);
  routeRef.current = r;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target) || document.querySelector('[aria-modal="true"]')) return;
      if (e.key !== 'j' && e.key !== 'k') return;
      const ids = order.current;
      if (!ids.length) return;
      const cur = routeRef.current;
      const i = cur.convId ? ids.indexOf(cur.convId) : -1;
      const next = e.key === 'j' ? Math.min(ids.length - 1, i + 1) : Math.max(0, i === -1 ? 0 : i - 1);
      e.preventDefault();
      navigate({ ...cur, convId: ids[next]! });
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-conv-id="${CSS.escape(ids[next]!)}"]`)?.focus());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const sidebar = <Sidebar route={r} collapsed={leftCollapsed && !narrow} onToggle={toggleLeft} />;
  return (
    <PanesContext.Provider value={panes}>
      <div className={`workspace${leftCollapsed ? ' left-collapsed' : ''}${rightCollapsed ? ' right-collapsed' : ''} pane-${panes.pane}`}>
        {narrow ? (
          <Drawer id={VIEWS_DRAWER_ID} title={t('phone.views')} open={drawer} onOpenChange={setViewsDrawer}>
            {sidebar}
          </Drawer>
        ) : (
          sidebar
        )}
        <section className="list-col" id={CONVERSATIONS_ID} tabIndex={-1} aria-label={t('list.label')}>
          <ConversationList route={r} order={order} />
        </section>
        {r.convId ? (
          <ConversationPane
            key={r.convId}
            route={r}
            convId={r.convId}
            contactCollapsed={tablet ? !tabletContact : rightCollapsed && !phone}
            onToggleContact={tablet ? () => setTabletContact((x) => !x) : toggleRight}
          />
        ) : (
          <section className="conv-col conv-empty">
            <EmptyState title={t('conv.noneTitle')} text={t('conv.noneText')} />
          </section>
        )}
      </div>
    </PanesContext.Provider>
  );
}
