/** A contact's own page (opened in a new tab from the conversation): details, actions, full timeline. */
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { TimelineItem } from '../../common/crm-api.js';
import { ApiError, api } from '../api/http.js';
import { Avatar } from '../ui/Avatar.js';
import { EmptyState } from '../ui/EmptyState.js';
import { useT, type Translate, formatDateTime, useI18n } from '../i18n/index.js';
import { stageName } from '../i18n/timeline.js';
import { keys, useContact } from '../state/queries.js';
import { useContactDeals, useContactTimeline } from '../state/crm-queries.js';
import { formatRoute, linkHandler } from '../state/route.js';
import { useSession, userName } from '../state/session.js';
import { ContactActionDialog, type ActionKind } from './ContactActions.js';
import { ContactDialog } from './ContactsPage.js';
import { ContactPrivacy } from './ContactPrivacy.js';

export function ContactPage({ contactId }: { contactId: string }) {
  const t = useT();
  const { locale } = useI18n();
  const { users } = useSession();
  const [action, setAction] = useState<ActionKind | 'edit' | null>(null);
  const base = `/contacts/${encodeURIComponent(contactId)}`;
  // Fetched again on the contact's `contact.updated`, or one merged into it (state/live-cache.ts).
  const qc = useQueryClient();
  const contactQuery = useContact(contactId);
  const timelineQuery = useContactTimeline(contactId);
  const dealsQuery = useContactDeals(contactId);
  const gone = [contactQuery.error, timelineQuery.error, dealsQuery.error].some((e) => e instanceof ApiError && e.status === 404);
  const contact = gone ? 'gone' : contactQuery.data && timelineQuery.data && dealsQuery.data ? contactQuery.data : null;
  const timeline: TimelineItem[] = timelineQuery.data?.items ?? [];
  const deals = dealsQuery.data?.items ?? [];
  const load = () => qc.invalidateQueries({ queryKey: keys.contact(contactId) });

  useEffect(() => {
    if (contact && contact !== 'gone') document.title = `${contact.name || contact.email || t('contact.page')} · Switchboard`;
  }, [contact, t]);

  if (contact === 'gone')
    return <EmptyState title={t('contact.page')} text={t('contact.notFound')} action={{ label: t('nav.contacts'), href: '/contacts' }} />;
  if (!contact) return <div className="splash" aria-busy="true" />;

  const props = Object.entries(contact.properties);
  return (
    <section className="crm-page" aria-label={t('contact.page')}>
      <header className="crm-head">
        <a href="/contacts" onClick={linkHandler('/contacts')} className="back-link">
          ← {t('nav.contacts')}
        </a>
      </header>
      <div className="contact-layout">
        <section className="box panel-box" aria-label={t('contact.page')}>
          <div className="contact-card">
            <Avatar name={contact.name ?? contact.email} url={contact.pictureUrl} size="md" />
            <div>
              <h1>{contact.name || contact.email || '—'}</h1>
              {contact.blocked && <span className="chip chip-failed">blocked</span>}
            </div>
          </div>
          <dl className="props">
            <dt>{t('contacts.email')}</dt>
            <dd>{contact.email ?? '—'}</dd>
            <dt>{t('contacts.phone')}</dt>
            <dd>{contact.phone ?? '—'}</dd>
            <dt>{t('contacts.company')}</dt>
            <dd>{contact.company ?? '—'}</dd>
            <dt>{t('contacts.owner')}</dt>
            <dd>{userName(users, contact.ownerId) ?? t('contacts.noOwner')}</dd>
            {props.map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt>{k}</dt>
                <dd>{String(v)}</dd>
              </div>
            ))}
          </dl>
          <button type="button" className="btn small" onClick={() => setAction('edit')}>
            {t('contact.edit')}
          </button>
          <h2>{t('contact.actions')}</h2>
          <div className="action-bar">
            {(['note', 'task', 'call', 'email', 'meeting', 'deal', 'ticket', 'merge'] as const)
              .filter((k) => contact.email || (k !== 'email' && k !== 'meeting'))
              .map((k) => (
                <button key={k} type="button" className="btn small" onClick={() => setAction(k)}>
                  {t(actionLabel[k])}
                </button>
              ))}
            <button
              type="button"
              className="btn small danger"
              onClick={() => void api.post(`${base}/${contact.blocked ? 'unblock' : 'block'}`).then(load)}
            >
              {contact.blocked ? t('contact.unblock') : t('contact.block')}
            </button>
          </div>
          <h2>{t('contact.deals')}</h2>
          {deals.length === 0 ? (
            <p className="muted small">{t('contact.noDeals')}</p>
          ) : (
            <ul className="stack mini-list">
              {deals.map((d) => (
                <li key={d.id}>
                  {d.name} · {new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(d.amount)} · {t(`deal.${d.stage}`)}
                </li>
              ))}
            </ul>
          )}
          <ContactPrivacy contact={contact} />
        </section>
        <section aria-labelledby="timeline-title">
          <h2 id="timeline-title" style={{ marginBottom: '.6rem' }}>
            {t('contact.timeline')}
          </h2>
          {timeline.length === 0 ? (
            <p className="muted">{t('contact.noTimeline')}</p>
          ) : (
            <ol className="stack boxes timeline">
              {timeline.map((i) => (
                <TimelineEntry
                  key={`${i.type}-${i.type === 'activity' ? i.activity.id : i.type === 'conversation' ? i.conversation.id : i.ticket.id}`}
                  item={i}
                  t={t}
                  locale={locale}
                />
              ))}
            </ol>
          )}
        </section>
      </div>
      {action === 'edit' && <ContactDialog contact={contact} onClose={() => setAction(null)} onSaved={() => void load()} />}
      {action && action !== 'edit' && (
        <ContactActionDialog kind={action} contact={contact} onClose={() => setAction(null)} onDone={() => void load()} />
      )}
    </section>
  );
}

const actionLabel = {
  email: 'contact.sendEmail',
  meeting: 'contact.meetingLink',
  note: 'contact.addNote',
  task: 'contact.createTask',
  call: 'contact.logCall',
  deal: 'contact.createDeal',
  ticket: 'contact.createTicket',
  merge: 'contact.merge',
} as const;

function TimelineEntry({ item, t, locale }: { item: TimelineItem; t: Translate; locale: 'en' | 'nl' | 'sv' }) {
  const when = <time className="muted small">{formatDateTime(item.at, locale)}</time>;
  if (item.type === 'conversation') {
    const c = item.conversation;
    const href = formatRoute({ page: 'inbox', inboxId: c.inboxId, view: 'all', convId: c.id, filters: {} });
    return (
      <li data-type="conversation">
        <span className="tl-kind">{t('tl.conversation')}</span>
        <a href={href} onClick={linkHandler(href)}>
          {c.subject || c.preview || '—'}
        </a>
        {when}
      </li>
    );
  }
  if (item.type === 'ticket') {
    return (
      <li data-type="ticket">
        <span className="tl-kind">{t('tl.ticket')}</span>
        <span>
          {item.ticket.title} · <span className="chip">{stageName(t, { name: item.ticket.stageName, key: item.ticket.stageKey })}</span>
        </span>
        {when}
      </li>
    );
  }
  const a = item.activity;
  const name = a.user?.name ?? '';
  const head =
    a.kind === 'note'
      ? t('tl.note', { name })
      : a.kind === 'call'
        ? t('tl.call', { name })
        : a.kind === 'task'
          ? t('tl.task')
          : a.kind === 'change'
            ? t('tl.change', { name })
            : t('tl.merge');
  return (
    <li data-type={a.kind} className={a.kind === 'merge' ? 'tl-merge' : undefined}>
      <span className="tl-kind">{head}</span>
      <span className="tl-body">
        {a.kind === 'task' && (a.done ? '☑ ' : '☐ ')}
        {a.body}
        {a.kind === 'task' && a.dueAt && (
          <span className="muted small">
            {' '}
            · {t('task.due')} {formatDateTime(a.dueAt, locale)}
          </span>
        )}
      </span>
      {when}
    </li>
  );
}
