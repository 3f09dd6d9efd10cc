/** Settings: inboxes, outgoing email, users, teams and webhooks for admins; notifications, snippets and templates for everyone. Loaded on demand. */
import { useEffect } from 'react';
import { useT, type MessageKey } from '../i18n/index.js';
import { scrollToHashTarget } from './links.js';
import { linkHandler, settingsTabs, type SettingsTab } from '../state/route.js';
import { useSession } from '../state/session.js';
import { EmptyState } from '../ui/EmptyState.js';
import { EmailSettings } from './email/EmailSettings.js';
import { ChatSettings } from './chat/ChatSettings.js';
import { MessengerSettings } from './messenger/MessengerSettings.js';
import { InboxSettings } from './InboxSettings.js';
import { SnippetSettings } from './SnippetSettings.js';
import { TeamSettings } from './TeamSettings.js';
import { TemplateSettings } from './TemplateSettings.js';
import { UserSettings } from './UserSettings.js';
import { SecuritySettings } from './SecuritySettings.js';
import { OutgoingMailSettings } from './OutgoingMailSettings.js';
import { WebhookSettings } from './webhooks/WebhookSettings.js';
import { NotificationSettings } from '../notifications/PreferencesDialog.js';
import { ExportSettings } from './export/ExportSettings.js';

const labels: Record<Exclude<SettingsTab, 'security'>, MessageKey> = {
  inboxes: 'settings.inboxes',
  'outgoing-email': 'outgoing.tab',
  users: 'settings.users',
  teams: 'settings.teams',
  webhooks: 'webhooks.tab',
  export: 'export.tab',
  notifications: 'notifyPrefs.title',
  snippets: 'settings.snippets',
  templates: 'settings.templates',
};
const adminOnly: SettingsTab[] = ['inboxes', 'outgoing-email', 'users', 'teams', 'webhooks', 'export'];

export function SettingsPage({ tab }: { tab: SettingsTab }) {
  const t = useT();
  const { isAdmin } = useSession();
  const tabs = settingsTabs.filter((x) => isAdmin || !adminOnly.includes(x));
  const allowed = tabs.includes(tab);
  // A link to a section (`/settings/inboxes#email-title`): shown once it is drawn.
  useEffect(() => scrollToHashTarget(location.hash), [tab]);
  return (
    <div className="settings">
      <nav className="settings-nav" aria-label={t('settings.title')}>
        <h1>{t('settings.title')}</h1>
        <a href="/" onClick={linkHandler('/')} className="back-link">
          ← {t('settings.back')}
        </a>
        <ul>
          {tabs.map((x) => (
            <li key={x}>
              <a href={`/settings/${x}`} onClick={linkHandler(`/settings/${x}`)} aria-current={x === tab ? 'page' : undefined}>
                {x === 'security' ? t('security.tab') : t(labels[x])}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings-main">
        {!allowed ? (
          <EmptyState title={t('settings.adminOnlyTitle')} text={t('settings.adminOnlyText')} />
        ) : tab === 'inboxes' ? (
          <>
            <InboxSettings />
            <EmailSettings />
            <ChatSettings />
            <MessengerSettings />
          </>
        ) : tab === 'outgoing-email' ? (
          <OutgoingMailSettings />
        ) : tab === 'users' ? (
          <UserSettings />
        ) : tab === 'teams' ? (
          <TeamSettings />
        ) : tab === 'webhooks' ? (
          <WebhookSettings />
        ) : tab === 'export' ? (
          <ExportSettings />
        ) : tab === 'notifications' ? (
          <NotificationSettings />
        ) : tab === 'templates' ? (
          <TemplateSettings />
        ) : tab === 'security' ? (
          <SecuritySettings />
        ) : (
          <SnippetSettings />
        )}
      </div>
    </div>
  );
}
