/** Additions to the About panel: routing explanation, contact page link, tickets, deals, and actions on the contact. */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ContactOut, ConversationOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { keys } from '../state/queries.js';
import { useContactDeals, useContactTickets } from '../state/crm-queries.js';
import { useToast } from '../state/toasts.js';
import { ContactActionDialog, type ActionKind } from './ContactActions.js';
import { useT } from '../i18n/index.js';
import { routingLine, stageName } from '../i18n/timeline.js';

export function RoutingReason({ conv }: { conv: ConversationOut }) {
  const t = useT();
  if (!conv.routingReason) return null;
  return (
    <>
      <h3>{t('contact.routing')}</h3>
      <p className="routing-reason" data-testid="routing-reason">
        {conv.routingFact ? routingLine(t, conv.routingFact) : conv.routingReason}
      </p>
    </>
  );
}

export function ContactExtras({ conv, contact }: { conv: ConversationOut; contact: ContactOut | null }) {
  const t = useT();
  const toast = useToast();
  const [action, setAction] = useState<ActionKind | null>(null);
  const contactId = conv.contact?.id ?? null;
  // Fetched again on the contact's `contact.updated` (a ticket's change names its contact): state/live-cache.ts.
  const qc = useQueryClient();
  const tickets = useContactTickets(contactId).data?.items ?? [];
  const deals = useContactDeals(contactId).data?.items ?? [];
  const load = () => contactId && qc.invalidateQueries({ queryKey: keys.contact(contactId) });

  async function ticketFromConversation() {
    await api.post(`/conversations/${encodeURIComponent(conv.id)}/tickets`, {});
    toast(t('tickets.created'));
    void load();
  }
  async function setSenderBlocked(blocked: boolean) {
    await api.post(`/conversations/${encodeURIComponent(conv.id)}/${blocked ? 'block-sender' : 'unblock-sender'}`);
    toast(t(blocked ? 'more.blocked' : 'more.unblocked'));
    void load();
  }
  async function disassociate() {
    await api.del(`/conversations/${encodeURIComponent(conv.id)}/contact`);
    toast(t('contact.disassociated'));
  }

  if (!contactId) return null;
  return (
    <div className="contact-extras">
      <p>
        <a href={`/contacts/${encodeURIComponent(contactId)}`} target="_blank" rel="noopener">
          {t('contact.openPage')} ↗
        </a>
      </p>
      <h3>{t('contact.tickets')}</h3>
      {tickets.length === 0 ? (
        <p className="muted small">{t('contact.noTickets')}</p>
      ) : (
        <ul className="stack mini-list" aria-label={t('contact.tickets')}>
          {tickets.map((x) => (
            <li key={x.id}>
              {x.title} <span className="chip">{stageName(t, { name: x.stageName, key: x.stageKey })}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('contact.deals')}</h3>
      {deals.length === 0 ? (
        <p className="muted small">{t('contact.noDeals')}</p>
      ) : (
        <ul className="stack mini-list">
          {deals.map((d) => (
            <li key={d.id}>
              {d.name} · {d.amount} · {t(`deal.${d.stage}`)}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('contact.actions')}</h3>
      <div className="action-bar">
        {conv.abilities.comment && (
          <button type="button" className="btn small" onClick={() => void ticketFromConversation()}>
            {t('tickets.fromConversation')}
          </button>
        )}
        <button type="button" className="btn small" onClick={() => setAction('note')}>
          {t('contact.addNote')}
        </button>
        <button type="button" className="btn small" onClick={() => setAction('task')}>
          {t('contact.createTask')}
        </button>
        <button type="button" className="btn small" onClick={() => setAction('call')}>
          {t('contact.logCall')}
        </button>
        <button type="button" className="btn small" onClick={() => setAction('deal')}>
          {t('contact.createDeal')}
        </button>
        {contact?.email && (
          <>
            <button type="button" className="btn small" onClick={() => setAction('email')}>
              {t('contact.sendEmail')}
            </button>
            <button type="button" className="btn small" onClick={() => setAction('meeting')}>
              {t('contact.meetingLink')}
            </button>
          </>
        )}
        {conv.abilities.assign && (
          <button type="button" className="btn small" onClick={() => void disassociate()}>
            {t('contact.disassociate')}
          </button>
        )}
        {conv.abilities.block && contact && (
          <button type="button" className="btn small danger" onClick={() => void setSenderBlocked(!contact.blocked)}>
            {contact.blocked ? t('more.unblock') : t('more.block')}
          </button>
        )}
      </div>
      {action && contact && (
        <ContactActionDialog kind={action} contact={contact} onClose={() => setAction(null)} onDone={() => void load()} />
      )}
    </div>
  );
}
