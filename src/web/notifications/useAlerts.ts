/**
 * Mounted once in the shell: a notification for this user, while this tab is open, shows a browser
 * notification when the tab is in the background (its `push` choice on, permission granted) and
 * plays a tone (its `sound` choice on; in the background only, unless "also when focused"); with
 * "repeat", again every 30 s while a notification that sounded is unread.
 */
import { useEffect, useRef } from 'react';
import { notificationLanguage, notificationUrl, notificationWords } from '../../common/notification-texts.js';
import { stream } from '../api/stream.js';
import { useI18n } from '../i18n/index.js';
import { navigate } from '../state/route.js';
import { playTone, showBrowserNotification, tabHidden } from './alerts.js';
import { onNotificationEvent } from './live.js';
import { useNotificationPreferences } from './prefs-queries.js';

const REPEAT_MS = 30_000;

export function useNotificationAlerts(): void {
  const { locale } = useI18n();
  const prefs = useNotificationPreferences().data;
  const latest = useRef({ locale, prefs });
  latest.current = { locale, prefs };

  useEffect(() => {
    /** Unread notifications that sounded, by id, with their conversation (reading it reads them). */
    const ringing = new Map<string, string | null>();
    const soundAllowed = () => tabHidden() || !!latest.current.prefs?.sound.whenFocused;
    const timer = setInterval(() => {
      if (ringing.size && latest.current.prefs?.sound.repeat && soundAllowed()) playTone();
    }, REPEAT_MS);
    // What a resume replays (before its `ready`) happened while the tab was away: not announced now.
    let live = stream.status === 'open';
    const offStatus = stream.onStatus((st) => {
      if (st !== 'open') live = false;
    });
    const offReady = stream.subscribe((m) => {
      if (m.type === 'ready') live = true;
    });
    const off = onNotificationEvent((e) => {
      if (e.type === 'read') {
        if (e.all) ringing.clear();
        for (const id of e.ids ?? []) ringing.delete(id);
        if (e.conversationId) for (const [id, c] of ringing) if (c === e.conversationId) ringing.delete(id);
        return;
      }
      if (!live) return;
      const n = e.notification;
      if (e.push && tabHidden()) {
        const words = notificationWords(notificationLanguage(latest.current.locale), n);
        const url = notificationUrl(n.conversationId, e.inboxId);
        showBrowserNotification(
          words.title,
          words.body,
          n.conversationId ? `conversation:${n.conversationId}` : `notification:${n.id}`,
          () => navigate(url),
        );
      }
      if (e.sound) {
        ringing.set(n.id, n.conversationId);
        if (soundAllowed()) playTone();
      }
    });
    // A click on a push notification while a tab is open: the service worker asks this tab to go there.
    const onMessage = (m: MessageEvent) => {
      const d = m.data as { type?: string; url?: string } | null;
      if (d?.type === 'switchboard:open' && typeof d.url === 'string' && d.url.startsWith('/')) navigate(d.url);
    };
    navigator.serviceWorker?.addEventListener('message', onMessage);
    return () => {
      off();
      offStatus();
      offReady();
      clearInterval(timer);
      navigator.serviceWorker?.removeEventListener('message', onMessage);
    };
  }, []);
}
