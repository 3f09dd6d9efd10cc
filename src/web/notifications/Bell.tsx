/**
 * The bell in the top bar: the unread count (live), and a panel listing the user's notifications,
 * newest first and grouped by conversation; opening one reads it. `n` opens it from the keyboard.
 */
import * as Popover from '@radix-ui/react-popover';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatTime, useI18n } from '../i18n/index.js';
import { useCommand } from '../state/commands.js';
import { linkHandler } from '../state/route.js';
import {
  groupByConversation,
  notificationKeys,
  readNotifications,
  useNotifications,
  useNotificationsLive,
  type NotificationGroup,
} from './queries.js';
import { hrefOf, wordsOf } from './words.js';
import './notifications.css';

export function Bell() {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const { data, hasNextPage, fetchNextPage, isFetchingNextPage } = useNotifications();
  useNotificationsLive();
  useCommand('notifications', () => setOpen(true));

  const unread = data?.pages[0]?.unreadCount ?? 0;
  const groups = groupByConversation(data?.pages.flatMap((p) => p.items) ?? []);
  const refresh = () => void qc.invalidateQueries({ queryKey: notificationKeys.all });

  const openGroup = (g: NotificationGroup) => {
    setOpen(false);
    if (g.unreadIds.length) void readNotifications({ ids: g.unreadIds }).then(refresh);
  };

  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <button type="button" className="icon-btn bell" aria-label={t('notify.bellLabel', { count: unread })}>
          <svg
            aria-hidden="true"
            width="20"
            height="20"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          >
            <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
            <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
          </svg>
          {unread > 0 && (
            <span className="bell-badge" aria-hidden="true">
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="notify-panel" align="end" sideOffset={6} collisionPadding={8} aria-labelledby="notify-title">
          <div className="notify-head">
            <h2 id="notify-title">{t('notify.title')}</h2>
            <button
              type="button"
              className="btn small"
              disabled={unread === 0}
              onClick={() => void readNotifications({ all: true }).then(refresh)}
            >
              {t('notify.markAllRead')}
            </button>
          </div>
          {groups.length === 0 ? (
            <div className="notify-empty" role="status">
              <strong>{t('notify.emptyTitle')}</strong>
              <p>{t('notify.emptyText')}</p>
            </div>
          ) : (
            <ul className="notify-list">
              {groups.map((g) => {
                const href = hrefOf(g.latest);
                const words = wordsOf(locale, g.latest);
                const go = linkHandler(href);
                return (
                  <li key={g.key} className={g.unreadIds.length ? 'unread' : undefined}>
                    <a
                      href={href}
                      onClick={(e) => {
                        openGroup(g);
                        go(e);
                      }}
                    >
                      <span className="notify-line">
                        {g.unreadIds.length > 0 && <span className="sr-only">{t('notify.unread')} </span>}
                        <strong>{words.title}</strong>
                        <time dateTime={g.latest.createdAt}>{formatTime(g.latest.createdAt, locale)}</time>
                      </span>
                      <span className="notify-detail">{words.body}</span>
                      {g.count > 1 && <span className="notify-more">{t('notify.more', { count: g.count - 1 })}</span>}
                    </a>
                  </li>
                );
              })}
            </ul>
          )}
          {hasNextPage && (
            <button type="button" className="btn small notify-load" disabled={isFetchingNextPage} onClick={() => void fetchNextPage()}>
              {t('notify.loadMore')}
            </button>
          )}
          <a
            className="notify-settings"
            href="/settings/notifications"
            onClick={(e) => (setOpen(false), linkHandler('/settings/notifications')(e))}
          >
            {t('notify.settings')}
          </a>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
