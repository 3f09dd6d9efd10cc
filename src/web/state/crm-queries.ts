/**
 * The CRM screens' server data on TanStack Query (contacts, a contact's timeline, deals and tickets, pipelines,
 * tickets, the contact search of the compose dialog): one key and one fetcher each. `contact.updated` events
 * say which contact or ticket changed but not how, so state/live-cache.ts fetches these again (`crmKeysOf`).
 */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Page } from '../../common/api.js';
import type { ContactListItem, DealOut, PipelineOut, TicketOut, TimelineItem } from '../../common/crm-api.js';
import { api } from '../api/http.js';
import { keys } from './queries.js';

const enc = encodeURIComponent;
const contactBase = (id: string) => `/contacts/${enc(id)}`;

export type ContactFilter = { q: string; ownerId: string; company: string; hasOpenConversations: string };

export const crmKeys = {
  contactLists: ['contacts'] as const,
  contactList: (f: ContactFilter) => ['contacts', 'list', f] as const,
  contactSearch: (q: string, limit: number) => ['contacts', 'search', q, limit] as const,
  // Under the contact's own key, so everything about one contact is fetched again together.
  timeline: (id: string) => [...keys.contact(id), 'timeline'] as const,
  deals: (id: string) => [...keys.contact(id), 'deals'] as const,
  contactTickets: (id: string) => [...keys.contact(id), 'tickets'] as const,
  pipelines: ['pipelines'] as const,
  tickets: ['tickets'] as const,
  ticketsOf: (pipelineId: string) => ['tickets', pipelineId] as const,
};

/** The keys a `contact.updated` event makes stale: its contact (and the one it merged into), the lists, tickets. */
export function crmKeysOf(payload: { contactId?: unknown; mergedInto?: unknown; ticketId?: unknown }): (readonly unknown[])[] {
  const out: (readonly unknown[])[] = [crmKeys.contactLists];
  for (const id of [payload.contactId, payload.mergedInto]) if (typeof id === 'string') out.push(keys.contact(id));
  if (typeof payload.ticketId === 'string') out.push(crmKeys.tickets);
  return out;
}

export function useContactList(filter: ContactFilter) {
  return useInfiniteQuery({
    queryKey: crmKeys.contactList(filter),
    queryFn: ({ pageParam }) => api.get<Page<ContactListItem>>('/contacts', { ...filter, limit: 50, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // While a new filter loads, the rows of the last one stay.
    placeholderData: keepPreviousData,
  });
}

/** Contacts matching what is typed, e.g. the recipients of a new email or the duplicate to merge. */
export function useContactSearch(q: string, opts: { limit: number; minLength: number; enabled?: boolean }) {
  return useQuery({
    queryKey: crmKeys.contactSearch(q, opts.limit),
    queryFn: () => api.get<Page<ContactListItem>>('/contacts', { q, limit: opts.limit }),
    enabled: (opts.enabled ?? true) && q.length >= opts.minLength,
    placeholderData: keepPreviousData,
  });
}

export function useContactTimeline(id: string) {
  return useQuery({
    queryKey: crmKeys.timeline(id),
    queryFn: () => api.get<{ items: TimelineItem[] }>(`${contactBase(id)}/timeline`, {}, { quiet: [404] }),
  });
}

export function useContactDeals(id: string | null) {
  return useQuery({
    queryKey: crmKeys.deals(id ?? ''),
    queryFn: () => api.get<{ items: DealOut[] }>(`${contactBase(id!)}/deals`, {}, { quiet: [404] }),
    enabled: !!id,
  });
}

export function useContactTickets(id: string | null) {
  return useQuery({
    queryKey: crmKeys.contactTickets(id ?? ''),
    queryFn: () => api.get<{ items: TicketOut[] }>(`${contactBase(id!)}/tickets`, {}, { quiet: [404] }),
    enabled: !!id,
  });
}

export function usePipelines(enabled = true) {
  return useQuery({ queryKey: crmKeys.pipelines, queryFn: () => api.get<Page<PipelineOut>>('/pipelines'), enabled });
}

export function useTickets(pipelineId: string | null) {
  return useQuery({
    queryKey: crmKeys.ticketsOf(pipelineId ?? ''),
    queryFn: () => api.get<Page<TicketOut>>('/tickets', { pipelineId: pipelineId!, limit: 500 }),
    enabled: !!pipelineId,
  });
}
