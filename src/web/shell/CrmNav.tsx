/** Top bar links between the inbox, contacts, tickets and reports. */
import { linkHandler, type Route } from '../state/route.js';
import '../contacts/crm.css';
import { useT } from '../i18n/index.js';

export function CrmNav({ route }: { route: Route }) {
  const t = useT();
  const links = [
    { href: '/', label: t('nav.inbox'), current: route.page === 'inbox' },
    { href: '/contacts', label: t('nav.contacts'), current: route.page === 'contacts' },
    { href: '/tickets', label: t('nav.tickets'), current: route.page === 'tickets' },
    // On a phone this one is in the views drawer instead (shell/nav.css).
    { href: '/reports', label: t('nav.reports'), current: route.page === 'reports', className: 'topnav-reports' },
  ];
  return (
    <nav className="topnav" aria-label="Sections">
      {links.map((l) => (
        <a key={l.href} href={l.href} onClick={linkHandler(l.href)} aria-current={l.current ? 'page' : undefined} className={l.className}>
          {l.label}
        </a>
      ))}
    </nav>
  );
}
