/** Right panel "About": the contact's details, owner, and past conversations. Collapsible. */
import type { ConversationOut } from '../../common/api.js';
import { formatTime, useI18n } from '../i18n/index.js';
import { useContact, useContactConversations } from '../state/queries.js';
import { formatRoute, linkHandler } from '../state/route.js';
import { useSession, userName } from '../state/session.js';
import { Avatar } from '../ui/Avatar.js';
import { channelLabel } from './Filters.js';
import { contactLabel } from './ConversationRow.js';
import { ContactExtras, RoutingReason } from '../contacts/ContactExtras.js';
import { usePanes } from './panes.js';

export function ContactPanel({ conv, collapsed, onToggle }: { conv: ConversationOut; collapsed: boolean; onToggle(): void }) {
  const { t, locale } = useI18n();
  const { users } = useSession();
  const contactId = conv.contact?.id ?? null;
  const panes = usePanes();
  // Fetched again on the contact's `contact.updated` (state/live-cache.ts).
  const contactQuery = useContact(contactId);
  const pastQuery = useContactConversations(contactId);
  const contact = (!contactQuery.isError && contactQuery.data) || null;
  const past = pastQuery.isError ? [] : (pastQuery.data?.items.filter((r) => r.id !== conv.id) ?? null);

  const owner = userName(users, contact?.ownerId);
  return (
    <aside className={`contact-col${collapsed ? ' collapsed' : ''}`} aria-label={t('contact.panel')}>
      {panes.phone ? (
        <button type="button" className="btn small" data-pane-back onClick={panes.showConversation}>
          ← {t('phone.backToConversation')}
        </button>
      ) : (
        <button
          type="button"
          className="collapse-btn"
          aria-expanded={!collapsed}
          aria-label={collapsed ? t('panel.expandContact') : t('panel.collapseContact')}
          onClick={onToggle}
        >
          {collapsed ? '«' : '»'}
        </button>
      )}
      {!collapsed && (
        <div className="contact-body">
          <h2>{t('contact.about')}</h2>
          <RoutingReason conv={conv} />
          {!contactId ? (
            <p className="muted">{t('contact.none')}</p>
          ) : (
            <>
              <div className="contact-card">
                <Avatar name={contact?.name ?? conv.contact?.name ?? conv.contact?.email} url={contact?.pictureUrl} size="md" />
                <div>
                  {/* The help articles: the contact's name opens the record in a new tab. */}
                  <a className="contact-name" href={`/contacts/${encodeURIComponent(contactId)}`} target="_blank" rel="noopener">
                    <strong>{contact?.name || contactLabel(conv.contact, t, conv.contactErased)}</strong>
                  </a>
                  {contact?.blocked && <span className="chip chip-failed">{t('contact.blocked')}</span>}
                </div>
              </div>
              <dl className="props">
                <dt>{t('contact.email')}</dt>
                <dd>
                  {contact?.email ?? conv.contact?.email ?? (contact?.unverifiedEmail ? null : '—')}
                  {contact?.unverifiedEmail && (
                    // Claimed without proof (website chat): never joined to the contact that owns it unless an agent merges them.
                    <span className="unverified-email" title={t('contact.unverifiedHint')}>
                      {contact.unverifiedEmail} <span className="chip chip-unverified">{t('contact.unverified')}</span>
                    </span>
                  )}
                </dd>
                <dt>{t('contact.phone')}</dt>
                <dd>{contact?.phone ?? '—'}</dd>
                <dt>{t('contact.owner')}</dt>
                <dd>{owner ?? t('contact.noOwner')}</dd>
                {contact?.company && (
                  <>
                    <dt>{t('contact.company')}</dt>
                    <dd>{contact.company}</dd>
                  </>
                )}
              </dl>
              <ContactExtras conv={conv} contact={contact} />
              <h3>{t('contact.past')}</h3>
              {past === null ? (
                <p className="muted" aria-busy="true">
                  {t('common.loading')}
                </p>
              ) : past.length === 0 ? (
                <p className="muted">{t('contact.noPast')}</p>
              ) : (
                <ul className="past">
                  {past.map((r) => {
                    const href = formatRoute({ page: 'inbox', inboxId: r.inboxId, view: 'all', convId: r.id, filters: {} });
                    return (
                      <li key={r.id}>
                        <a href={href} onClick={linkHandler(href)}>
                          <span>{r.subject || r.preview || t('conv.noSubject')}</span>
                          <span className="muted small">
                            {t(channelLabel[r.channel])} · {formatTime(r.lastMessageAt, locale)} ·{' '}
                            {t(r.status === 'closed' ? 'status.closed' : 'status.open')}
                          </span>
                        </a>
                      </li>
                    );
                  })}
                </ul>
              )}
            </>
          )}
        </div>
      )}
    </aside>
  );
}
