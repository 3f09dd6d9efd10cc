/** The signed-in user and the directory the whole app needs: inboxes, users, teams. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { InboxOut, Page, TeamOut, UserOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { stream } from '../api/stream.js';

export interface Session {
  me: UserOut;
  inboxes: InboxOut[];
  users: UserOut[];
  teams: TeamOut[];
  isAdmin: boolean;
  setMe(me: UserOut): void;
  reloadInboxes(): Promise<void>;
  reloadDirectory(): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Every page of a list endpoint (directories are small: users, teams, inboxes, snippets). */
export async function fetchAll<T>(path: string, query: Record<string, string> = {}): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await api.get<Page<T>>(path, { ...query, limit: 100, cursor });
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items;
}

export function SessionProvider(props: { me: UserOut; onMe(me: UserOut): void; onLogout(): void; children: ReactNode }) {
  const { me, onMe, onLogout } = props;
  const [inboxes, setInboxes] = useState<InboxOut[] | null>(null);
  const [users, setUsers] = useState<UserOut[]>([]);
  const [teams, setTeams] = useState<TeamOut[]>([]);

  const reloadInboxes = useCallback(async () => setInboxes(await fetchAll<InboxOut>('/inboxes')), []);
  const reloadDirectory = useCallback(async () => {
    const [u, t] = await Promise.all([fetchAll<UserOut>('/users'), fetchAll<TeamOut>('/teams')]);
    setUsers(u);
    setTeams(t);
  }, []);

  useEffect(() => {
    reloadInboxes().catch(() => setInboxes([]));
    reloadDirectory().catch(() => {});
    stream.start();
    const off = stream.subscribe((msg) => {
      if (msg.type !== 'event') return;
      if (msg.event.startsWith('inbox.') || msg.event === 'channel.updated') reloadInboxes().catch(() => {});
      if (msg.event === 'user.updated') reloadDirectory().catch(() => {});
      // Access changes arrive as user.updated (an inbox's own events reach only its readers).
      if (msg.event === 'user.updated' && (msg.payload as { inboxAccess?: boolean } | null)?.inboxAccess) reloadInboxes().catch(() => {});
    });
    return () => {
      off();
      stream.stop();
    };
  }, [reloadInboxes, reloadDirectory]);

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      stream.stop();
      onLogout();
    }
  }, [onLogout]);

  const value = useMemo<Session | null>(
    () =>
      inboxes && {
        me,
        inboxes,
        users,
        teams,
        isAdmin: me.role === 'admin' || me.role === 'super_admin',
        setMe: onMe,
        reloadInboxes,
        reloadDirectory,
        logout,
      },
    [me, inboxes, users, teams, onMe, reloadInboxes, reloadDirectory, logout],
  );
  if (!value) return <div className="splash" aria-busy="true" />;
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function userName(users: UserOut[], id: string | null | undefined): string | null {
  if (!id) return null;
  return users.find((u) => u.id === id)?.name ?? null;
}
