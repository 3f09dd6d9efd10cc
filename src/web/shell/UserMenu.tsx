/** The user menu: away mode, language, profile, settings, shortcuts, sign out. */
import { useCallback, useRef, useState } from 'react';
import type { UserOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { useI18n, type Locale } from '../i18n/index.js';
import { useDismiss } from '../state/hooks.js';
import { linkHandler } from '../state/route.js';
import { useSession } from '../state/session.js';
import { Avatar } from '../ui/Avatar.js';
import { LanguageOptions } from '../ui/LanguageOptions.js';
import { ProfileDialog } from './ProfileDialog.js';

export function UserMenu({ onHelp }: { onHelp(): void }) {
  const { t, locale } = useI18n();
  const { me, setMe, isAdmin, logout } = useSession();
  const [open, setOpen] = useState(false);
  const [profile, setProfile] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, ref);

  const away = me.availability === 'away';
  const settingsHref = isAdmin ? '/settings/inboxes' : '/settings/snippets';
  async function update(patch: Partial<Pick<UserOut, 'availability' | 'locale'>>) {
    try {
      setMe(await api.patch<UserOut>('/me', patch));
    } catch {
      /* toasted */
    }
  }

  return (
    <div className="menu-wrap user-menu" ref={ref}>
      <button
        type="button"
        className="user-btn"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={t('menu.user', { name: me.name })}
        onClick={() => setOpen((o) => !o)}
      >
        <Avatar name={me.name} url={me.avatarUrl} />
        <span className={`dot ${away ? 'dot-away' : 'dot-on'}`} aria-hidden="true" />
        <span className="user-name">{me.name}</span>
      </button>
      {open && (
        <div className="menu menu-right" role="menu">
          <div className="menu-head">
            <strong>{me.name}</strong>
            <span className="muted">{me.email}</span>
          </div>
          <label className="menu-row">
            {t('menu.away')}
            <input
              type="checkbox"
              role="menuitemcheckbox"
              aria-checked={away}
              checked={away}
              onChange={() => update({ availability: away ? 'available' : 'away' })}
            />
          </label>
          <label className="menu-row">
            {t('menu.language')}
            <select value={locale} onChange={(e) => update({ locale: e.target.value as Locale })}>
              <LanguageOptions />
            </select>
          </label>
          <button type="button" role="menuitem" onClick={() => (setProfile(true), close())}>
            {t('menu.profile')}
          </button>
          <a role="menuitem" href={settingsHref} onClick={(e) => (linkHandler(settingsHref)(e), close())}>
            {t('menu.settings')}
          </a>
          <button type="button" role="menuitem" onClick={() => (onHelp(), close())}>
            {t('menu.shortcuts')}
          </button>
          <button type="button" role="menuitem" onClick={() => logout()}>
            {t('menu.logout')}
          </button>
        </div>
      )}
      {profile && <ProfileDialog onClose={() => setProfile(false)} />}
    </div>
  );
}
