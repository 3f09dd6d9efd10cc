/** The open conversation: header actions, thread, editor, presence, and the contact panel. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ConversationOut, ConversationRow, MessageOut } from '../../common/api.js';
import { ApiError, api } from '../api/http.js';
import { stream } from '../api/stream.js';
import { useT } from '../i18n/index.js';
import { withMessage, withRead } from '../state/cache-updates.js';
import { useStream } from '../state/hooks.js';
import { keys, threadMessages, useConversation, useThread, type Pages } from '../state/queries.js';
import { formatRoute, type Route } from '../state/route.js';
import { useSession } from '../state/session.js';
import { Composer } from '../compose/Composer.js';
import { BotBanner } from './BotBanner.js';
import { ContactPanel } from './ContactPanel.js';
import { ConversationHeader } from './ConversationHeader.js';
import { EmptyState } from '../ui/EmptyState.js';
import { FindBar } from './FindBar.js';
import { Thread } from './Thread.js';

type InboxRoute = Extract<Route, { page: 'inbox' }> & { inboxId: string };
export type PresenceUser = { id: string; name: string; state: 'viewing' | 'typing' };

export function ConversationPane(props: { route: InboxRoute; convId: string; contactCollapsed: boolean; onToggleContact(): void }) {
  const { route, convId } = props;
  const t = useT();
  const { me } = useSession();
  const qc = useQueryClient();
  const convQuery = useConversation(convId);
  const thread = useThread(convId);
  const [deleted, setDeleted] = useState(false);
  const [presence, setPresence] = useState<PresenceUser[]>([]);
  const [finding, setFinding] = useState(false);
  /** The message find asked to show (a new object each time, so the same one can be shown again). */
  const [target, setTarget] = useState<{ id: string } | null>(null);
  const conv = convQuery.data;
  const unread = !!conv?.unread;

  useEffect(() => {
    stream.send({ type: 'presence', conversationId: convId, state: 'viewing' });
    return () => stream.send({ type: 'presence', conversationId: convId, state: 'left' });
  }, [convId]);

  // Opening a conversation reads it.
  useEffect(() => {
    if (!unread) return;
    qc.setQueryData<ConversationOut>(keys.conversation(convId), (c) => c && { ...c, unread: false });
    qc.setQueriesData<Pages<ConversationRow>>({ queryKey: keys.lists }, (d) => withRead(d, convId));
    api.post(`/conversations/${encodeURIComponent(convId)}/read`, {}, { quiet: [403, 404] }).catch(() => {});
  }, [unread, convId, qc]);

  useStream((msg) => {
    if (msg.type === 'presence' && msg.conversationId === convId) setPresence(msg.users.filter((u) => u.id !== me.id));
    if (msg.type === 'event' && msg.conversationId === convId && msg.event === 'conversation.deleted') setDeleted(true);
  });

  // A new array only when the pages change, so the thread's rows compare equal otherwise.
  const pages = thread.data?.pages;
  const messages = useMemo(() => threadMessages(pages ?? []), [pages]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = thread;
  const older = useMemo(
    () => ({ more: hasNextPage, loading: isFetchingNextPage, load: () => void fetchNextPage().catch(() => {}) }),
    [hasNextPage, isFetchingNextPage, fetchNextPage],
  );
  // A match of find: older pages are read until the one holding it, then the thread shows it.
  const reveal = useCallback(
    async (id: string) => {
      const read = () => qc.getQueryData<Pages<MessageOut>>(keys.thread(convId));
      for (let d = read(); d && !d.pages.some((p) => p.items.some((m) => m.id === id)) && d.pages.at(-1)?.nextCursor;) {
        const before = d.pages.length;
        await fetchNextPage();
        d = read();
        if ((d?.pages.length ?? 0) <= before) return; // the page did not come (an error shows as usual)
      }
      setTarget({ id });
    },
    [qc, convId, fetchNextPage],
  );
  const failed = convQuery.error ?? thread.error;
  const state =
    deleted || (failed instanceof ApiError && failed.status === 404) ? 'notfound' : failed && (!conv || !thread.data) ? 'error' : 'ready';

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
  if (!conv || !thread.data) return <section className="conv-col" aria-busy="true" aria-label={t('common.loading')} />;

  return (
    <>
      <section className="conv-col" aria-label={t('conv.label')}>
        <ConversationHeader
          conv={conv}
          route={route}
          presence={presence}
          onChanged={(c) => qc.setQueryData(keys.conversation(convId), c)}
          onReload={() => void qc.invalidateQueries({ queryKey: keys.conversation(convId) })}
          onFind={() => setFinding(true)}
        />
        {finding && (
          <FindBar
            key={`find-${convId}`}
            convId={convId}
            onReveal={(id) => void reveal(id).catch(() => {})}
            onClose={() => {
              setFinding(false);
              setTarget(null);
            }}
          />
        )}
        <Thread key={convId} conv={conv} messages={messages} older={older} target={target} />
        <BotBanner conv={conv} onChanged={(c) => qc.setQueryData(keys.conversation(convId), c)} />
        <Composer
          conv={conv}
          onSent={(m) => qc.setQueryData<Pages<MessageOut>>(keys.thread(convId), (d) => withMessage(d, m, 'newest-first'))}
        />
      </section>
      <ContactPanel conv={conv} collapsed={props.contactCollapsed} onToggle={props.onToggleContact} />
    </>
  );
}
