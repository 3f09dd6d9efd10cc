/**
 * The stream's events applied to the cached server data: a new message is appended to its thread,
 * a conversation's new row updates its list rows (moved, added or taken out) and the open
 * conversation. Only what an event cannot describe is fetched again: a row new to a list, the
 * counts when a counted column changed, the open conversation's abilities after a change, a
 * contact and what hangs off it (its timeline, deals and tickets, the contact lists, the ticket board). After a reconnect that missed events, everything shown is fetched again.
 */
import { useEffect } from 'react';
import { useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';
import type { ConversationOut, ConversationRow, MessageOut, StreamServerMessage } from '../../common/api.js';
import { stream } from '../api/stream.js';
import { changesCounts, withConversationRow, withMessage, withMessageUpdate, withRow, withoutRow, type EventRow } from './cache-updates.js';
import { keys, type ListFilter, type Pages } from './queries.js';
import { crmKeysOf } from './crm-queries.js';

type StreamEvent = Extract<StreamServerMessage, { type: 'event' }>;

interface Payload {
  message?: MessageOut;
  conversation?: EventRow;
  changes?: unknown;
  contactId?: unknown;
  mergedInto?: unknown;
  ticketId?: unknown;
}

/** Mounted once, inside the session: keeps the cache in step with the stream. */
export function useLiveCache(meId: string): void {
  const qc = useQueryClient();
  useEffect(() => {
    // Events that reached a query while it was fetching: applied again to what that fetch answers.
    const pending = new Map<string, StreamEvent[]>();
    const offCache = qc.getQueryCache().subscribe((e) => {
      if (e.type !== 'updated' || e.action.type !== 'success') return;
      const late = pending.get(e.query.queryHash);
      if (!late) return;
      pending.delete(e.query.queryHash);
      for (const ev of late) patch(qc, e.query, ev, meId, false);
    });
    const offStream = stream.subscribe((msg) => {
      if (msg.type === 'ready' && stream.resumed) void qc.invalidateQueries();
      if (msg.type !== 'event') return;
      // Judged before the patch, which overwrites the status this reads.
      const counts = countsChange(qc, msg);
      for (const query of relevantQueries(qc, msg)) {
        if (query.state.fetchStatus === 'fetching') pending.set(query.queryHash, [...(pending.get(query.queryHash) ?? []), msg]);
        patch(qc, query, msg, meId, true);
      }
      if (counts) void qc.invalidateQueries({ queryKey: ['views'] });
      // A contact's or ticket's change is named, not described: what shows it is fetched again.
      if (msg.event === 'contact.updated')
        for (const key of crmKeysOf(msg.payload as Payload)) void qc.invalidateQueries({ queryKey: key });
    });
    return () => {
      offStream();
      offCache();
    };
  }, [qc, meId]);
}

/** The cached queries an event may touch. */
function relevantQueries(qc: QueryClient, ev: StreamEvent): Query[] {
  const cache = qc.getQueryCache();
  const out: Query[] = [];
  // A notification names its conversation but changes nothing in it (the bell keeps its own data).
  if (ev.event.startsWith('notification.')) return out;
  if (/^(conversation|message|contact)\./.test(ev.event)) out.push(...cache.findAll({ queryKey: keys.lists }));
  if (ev.conversationId) {
    for (const key of [keys.conversation(ev.conversationId), keys.thread(ev.conversationId)]) {
      const q = cache.find({ queryKey: key, exact: true });
      if (q) out.push(q);
    }
  }
  return out;
}

/** Whether the reader has this conversation open (its query is on screen). */
function isOpen(qc: QueryClient, id: string): boolean {
  return (
    (qc
      .getQueryCache()
      .find({ queryKey: keys.conversation(id), exact: true })
      ?.getObserversCount() ?? 0) > 0
  );
}

/** Applies one event to one query; `refetch` false when replaying onto a fetch's answer. */
function patch(qc: QueryClient, query: Query, ev: StreamEvent, meId: string, refetch: boolean): void {
  const p = ev.payload as Payload;
  const [kind] = query.queryKey as [string, unknown];
  const again = () => refetch && void qc.invalidateQueries({ queryKey: query.queryKey, exact: true });
  if (kind === 'thread') {
    if (!p.message) {
      if (ev.event !== 'conversation.updated' && ev.event !== 'conversation.deleted') again();
      return;
    }
    qc.setQueryData<Pages<MessageOut>>(query.queryKey, (d) =>
      ev.event === 'message.updated' ? withMessageUpdate(d, p.message!) : withMessage(d, p.message!, 'newest-first'),
    );
    return;
  }
  if (kind === 'conversation') {
    if (ev.event === 'conversation.deleted') return;
    if (p.conversation) qc.setQueryData<ConversationOut>(query.queryKey, (d) => withConversationRow(d, p.conversation!));
    // Abilities and the routing reason are not in the row.
    if (ev.event === 'conversation.updated' || (!p.conversation && !p.message)) again();
    return;
  }
  if (kind === 'conversations') {
    const filter = (query.queryKey as [string, ListFilter])[1];
    if (ev.event === 'conversation.deleted' && ev.conversationId) {
      qc.setQueryData<Pages<ConversationRow>>(query.queryKey, (d) => withoutRow(d, ev.conversationId!));
      return;
    }
    if (p.conversation) {
      const incoming = p.message?.kind === 'incoming';
      const unread = incoming ? !isOpen(qc, p.conversation.id) : undefined;
      const res = withRow(query.state.data as Pages<ConversationRow> | undefined, filter, { row: p.conversation, unread }, meId);
      if (res.data !== query.state.data) qc.setQueryData(query.queryKey, res.data);
      if (res.refetch) again();
      return;
    }
    // A contact's change shows in the rows of its conversations.
    if (ev.event === 'contact.updated') {
      const data = query.state.data as Pages<ConversationRow> | undefined;
      if (data?.pages.some((pg) => pg.items.some((r) => r.contact?.id === p.contactId))) again();
      return;
    }
    // Timeline lines and delivery states do not change a row; anything else unknown is fetched again.
    if (ev.event !== 'message.created' && ev.event !== 'message.updated') again();
    return;
  }
}

/** Whether the sidebar's counts may have changed: a counted column changed, or the event cannot tell. */
function countsChange(qc: QueryClient, ev: StreamEvent): boolean {
  const p = ev.payload as Payload;
  switch (ev.event) {
    case 'conversation.created':
    case 'conversation.deleted':
      return true;
    case 'conversation.updated':
      return changesCounts(p.changes);
    case 'message.created':
      if (!p.conversation) return false;
      if (p.changes !== undefined) return changesCounts(p.changes);
      // An agent's reply reopens a closed conversation: the counts change unless it was open already.
      return p.message?.kind === 'reply' && previousStatus(qc, p.conversation.id) !== 'open';
    default:
      return false;
  }
}

/** The status a conversation had in the cache before the event (the open conversation or any list row). */
function previousStatus(qc: QueryClient, id: string): string | undefined {
  const conv = qc.getQueryData<ConversationOut>(keys.conversation(id));
  if (conv) return conv.status;
  for (const [, d] of qc.getQueriesData<Pages<ConversationRow>>({ queryKey: keys.lists })) {
    const r = d?.pages.flatMap((pg) => pg.items).find((x) => x.id === id);
    if (r) return r.status;
  }
  return undefined;
}
