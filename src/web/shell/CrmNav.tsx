/** Top bar links between the inbox, contacts and tickets. */
import { linkHandler, type Route } from '../state/route.js';
import { useCrmT } from '../i18n/crm.js';
import '../contacts/crm.css';

export function CrmNav({ route }: { route: Route }) {
  const t = useCrmT();
  const links = [
    { href: '/', label: t('nav.inbox'), current: route.page === 'inbox' },
    { href: '/contacts', label: t('nav.contacts'), current: route.page === 'contacts' },
    { href: '/tickets', label: t('nav.tickets'), current: route.page === 'tickets' },
  ];
  return (
    <nav className="topnav" aria-label="Sections">
      {links.map((l) => (
        <a key={l.href} href={l.href} onClick={linkHandler(l.href)} aria-current={l.current ? 'page' : undefined}>
          {l.label}
        </a>
      ))}
    </nav>
  );
}
