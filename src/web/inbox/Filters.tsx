/** Filters combinable with any view: status, channel, assignee, date range. They live in the URL. */
import type { ChannelKind } from '../../common/api.js';
import { useT, type MessageKey } from '../i18n/index.js';
import { channelList, navigate, type Filters as F, type Route } from '../state/route.js';
import { UserOptions } from '../ui/UserOptions.js';

type InboxRoute = Extract<Route, { page: 'inbox' }> & { inboxId: string };

export const channelLabel: Record<ChannelKind, MessageKey> = {
  api: 'channel.api',
  email: 'channel.email',
  chat: 'channel.chat',
  messenger: 'channel.messenger',
  form: 'channel.form',
};

export function Filters({ route }: { route: InboxRoute }) {
  const t = useT();
  const f = route.filters;
  const set = (patch: Partial<F>) => {
    const filters = { ...f, ...patch };
    for (const k of Object.keys(filters) as (keyof F)[]) if (!filters[k]) delete filters[k];
    navigate({ ...route, convId: null, filters });
  };
  const active = Object.keys(f).some((k) => k !== 'q');

  return (
    <section className="filters" aria-labelledby="filters-title">
      <h2 id="filters-title">{t('filter.title')}</h2>
      <label>
        {t('filter.status')}
        <select value={f.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as F['status'] })}>
          <option value="">{folderView(route.view) ? t('filter.any') : t('status.open')}</option>
          {!folderView(route.view) && <option value="closed">{t('status.closed')}</option>}
          {!folderView(route.view) && <option value="any">{t('filter.any')}</option>}
          {folderView(route.view) && <option value="open">{t('status.open')}</option>}
          {folderView(route.view) && <option value="closed">{t('status.closed')}</option>}
        </select>
      </label>
      <label>
        {t('filter.channel')}
        <select value={f.channel ?? ''} onChange={(e) => set({ channel: (e.target.value || undefined) as ChannelKind | undefined })}>
          <option value="">{t('filter.any')}</option>
          {channelList.map((c) => (
            <option key={c} value={c}>
              {t(channelLabel[c])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('filter.assignee')}
        <select value={f.assigneeId ?? ''} onChange={(e) => set({ assigneeId: e.target.value || undefined })}>
          <option value="">{t('filter.any')}</option>
          <option value="none">{t('filter.nobody')}</option>
          <UserOptions />
        </select>
      </label>
      <label>
        {t('filter.from')}
        <input type="date" value={f.from ?? ''} max={f.to} onChange={(e) => set({ from: e.target.value || undefined })} />
      </label>
      <label>
        {t('filter.to')}
        <input type="date" value={f.to ?? ''} min={f.from} onChange={(e) => set({ to: e.target.value || undefined })} />
      </label>
      {active && (
        <button type="button" className="btn small" onClick={() => navigate({ ...route, convId: null, filters: f.q ? { q: f.q } : {} })}>
          {t('filter.clear')}
        </button>
      )}
    </section>
  );
}

/** Filtered, Spam and Trash hold everything; the other views default to open conversations. */
export const folderView = (v: string) => v === 'filtered' || v === 'spam' || v === 'trash';

/** The list query for a route: dates become the start and the end of the chosen local days. */
export function listQuery(route: InboxRoute): Record<string, string | undefined> {
  const f = route.filters;
  const day = (d: string | undefined, end: boolean) => {
    if (!d || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return undefined;
    const at = new Date(`${d}T${end ? '23:59:59.999' : '00:00:00'}`);
    return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
  };
  const status = f.status === 'any' ? undefined : (f.status ?? (folderView(route.view) ? undefined : 'open'));
  return {
    // A search of every inbox names none; the server scopes it to what the user may read.
    inboxId: f.scope === 'all' && f.q ? undefined : route.inboxId,
    view: route.view,
    status,
    channel: f.channel,
    assigneeId: f.assigneeId,
    from: day(f.from, false),
    to: day(f.to, true),
    q: f.q,
  };
}
