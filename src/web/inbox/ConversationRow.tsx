/** One row of the list: contact, subject or preview, time, channel, unread marker, assignee. */
import { memo } from 'react';
import type { ConversationRow as Row } from '../../common/api.js';
import { formatDateTime, formatTime, useI18n } from '../i18n/index.js';
import { formatRoute, linkHandler, type Route } from '../state/route.js';
import { Avatar } from '../ui/Avatar.js';
import { useSession } from '../state/session.js';
import { channelLabel } from './Filters.js';

type InboxRoute = Extract<Route, { page: 'inbox' }> & { inboxId: string };

/**
 * How a contact is named in lists and headers: its name, its email, or (a chat visitor who gave neither) a
 * short label from the contact's id that stays the same for that visitor ("Visitor 3F9C").
 */
export function contactLabel(
  c: Row['contact'],
  t: (key: 'contact.visitor' | 'contact.unknown' | 'privacy.erasedContact', v?: { code: string }) => string,
  erased?: boolean,
): string {
  if (!c) return t(erased ? 'privacy.erasedContact' : 'contact.unknown');
  return c.name || c.email || t('contact.visitor', { code: c.id.replace(/-/g, '').slice(-4).toUpperCase() });
}

export const ConversationRow = memo(function ConversationRow({ row, route, selected }: { row: Row; route: InboxRoute; selected: boolean }) {
  const { t, locale } = useI18n();
  const href = formatRoute({ ...route, convId: row.id });
  const name = contactLabel(row.contact, t, row.contactErased);
  const { inboxes } = useSession();
  const inboxName = (id: string) => inboxes.find((i) => i.id === id)?.name ?? '';
  return (
    <li className={`conv-row${selected ? ' selected' : ''}${row.unread ? ' unread' : ''}`}>
      <a href={href} onClick={linkHandler(href)} aria-current={selected ? 'true' : undefined} data-conv-id={row.id}>
        <span className="row-top">
          {row.unread && <span className="unread-dot" role="img" aria-label={t('list.unread')} />}
          <span className="row-name">{name}</span>
          <time dateTime={row.lastMessageAt} title={formatDateTime(row.lastMessageAt, locale)}>
            {formatTime(row.lastMessageAt, locale)}
          </time>
        </span>
        {row.subject && <span className="row-subject">{row.subject}</span>}
        <span className="row-preview">{row.preview}</span>
        <span className="row-meta">
          <span className={`chip chip-${row.channel}`}>{t(channelLabel[row.channel])}</span>
          {/* A search of every inbox: where each result lives. */}
          {row.inboxId !== route.inboxId && <span className="chip chip-inbox">{inboxName(row.inboxId)}</span>}
          {row.status === 'closed' && <span className="chip chip-closed">{t('status.closed')}</span>}
          <span className="row-assignee">
            {row.assignee ? (
              <Avatar name={row.assignee.name} url={row.assignee.avatarUrl} label={t('list.assignedTo', { name: row.assignee.name })} />
            ) : (
              <span className="muted small">{t('list.unassigned')}</span>
            )}
          </span>
        </span>
      </a>
    </li>
  );
});
