/** The bell's data: the user's notifications (newest first, paged), kept live by the stream's notification events. */
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { NotificationOut, NotificationPageOut, NotificationRead } from '../../common/notification-api.js';
import { api } from '../api/http.js';
import { onNotificationEvent } from './live.js';

export const notificationKeys = { all: ['notifications'] as const };
const PAGE = 30;

export function useNotifications() {
  return useInfiniteQuery({
    queryKey: notificationKeys.all,
    queryFn: ({ pageParam }) => api.get<NotificationPageOut>('/notifications', { limit: PAGE, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Mounted once in the shell: a notification made or read (here or in another tab) refreshes the bell. */
export function useNotificationsLive(): void {
  const qc = useQueryClient();
  useEffect(() => onNotificationEvent(() => void qc.invalidateQueries({ queryKey: notificationKeys.all })), [qc]);
}

export async function readNotifications(body: NotificationRead): Promise<void> {
  await api.post('/notifications/read', body);
}

/** One line of the bell: a conversation's notifications together (newest first), or one without a conversation. */
export interface NotificationGroup {
  key: string;
  latest: NotificationOut;
  unreadIds: string[];
  count: number;
}

export function groupByConversation(items: NotificationOut[]): NotificationGroup[] {
  const groups = new Map<string, NotificationGroup>();
  for (const n of items) {
    const key = n.conversationId ?? n.id;
    const g = groups.get(key) ?? { key, latest: n, unreadIds: [], count: 0 };
    g.count++;
    if (!n.readAt) g.unreadIds.push(n.id);
    groups.set(key, g);
  }
  return [...groups.values()];
}
