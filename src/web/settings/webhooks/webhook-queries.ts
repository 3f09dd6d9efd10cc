/** Settings › Webhooks' server data (TanStack Query): the endpoints, an endpoint's delivery log, one delivery being watched. */
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../common/api.js';
import type { WebhookDeliveryOut, WebhookListedOut } from '../../../common/webhook-api.js';
import { api } from '../../api/http.js';

const enc = encodeURIComponent;
export const LOG_PAGE = 20;
/** While something is on its way, the screen asks again this often. */
export const WATCH_MS = 1000;

export const webhookKeys = {
  all: ['webhooks'] as const,
  log: (id: string) => ['webhooks', id, 'log'] as const,
  delivery: (id: string, deliveryId: string) => ['webhooks', id, 'delivery', deliveryId] as const,
};

/** Not tried yet (or sent again and not tried since). */
export const underway = (d: WebhookDeliveryOut) => d.status === 'pending';

export function useWebhooks() {
  return useQuery({
    queryKey: webhookKeys.all,
    queryFn: () => api.get<Page<WebhookListedOut>>('/webhooks').then((p) => p.items),
  });
}

/** The log, newest first, a page at a time ("Load more"); asked again while a delivery on it has not been tried. */
export function useDeliveryLog(id: string) {
  return useInfiniteQuery({
    queryKey: webhookKeys.log(id),
    queryFn: ({ pageParam }) =>
      api.get<Page<WebhookDeliveryOut>>(`/webhooks/${enc(id)}/deliveries`, { limit: LOG_PAGE, cursor: pageParam }, { quiet: [404] }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some(underway)) ? WATCH_MS : false),
  });
}

/** One delivery (a test just sent), asked for until it has been tried (among the newest 100: a busy endpoint gets more). */
export function useWatchedDelivery(id: string, deliveryId: string) {
  return useQuery({
    queryKey: webhookKeys.delivery(id, deliveryId),
    queryFn: async () => {
      const page = await api.get<Page<WebhookDeliveryOut>>(`/webhooks/${enc(id)}/deliveries`, { limit: 100 }, { quiet: [404] });
      return page.items.find((d) => d.id === deliveryId) ?? null;
    },
    refetchInterval: (q) => (!q.state.data || underway(q.state.data) ? WATCH_MS : false),
  });
}

/** After a change: the list (and the open log) read again. */
export function useRefreshWebhooks() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: webhookKeys.all });
}
