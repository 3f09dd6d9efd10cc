/**
 * What an event does to the data a screen holds: pure functions from cached data and an event's
 * row or message to the new data. Where an event cannot say (a row new to a list, a search), they
 * answer `unknown` and the caller re-fetches.
 */
import type { ConversationOut, ConversationRow, MessageOut } from '../../common/api.js';
import type { ListFilter, Pages } from './queries.js';

/** A conversation row as events carry it: the list row without the reader's unread flag. */
export type EventRow = Omit<ConversationRow, 'unread'>;

const kindOfView: Record<string, ConversationRow['channel']> = { email: 'email', chat: 'chat', messenger: 'messenger', forms: 'form' };

const byTime = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Thread pages with a new message added, unless it is there already. The app's thread is read `newest-first`
 * (its first page holds the newest messages, each page oldest first), so that page takes it. Pages read
 * `oldest-first` take it on the last page, unless pages past it are still unread: then it waits for its page.
 */
export function withMessage(
  data: Pages<MessageOut> | undefined,
  m: MessageOut,
  order: 'oldest-first' | 'newest-first' = 'oldest-first',
): Pages<MessageOut> | undefined {
  if (!data?.pages.length || data.pages.some((p) => p.items.some((x) => x.id === m.id))) return data;
  const at = order === 'newest-first' ? 0 : data.pages.length - 1;
  const page = data.pages[at]!;
  if (order === 'oldest-first' && page.nextCursor) return data;
  const items = [...page.items, m];
  if (page.items.length && byTime(page.items[page.items.length - 1]!, m) > 0) items.sort(byTime);
  const pages = data.pages.slice();
  pages[at] = { ...page, items };
  return { ...data, pages };
}

/**
 * Thread pages with a message's new delivery state (what `message.updated` carries; its names are not sent
 * again), and its files when it carries them (a Messenger attachment stored after the message).
 */
export function withMessageUpdate(data: Pages<MessageOut> | undefined, m: MessageOut): Pages<MessageOut> | undefined {
  if (!data || !data.pages.some((p) => p.items.some((x) => x.id === m.id))) return data;
  const update = (x: MessageOut) =>
    x.id === m.id
      ? {
          ...x,
          deliveryState: m.deliveryState,
          deliveryError: m.deliveryError,
          deliveryHeld: m.deliveryHeld,
          ...(m.attachments ? { attachments: m.attachments } : {}),
        }
      : x;
  return { ...data, pages: data.pages.map((p) => (p.items.some((x) => x.id === m.id) ? { ...p, items: p.items.map(update) } : p)) };
}

/** Whether a row belongs in a list of this filter, where the row can tell (`unknown` for a search). */
export function rowMatches(f: ListFilter, row: EventRow, meId: string): boolean | 'unknown' {
  if (f.inboxId && row.inboxId !== f.inboxId) return false;
  const v = f.view ?? 'all';
  if (v === 'filtered' || v === 'spam' || v === 'trash') {
    if (row.folder !== v) return false;
  } else {
    if (row.folder !== 'inbox') return false;
    // A bot's conversation is in the Bots view only; the inbox views have it once handed over.
    if (row.isBot !== (v === 'bots')) return false;
    if (v === 'mine' && row.assignee?.id !== meId) return false;
    if (v === 'unassigned' && row.assignee) return false;
    if (kindOfView[v] && row.channel !== kindOfView[v]) return false;
  }
  if (f.status && row.status !== f.status) return false;
  if (f.channel && row.channel !== f.channel) return false;
  if (f.assigneeId && (f.assigneeId === 'none' ? row.assignee !== null : row.assignee?.id !== f.assigneeId)) return false;
  if (f.teamId && row.teamId !== f.teamId) return false;
  if (f.from && row.lastMessageAt < new Date(f.from).toISOString()) return false;
  if (f.to && row.lastMessageAt > new Date(f.to).toISOString()) return false;
  // A search's order and matches are the server's.
  if (f.q) return 'unknown';
  return true;
}

/** Newest first, as the list is ordered (last message, then id). */
const newer = (a: { lastMessageAt: string; id: string }, b: { lastMessageAt: string; id: string }) =>
  a.lastMessageAt > b.lastMessageAt || (a.lastMessageAt === b.lastMessageAt && a.id > b.id);

export interface RowChange {
  row: EventRow;
  /** An incoming message made it unread; `false` when the reader has it open. */
  unread?: boolean;
}

/**
 * A list with a conversation's new row applied: kept in place or moved to its place by time, or taken out.
 * `refetch` when the row is new to the list and may belong (the row cannot say whether it is unread, or a bot's).
 */
export function withRow(
  data: Pages<ConversationRow> | undefined,
  f: ListFilter,
  change: RowChange,
  meId: string,
): { data: Pages<ConversationRow> | undefined; refetch: boolean } {
  if (!data) return { data, refetch: false };
  const { row } = change;
  const match = rowMatches(f, row, meId);
  const found = data.pages.flatMap((p) => p.items).find((r) => r.id === row.id);
  if (!found) return { data, refetch: match !== false };
  const without = data.pages.map((p) =>
    p.items.some((r) => r.id === row.id) ? { ...p, items: p.items.filter((r) => r.id !== row.id) } : p,
  );
  if (match === false) return { data: { ...data, pages: without }, refetch: false };
  const next: ConversationRow = { ...found, ...row, unread: change.unread ?? found.unread };
  if (f.q) {
    // Search order is the server's: the row stays where it is.
    const pages = data.pages.map((p) => ({ ...p, items: p.items.map((r) => (r.id === row.id ? next : r)) }));
    return { data: { ...data, pages }, refetch: false };
  }
  // The first page holding an older row takes it; past the loaded rows, the next page fetched brings it.
  let placed = false;
  const pages = without.map((p, i) => {
    if (placed) return p;
    const at = p.items.findIndex((r) => newer(next, r));
    if (at >= 0) {
      placed = true;
      return { ...p, items: [...p.items.slice(0, at), next, ...p.items.slice(at)] };
    }
    if (i === without.length - 1 && !p.nextCursor) {
      placed = true;
      return { ...p, items: [...p.items, next] };
    }
    return p;
  });
  return { data: { ...data, pages }, refetch: false };
}

/** A list without a conversation (deleted). */
export function withoutRow(data: Pages<ConversationRow> | undefined, id: string): Pages<ConversationRow> | undefined {
  if (!data || !data.pages.some((p) => p.items.some((r) => r.id === id))) return data;
  return { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((r) => r.id !== id) })) };
}

/** A list with a conversation marked read. */
export function withRead(data: Pages<ConversationRow> | undefined, id: string): Pages<ConversationRow> | undefined {
  if (!data || !data.pages.some((p) => p.items.some((r) => r.id === id && r.unread))) return data;
  return { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map((r) => (r.id === id ? { ...r, unread: false } : r)) })) };
}

/** The open conversation with the row an event carries (what the row holds; abilities and the rest stay). */
export function withConversationRow(conv: ConversationOut | undefined, row: EventRow): ConversationOut | undefined {
  if (!conv) return conv;
  return { ...conv, ...row, closedAt: row.status === 'open' ? null : conv.closedAt };
}

/** The columns the sidebar counts group by: a change to one of them changes the counts. */
const COUNTED = new Set(['inbox_id', 'folder', 'status', 'channel_kind', 'assignee_id', 'is_bot', 'assignee']);
export function changesCounts(changes: unknown): boolean {
  return !Array.isArray(changes) || changes.some((c) => COUNTED.has(String(c)));
}
