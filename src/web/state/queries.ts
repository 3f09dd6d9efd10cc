/** Server data the screens hold, fetched and cached by TanStack Query: one key and one fetcher per resource. */
import { useInfiniteQuery, useQuery, type InfiniteData } from '@tanstack/react-query';
import type {
  ContactOut,
  ConversationOut,
  ConversationPage,
  ConversationRow,
  MessageOut,
  Page,
  SearchIndexStatusOut,
  SnippetOut,
  ViewCounts,
} from '../../common/api.js';
import { api } from '../api/http.js';
import { fetchAll } from './session.js';

/** The list filters as the API takes them (`listQuery(route)`). */
export type ListFilter = Record<string, string | undefined>;
export type Pages<T> = InfiniteData<Page<T>, string | null>;

const LIST_PAGE = 30;
/** A page of the thread: a few screenfuls. A long thread opens with one page; older ones come as the reader scrolls up. */
export const THREAD_PAGE = 100;

const enc = encodeURIComponent;

export const keys = {
  lists: ['conversations'] as const,
  list: (f: ListFilter) => ['conversations', f] as const,
  conversation: (id: string) => ['conversation', id] as const,
  thread: (id: string) => ['thread', id] as const,
  counts: (inboxId: string) => ['views', inboxId] as const,
  contact: (id: string) => ['contact', id] as const,
  contactConversations: (id: string) => ['contact', id, 'conversations'] as const,
  snippets: ['snippets'] as const,
  searchIndex: ['search-index'] as const,
};

/** While the search index is rebuilt, a search and the admins' notice ask again this often. */
export const SEARCH_INDEX_POLL_MS = 2000;

/** A search answered while the index is rebuilt is asked again until it is built: its results grow and the notice goes. */
export function useConversationList(filter: ListFilter) {
  return useInfiniteQuery({
    queryKey: keys.list(filter),
    queryFn: ({ pageParam }) => api.get<ConversationPage>('/conversations', { ...filter, limit: LIST_PAGE, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (q) => (q.state.data?.pages[0]?.searchIndex?.building ? SEARCH_INDEX_POLL_MS : false),
  });
}

/** The search index's state (admins only): asked once, and every two seconds while it is rebuilt. */
export function useSearchIndexStatus(enabled: boolean) {
  return useQuery({
    queryKey: keys.searchIndex,
    queryFn: () => api.get<SearchIndexStatusOut>('/settings/search-index', {}, { quiet: [404] }),
    enabled,
    refetchInterval: (q) => (q.state.data?.building ? SEARCH_INDEX_POLL_MS : false),
  });
}

/** How far a rebuild is, in whole percent; 100 only once it is done. */
export const indexPercent = (p: { done: number; total: number }): number =>
  p.total > 0 ? Math.min(99, Math.floor((p.done / p.total) * 100)) : 0;

export function useConversation(id: string) {
  return useQuery({
    queryKey: keys.conversation(id),
    queryFn: () => api.get<ConversationOut>(`/conversations/${enc(id)}`, {}, { quiet: [404] }),
  });
}

/**
 * The thread from its newest page back: the first page holds the newest messages and each further page
 * (`fetchNextPage`, as the reader scrolls up) older ones; each page's items are oldest first. New messages
 * are appended to the first page from the stream (`withMessage(…, 'newest-first')`).
 */
export function useThread(id: string) {
  return useInfiniteQuery({
    queryKey: keys.thread(id),
    queryFn: async ({ pageParam }) => {
      const p = await api.get<Page<MessageOut>>(`/conversations/${enc(id)}/messages`, {
        order: 'desc',
        limit: THREAD_PAGE,
        cursor: pageParam,
      });
      return { ...p, items: p.items.slice().reverse() };
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** The messages of the thread's pages (newest page first), oldest first. */
export const threadMessages = (pages: Page<MessageOut>[]): MessageOut[] => pages.toReversed().flatMap((p) => p.items);

export function useViewCounts(inboxId: string) {
  return useQuery({ queryKey: keys.counts(inboxId), queryFn: () => api.get<ViewCounts>('/views', { inboxId }) });
}

export function useContact(id: string | null) {
  return useQuery({
    queryKey: keys.contact(id ?? ''),
    queryFn: () => api.get<ContactOut>(`/contacts/${enc(id!)}`, {}, { quiet: [404] }),
    enabled: !!id,
  });
}

export function useContactConversations(id: string | null) {
  return useQuery({
    queryKey: keys.contactConversations(id ?? ''),
    queryFn: () => api.get<Page<ConversationRow>>(`/contacts/${enc(id!)}/conversations`, { limit: 20 }, { quiet: [404] }),
    enabled: !!id,
  });
}

/** The snippets one may use in an inbox (everyone's and that inbox's); read once, again after Settings changes them. */
export function useSnippets(inboxId: string) {
  return useQuery({
    queryKey: keys.snippets,
    queryFn: () => fetchAll<SnippetOut>('/snippets'),
    staleTime: Infinity,
    select: (all) => all.filter((s) => !s.inboxId || s.inboxId === inboxId),
  });
}
