/** Assign or reassign a conversation to a user or a team; `a` opens it. The filter field takes the typing; ArrowDown goes on to the choices. */
import { useState, type KeyboardEvent } from 'react';
import type { ConversationOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { useT } from '../i18n/index.js';
import { useCommand } from '../state/commands.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';
import { Avatar } from '../ui/Avatar.js';
import { Menu, MenuButton, MenuItem, MenuLabel, MenuList } from '../ui/Menu.js';

type Off = { disabled: boolean; title?: string; 'aria-describedby'?: string };

export function AssignMenu({
  conv,
  disabledProps,
  onAssigned,
}: {
  conv: ConversationOut;
  disabledProps: Off;
  onAssigned(c: ConversationOut): void;
}) {
  const t = useT();
  const toast = useToast();
  const { users, teams, inboxes } = useSession();
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  useCommand('assign', () => !disabledProps.disabled && setOpen(true));

  async function assign(patch: { assigneeId?: string | null; teamId?: string | null }, label: string) {
    setOpen(false);
    try {
      onAssigned(await api.patch<ConversationOut>(`/conversations/${encodeURIComponent(conv.id)}`, patch));
      toast(label);
    } catch {
      /* toasted */
    }
  }

  const f = filter.trim().toLowerCase();
  const shownUsers = users.filter((u) => u.active !== false && (!f || u.name.toLowerCase().includes(f) || u.email.includes(f)));
  // Only teams with access to the conversation's inbox can be given it (the server refuses the others).
  const access = inboxes.find((i) => i.id === conv.inboxId)?.access;
  const shownTeams = teams.filter(
    (x) => (!access || access.mode === 'everyone' || access.teamIds.includes(x.id)) && (!f || x.name.toLowerCase().includes(f)),
  );
  const team = teams.find((x) => x.id === conv.teamId);
  const current = conv.assignee?.name ?? team?.name ?? t('assign.nobody');

  // Letters go to the filter, not to the menu's type-to-jump; ArrowDown moves on to the first choice.
  function filterKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Escape' || e.key === 'Tab') return;
    e.stopPropagation();
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      e.currentTarget.closest('[role="menu"]')?.querySelector<HTMLElement>('[role="menuitem"]:not([data-disabled])')?.focus();
    }
  }

  return (
    <div className="menu-wrap">
      <Menu open={open} onOpenChange={setOpen}>
        <MenuButton className="btn assign-btn" aria-keyshortcuts="a" {...disabledProps}>
          {conv.assignee && <Avatar name={conv.assignee.name} url={conv.assignee.avatarUrl} decorative />}
          <span className="assign-name">
            <span className="sr-only">{t('assign.label')}: </span>
            {current}
          </span>
          <span aria-hidden="true">▾</span>
        </MenuButton>
        <MenuList label={t('assign.label')} className="assign-menu">
          <input
            autoFocus
            type="search"
            aria-label={t('assign.filter')}
            placeholder={t('assign.filter')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            onKeyDown={filterKey}
          />
          <MenuItem onSelect={() => void assign({ assigneeId: null, teamId: null }, t('assign.unassigned'))}>
            {t('assign.unassign')}
          </MenuItem>
          {shownUsers.length > 0 && <MenuLabel className="menu-group">{t('assign.users')}</MenuLabel>}
          {shownUsers.map((u) => (
            <MenuItem key={u.id} onSelect={() => void assign({ assigneeId: u.id }, t('assign.done', { name: u.name }))}>
              <Avatar name={u.name} url={u.avatarUrl} decorative />
              <span>{u.name}</span>
              {u.availability === 'away' && <span className="muted small">{t('assign.away')}</span>}
            </MenuItem>
          ))}
          {shownTeams.length > 0 && <MenuLabel className="menu-group">{t('assign.teams')}</MenuLabel>}
          {shownTeams.map((x) => (
            <MenuItem key={x.id} onSelect={() => void assign({ teamId: x.id }, t('assign.done', { name: x.name }))}>
              <span className="team-badge" aria-hidden="true">
                ⁂
              </span>
              <span>{x.name}</span>
            </MenuItem>
          ))}
        </MenuList>
      </Menu>
    </div>
  );
}
