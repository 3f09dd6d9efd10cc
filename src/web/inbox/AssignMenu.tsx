/** Assign or reassign a conversation to a user or a team; `a` opens it. */
import { useCallback, useRef, useState } from 'react';
import type { ConversationOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { useT } from '../i18n/index.js';
import { useCommand } from '../state/commands.js';
import { useDismiss } from '../state/hooks.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';
import { Avatar } from '../ui/Avatar.js';

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
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, ref);
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

  return (
    <div className="menu-wrap" ref={ref}>
      <button
        type="button"
        className="btn assign-btn"
        aria-haspopup="true"
        aria-expanded={open}
        aria-keyshortcuts="a"
        {...disabledProps}
        onClick={() => setOpen((o) => !o)}
      >
        {conv.assignee && <Avatar name={conv.assignee.name} url={conv.assignee.avatarUrl} />}
        <span className="assign-name">
          <span className="sr-only">{t('assign.label')}: </span>
          {current}
        </span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="menu menu-right assign-menu" role="menu" aria-label={t('assign.label')}>
          <input
            autoFocus
            type="search"
            aria-label={t('assign.filter')}
            placeholder={t('assign.filter')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <button type="button" role="menuitem" onClick={() => assign({ assigneeId: null, teamId: null }, t('assign.unassigned'))}>
            {t('assign.unassign')}
          </button>
          {shownUsers.length > 0 && <div className="menu-group">{t('assign.users')}</div>}
          {shownUsers.map((u) => (
            <button
              type="button"
              role="menuitem"
              key={u.id}
              onClick={() => assign({ assigneeId: u.id }, t('assign.done', { name: u.name }))}
            >
              <Avatar name={u.name} url={u.avatarUrl} />
              <span>{u.name}</span>
              {u.availability === 'away' && <span className="muted small">{t('assign.away')}</span>}
            </button>
          ))}
          {shownTeams.length > 0 && <div className="menu-group">{t('assign.teams')}</div>}
          {shownTeams.map((x) => (
            <button type="button" role="menuitem" key={x.id} onClick={() => assign({ teamId: x.id }, t('assign.done', { name: x.name }))}>
              <span className="team-badge" aria-hidden="true">
                ⁂
              </span>
              <span>{x.name}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
