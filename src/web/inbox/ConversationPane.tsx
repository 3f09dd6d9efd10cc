/** The open conversation: header actions, thread, editor, presence, and the contact panel. */
import { useCallback, useEffect, useState } from 'react';
import type { ConversationOut, MessageOut } from '../../common/api.js';
import { ApiError, api } from '../api/http.js';
import { stream } from '../api/stream.js';
import { useT } from '../i18n/index.js';
import { useDebounced, useStream } from '../state/hooks.js';
import { formatRoute, type Route } from '../state/route.js';
import { fetchAll, useSession } from '../state/session.js';
import { Composer } from '../compose/Composer.js';
import { ContactPanel } from './ContactPanel.js';
import { ConversationHeader } from './ConversationHeader.js';
import { EmptyState } from '../ui/EmptyState.js';
import { Thread } from './Thread.js';

type InboxRoute = Extract<Route, { page: 'inbox' }> & { inboxId: string };
export type PresenceUser = { id: string; name: string; state: 'viewing' | 'typing' };

export function ConversationPane(props: { route: InboxRoute; convId: string; contactCollapsed: boolean; onToggleContact(): void }) {
  const { route, convId } = props;
  const t = useT();
  const { me } = useSession();
  const [conv, setConv] = useState<ConversationOut | null>(null);
  const [messages, setMessages] = useState<MessageOut[]>([]);
  const [state, setState] = useState<'loading' | 'ready' | 'notfound' | 'error'>('loading');
  const [presence, setPresence] = useState<PresenceUser[]>([]);

  const load = useCallback(async () => {
    try {
      const [c, m] = await Promise.all([
        api.get<ConversationOut>(`/conversations/${encodeURIComponent(convId)}`, {}, { quiet: [404] }),
        fetchAll<MessageOut>(`/conversations/${encodeURIComponent(convId)}/messages`),
      ]);
      m.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
      setConv(c);
      setMessages(m);
      setState('ready');
      return c;
    } catch (e) {
      setState(e instanceof ApiError && e.status === 404 ? 'notfound' : 'error');
      return null;
    }
  }, [convId]);

  useEffect(() => {
    void load().then((c) => {
      if (c?.unread) api.post(`/conversations/${encodeURIComponent(convId)}/read`, {}, { quiet: [403, 404] }).catch(() => {});
    });
    stream.send({ type: 'presence', conversationId: convId, state: 'viewing' });
    return () => stream.send({ type: 'presence', conversationId: convId, state: 'left' });
  }, [convId, load]);

  const reload = useDebounced(() => void load(), 150);
  useStream((msg) => {
    if (msg.type === 'presence' && msg.conversationId === convId) setPresence(msg.users.filter((u) => u.id !== me.id));
    if (msg.type === 'event' && msg.conversationId === convId) {
      if (msg.event === 'conversation.deleted') setState('notfound');
      else reload();
    }
    if (msg.type === 'ready' && stream.resumed) reload();
  });

  if (state === 'notfound') {
    const back = formatRoute({ ...route, convId: null });
    return (
      <section className="conv-col conv-empty">
        <EmptyState title={t('conv.notFoundTitle')} text={t('conv.notFoundText')} action={{ label: t('conv.backToList'), href: back }} />
      </section>
    );
  }
  if (state === 'error') {
    return (
      <section className="conv-col conv-empty">
        <EmptyState title={t('conv.errorTitle')} text={t('list.errorText')} />
      </section>
    );
  }
  if (!conv) return <section className="conv-col" aria-busy="true" aria-label={t('common.loading')} />;

  return (
    <>
      <section className="conv-col" aria-label={t('conv.label')}>
        <ConversationHeader conv={conv} route={route} presence={presence} onChanged={setConv} onReload={() => void load()} />
        <Thread conv={conv} messages={messages} />
        <Composer conv={conv} onSent={(m) => setMessages((ms) => (ms.some((x) => x.id === m.id) ? ms : [...ms, m]))} />
      </section>
      <ContactPanel conv={conv} collapsed={props.contactCollapsed} onToggle={props.onToggleContact} />
    </>
  );
}
