/** The user's notification preferences (`/me/notification-preferences`), shared by the dialog and the tab's alerts. */
import { useQuery } from '@tanstack/react-query';
import type { NotificationPreferences } from '../../common/notification-api.js';
import { api } from '../api/http.js';

export const preferencesKey = ['notification-preferences'] as const;

export function useNotificationPreferences() {
  return useQuery({ queryKey: preferencesKey, queryFn: () => api.get<NotificationPreferences>('/me/notification-preferences') });
}
