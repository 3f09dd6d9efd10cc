/** More actions on a conversation: move to Trash, block or unblock the sender, spam. */
import { useState } from 'react';
import type { ConversationOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { useContact } from '../state/queries.js';
import { useT } from '../i18n/index.js';
import { ForgetVisitorItem } from '../settings/chat/ForgetVisitor.js';
import { Menu, MenuButton, MenuItem, MenuList } from '../ui/Menu.js';

type Off = (allowed: boolean) => { disabled: boolean; title?: string; 'aria-describedby'?: string };

export function MoreMenu({
  conv,
  off,
  act,
}: {
  conv: ConversationOut;
  off: Off;
  act(fn: () => Promise<unknown>, done?: string): Promise<void>;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const path = `/conversations/${encodeURIComponent(conv.id)}`;
  // The same cached record the contact panel shows (refreshed on `contact.updated`).
  const blocked = useContact(conv.contact?.id ?? null).data?.blocked ?? false;
  const run = (fn: () => Promise<unknown>, done: string) => {
    setOpen(false);
    void act(fn, done);
  };

  return (
    <div className="menu-wrap">
      <Menu open={open} onOpenChange={setOpen}>
        <MenuButton className="btn">{t('more.label')} ▾</MenuButton>
        <MenuList label={t('more.label')}>
          <MenuItem {...off(conv.abilities.trash)} onSelect={() => run(() => api.post(`${path}/trash`), t('more.trashed'))}>
            {t('more.trash')}
          </MenuItem>
          {conv.contact &&
            (blocked ? (
              <MenuItem {...off(conv.abilities.block)} onSelect={() => run(() => api.post(`${path}/unblock-sender`), t('more.unblocked'))}>
                {t('more.unblock')}
              </MenuItem>
            ) : (
              <MenuItem {...off(conv.abilities.block)} onSelect={() => run(() => api.post(`${path}/block-sender`), t('more.blocked'))}>
                {t('more.block')}
              </MenuItem>
            ))}
          <ForgetVisitorItem conv={conv} off={off} run={run} />
          {conv.folder === 'spam' ? (
            <MenuItem {...off(conv.abilities.spam)} onSelect={() => run(() => api.post(`${path}/not-spam`), t('conv.notSpamDone'))}>
              {t('conv.notSpam')}
            </MenuItem>
          ) : (
            <MenuItem {...off(conv.abilities.spam)} onSelect={() => run(() => api.post(`${path}/spam`), t('more.spamDone'))}>
              {t('more.spam')}
            </MenuItem>
          )}
        </MenuList>
      </Menu>
    </div>
  );
}
