/** The user menu: away mode, language, profile, notifications, settings, shortcuts, sign out. */
import { lazy, Suspense, useState } from 'react';
import type { UserOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { localeNames, useI18n, type Locale } from '../i18n/index.js';
import { linkHandler } from '../state/route.js';
import { useSession } from '../state/session.js';
import { Avatar } from '../ui/Avatar.js';
import { Menu, MenuButton, MenuCheckbox, MenuChoice, MenuItem, MenuLabel, MenuLink, MenuList } from '../ui/Menu.js';
import { ProfileDialog } from './ProfileDialog.js';
import { turnOffPush } from '../notifications/alerts.js';
import { settingsHome } from '../settings/links.js';

// Loaded when first opened: its choices come from the API's schema module (with zod), kept out of the first load.
const PreferencesDialog = lazy(() => import('../notifications/PreferencesDialog.js').then((m) => ({ default: m.PreferencesDialog })));

const languages = (Object.keys(localeNames) as Locale[]).map((l) => ({ value: l, label: localeNames[l] }));

export function UserMenu({ onHelp }: { onHelp(): void }) {
  const { t, locale } = useI18n();
  const { me, setMe, isAdmin, logout } = useSession();
  const [profile, setProfile] = useState(false);
  const [notifications, setNotifications] = useState(false);

  const away = me.availability === 'away';
  const [before = '', after = ''] = t('menu.user', { name: '\u0000' })
    .split('\u0000')
    .map((s) => s.trim());
  const settingsHref = settingsHome(isAdmin);
  async function update(patch: Partial<Pick<UserOut, 'availability' | 'locale'>>) {
    try {
      setMe(await api.patch<UserOut>('/me', patch));
    } catch {
      /* toasted */
    }
  }

  return (
    <div className="menu-wrap user-menu">
      <Menu>
        {/* Named by its content, "User menu for Ana", with the visible name in it, so speech input finds it by what it shows. */}
        <MenuButton className="user-btn">
          <Avatar name={me.name} url={me.avatarUrl} decorative />
          <span className={`dot ${away ? 'dot-away' : 'dot-on'}`} aria-hidden="true" />
          {before && <span className="sr-only">{before} </span>}
          <span className="user-name">{me.name}</span>
          {after && <span className="sr-only"> {after}</span>}
        </MenuButton>
        <MenuList className="user-menu-list">
          <MenuLabel className="menu-head">
            <strong>{me.name}</strong>
            <span className="muted">{me.email}</span>
          </MenuLabel>
          <MenuCheckbox checked={away} onChange={() => void update({ availability: away ? 'available' : 'away' })}>
            {t('menu.away')}
          </MenuCheckbox>
          <MenuChoice label={t('menu.language')} value={locale} options={languages} onChange={(l) => void update({ locale: l })} />
          <MenuItem onSelect={() => setProfile(true)}>{t('menu.profile')}</MenuItem>
          <MenuItem onSelect={() => setNotifications(true)}>{t('menu.notifications')}</MenuItem>
          <MenuLink href={settingsHref} onClick={linkHandler(settingsHref)}>
            {t('menu.settings')}
          </MenuLink>
          <MenuItem onSelect={onHelp}>{t('menu.shortcuts')}</MenuItem>
          {/* This browser stops receiving the user's push first (a shared computer must not show them to the next person). */}
          <MenuItem
            onSelect={() =>
              void turnOffPush()
                .catch(() => undefined)
                .then(() => logout())
            }
          >
            {t('menu.logout')}
          </MenuItem>
        </MenuList>
      </Menu>
      {profile && <ProfileDialog onClose={() => setProfile(false)} />}
      {notifications && (
        <Suspense fallback={null}>
          <PreferencesDialog onClose={() => setNotifications(false)} />
        </Suspense>
      )}
    </div>
  );
}
