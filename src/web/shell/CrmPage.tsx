/** Contacts and tickets pages, loaded on demand. */
import type { Route } from '../state/route.js';
import { ContactPage } from '../contacts/ContactPage.js';
import { ContactsPage } from '../contacts/ContactsPage.js';
import { TicketsPage } from '../tickets/TicketsPage.js';

export function CrmPage({ route }: { route: Extract<Route, { page: 'contacts' | 'tickets' }> }) {
  if (route.page === 'tickets') return <TicketsPage route={route} />;
  return route.contactId ? <ContactPage key={route.contactId} contactId={route.contactId} /> : <ContactsPage />;
}
