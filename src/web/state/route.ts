/** The URL is the app's navigation state: inbox, view, filters, open conversation, settings tab. */
import { useSyncExternalStore } from 'react';
import type { ChannelKind, ViewName } from '../../common/api.js';
import type { ReportName } from '../../common/report-api.js';

export const viewList: ViewName[] = [
  'all',
  'mine',
  'unassigned',
  'email',
  'chat',
  'messenger',
  'forms',
  'bots',
  'filtered',
  'spam',
  'trash',
];
export const channelList: ChannelKind[] = ['api', 'email', 'chat', 'messenger', 'form'];
export const settingsTabs = [
  'inboxes',
  'outgoing-email',
  'users',
  'teams',
  'webhooks',
  'export',
  'notifications',
  'snippets',
  'templates',
  'security',
] as const;
export type SettingsTab = (typeof settingsTabs)[number];
/** The Reports screen's tabs (`/reports/<name>`), as `common/report-api.ts` names them (its module holds zod: not imported here). */
export const reportTabs: readonly ReportName[] = ['agents', 'response-times', 'volume', 'bots'];

export interface Filters {
  /** Inbox views show open conversations unless told otherwise (their counts are of open ones too). */
  status?: 'open' | 'closed' | 'any';
  channel?: ChannelKind;
  assigneeId?: string;
  from?: string;
  to?: string;
  q?: string;
  /** With `q`: search every inbox the user may read, not only this one. */
  scope?: 'all';
}

export type Route =
  | { page: 'inbox'; inboxId: string | null; view: ViewName; convId: string | null; filters: Filters }
  | { page: 'settings'; tab: SettingsTab }
  | { page: 'contacts'; contactId: string | null }
  | { page: 'tickets'; view: 'board' | 'list'; pipelineId: string | null }
  /** `search`: the report's filters as the address's query (without `?`), read by reports/filters.ts. */
  | { page: 'reports'; report: ReportName; search: string }
  | { page: 'notfound' };

const filterKeys = ['status', 'channel', 'assigneeId', 'from', 'to', 'q', 'scope'] as const;

export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(search);
  if (parts[0] === 'settings') {
    const tab = (settingsTabs as readonly string[]).includes(parts[1] ?? '') ? (parts[1] as SettingsTab) : 'inboxes';
    return { page: 'settings', tab };
  }
  if (parts[0] === 'contacts' && parts.length <= 2) return { page: 'contacts', contactId: parts[1] ?? null };
  if (parts[0] === 'tickets' && parts.length === 1)
    return { page: 'tickets', view: params.get('view') === 'list' ? 'list' : 'board', pipelineId: params.get('pipeline') };
  if (parts[0] === 'reports' && parts.length <= 2) {
    const report = (parts[1] ?? 'agents') as ReportName;
    return reportTabs.includes(report) ? { page: 'reports', report, search: params.toString() } : { page: 'notfound' };
  }
  if (parts.length === 0) return { page: 'inbox', inboxId: null, view: 'all', convId: null, filters: {} };
  if (parts[0] !== 'inbox' || parts.length > 4) return { page: 'notfound' };
  const view = (parts[2] ?? 'all') as ViewName;
  if (!viewList.includes(view)) return { page: 'notfound' };
  const filters: Filters = {};
  for (const k of filterKeys) {
    const v = params.get(k);
    if (v) (filters as Record<string, string>)[k] = v;
  }
  if (filters.status && !['open', 'closed', 'any'].includes(filters.status)) delete filters.status;
  if (filters.channel && !channelList.includes(filters.channel)) delete filters.channel;
  if (filters.scope !== 'all') delete filters.scope;
  return { page: 'inbox', inboxId: parts[1] ?? null, view, convId: parts[3] ?? null, filters };
}

export function formatRoute(r: Route): string {
  if (r.page === 'settings') return `/settings/${r.tab}`;
  if (r.page === 'notfound') return '/';
  if (r.page === 'reports') return `/reports/${r.report}${r.search ? `?${r.search}` : ''}`;
  if (r.page === 'contacts') return r.contactId ? `/contacts/${encodeURIComponent(r.contactId)}` : '/contacts';
  if (r.page === 'tickets') {
    const q = new URLSearchParams();
    if (r.view === 'list') q.set('view', 'list');
    if (r.pipelineId) q.set('pipeline', r.pipelineId);
    return q.size ? `/tickets?${q}` : '/tickets';
  }
  if (!r.inboxId) return '/';
  let path = `/inbox/${encodeURIComponent(r.inboxId)}/${r.view}`;
  if (r.convId) path += `/${encodeURIComponent(r.convId)}`;
  const params = new URLSearchParams();
  for (const k of filterKeys) {
    const v = r.filters[k];
    if (v) params.set(k, v);
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

const NAV_EVENT = 'sb:navigate';

export function navigate(to: Route | string, opts: { replace?: boolean } = {}): void {
  const url = typeof to === 'string' ? to : formatRoute(to);
  if (url === location.pathname + location.search) return;
  if (opts.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event(NAV_EVENT));
}

function subscribe(fn: () => void): () => void {
  window.addEventListener('popstate', fn);
  window.addEventListener(NAV_EVENT, fn);
  return () => {
    window.removeEventListener('popstate', fn);
    window.removeEventListener(NAV_EVENT, fn);
  };
}

let cacheKey = '';
let cacheRoute: Route = { page: 'notfound' };
function snapshot(): Route {
  const key = location.pathname + location.search;
  if (key !== cacheKey) {
    cacheKey = key;
    cacheRoute = parseRoute(location.pathname, location.search);
  }
  return cacheRoute;
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, snapshot);
}

/** A link that navigates with the History API but stays a real link (new tab, copy address). */
export function linkHandler(to: string) {
  return (e: { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean; preventDefault(): void }) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
}

/** The address's `#fragment` without the `#` (e.g. `imap` in `/settings/inboxes#imap`), following navigation. */
export function useHash(): string {
  return useSyncExternalStore(
    (fn) => {
      const off = subscribe(fn);
      window.addEventListener('hashchange', fn);
      return () => {
        off();
        window.removeEventListener('hashchange', fn);
      };
    },
    () => location.hash.replace(/^#/, ''),
  );
}
