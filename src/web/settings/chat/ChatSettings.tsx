/**
 * Website chat channels (admins): each with its tracking code and a copy button, an Edit button
 * that opens the wizard on that channel, and New chat channel for the wizard on a blank one.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ChannelOut } from '../../../common/api.js';
import { api } from '../../api/http.js';
import { Table } from '../../ui/Table.js';
import { fetchAll, useSession } from '../../state/session.js';
import { useToast } from '../../state/toasts.js';
import { chatCss } from './chat-css.js';
import { ChatSecret } from './ChatSecret.js';
import { ChatWizard } from './ChatWizard.js';
import { SendToDeveloper } from './SendToDeveloper.js';
import type { Chat } from './draft.js';
import { useT } from '../../i18n/index.js';
import { newChatInboxOf } from '../links.js';
import { ChatflowsButton } from '../chatflows/ChatflowsDialog.js';

export function ChatSettings() {
  const t = useT();
  const { inboxes, isAdmin } = useSession();
  const [chats, setChats] = useState<Chat[] | null>(null);
  /** The wizard: closed, on a new channel, or on an existing one. */
  const [wizard, setWizard] = useState<null | 'new' | Chat>(null);
  /** Opened from a link (`#new-chat=<inboxId>`, the getting-started panel): the wizard for a new channel in that inbox. */
  const [wizardInbox, setWizardInbox] = useState<string | undefined>(undefined);
  useEffect(() => {
    const inboxId = newChatInboxOf(location.hash);
    if (!inboxId || !isAdmin) return;
    history.replaceState(null, '', location.pathname + location.search);
    setWizardInbox(inboxes.some((i) => i.id === inboxId) ? inboxId : undefined);
    setWizard('new');
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const toast = useToast();
  const load = useCallback(async () => {
    const all = await Promise.all(inboxes.map((i) => fetchAll<ChannelOut>(`/inboxes/${encodeURIComponent(i.id)}/channels`)));
    const chat = all.flat().filter((c) => c.kind === 'chat');
    setChats(await Promise.all(chat.map((c) => api.get<Chat>(`/channels/${encodeURIComponent(c.id)}`))));
  }, [inboxes]);
  useEffect(() => void load(), [load]);
  if (!chats) return null;
  const switchStatus = async (c: Chat) => {
    const next = await api.patch<Chat>(`/channels/${encodeURIComponent(c.id)}`, { status: c.status === 'on' ? 'off' : 'on' });
    setChats((cs) => (cs ?? []).map((x) => (x.id === next.id ? { ...x, status: next.status } : x)));
    toast(next.status === 'on' ? t('chat.switchedOn', { name: c.name }) : t('chat.switchedOff', { name: c.name }));
  };
  const copy = async (c: Chat) => {
    try {
      await navigator.clipboard.writeText(c.installSnippet);
      toast(t('chat.copied'));
    } catch {
      toast(t('chat.copyByHand'));
    }
  };
  return (
    <section aria-labelledby="chat-title" className="chat-settings">
      <style>{chatCss}</style>
      <header className="settings-head">
        <h2 id="chat-title">{t('chat.title')}</h2>
        {isAdmin && (
          <button type="button" className="btn primary" onClick={() => setWizard('new')}>
            {t('chat.new')}
          </button>
        )}
      </header>
      {chats.length === 0 ? (
        <p className="muted">{t('chat.empty')}</p>
      ) : (
        <Table
          columns={[
            t('chat.name'),
            t('chat.inbox'),
            t('chat.trackingCode'),
            t('email.status'),
            ...(isAdmin ? [t('chat.secret'), <span className="sr-only">{t('chat.edit')}</span>] : []),
          ]}
        >
          {chats.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td>{inboxes.find((i) => i.id === c.inboxId)?.name}</td>
              <td>
                <div className="chat-snippet">
                  <code aria-label={t('chat.trackingCodeOf', { name: c.name })}>{c.installSnippet}</code>
                  <button type="button" className="btn small" onClick={() => void copy(c)}>
                    {t('chat.copy')}
                  </button>
                  {isAdmin && <SendToDeveloper chat={c} small />}
                </div>
              </td>
              <td>
                {/* The help articles' Status switch: off, the widget disappears from the site and no new chat comes in. */}
                <span className={`chip${c.status === 'on' ? '' : ' chip-closed'}`}>
                  {c.status === 'on' ? t('email.on') : t('email.off')}
                </span>{' '}
                {isAdmin && (
                  <button
                    type="button"
                    className="btn small"
                    aria-label={`${c.status === 'on' ? t('email.switchOff') : t('email.switchOn')}: ${c.name}`}
                    onClick={() => void switchStatus(c)}
                  >
                    {c.status === 'on' ? t('email.switchOff') : t('email.switchOn')}
                  </button>
                )}
              </td>
              {isAdmin && (
                <td>
                  <ChatSecret chat={c} onRotated={(r) => setChats((cs) => (cs ?? []).map((x) => (x.id === r.id ? r : x)))} />
                </td>
              )}
              {isAdmin && (
                <td className="chat-actions">
                  <button
                    type="button"
                    className="btn small"
                    aria-label={t('chat.editLabel', { name: c.name })}
                    onClick={() => setWizard(c)}
                  >
                    {t('chat.edit')}
                  </button>{' '}
                  <ChatflowsButton channel={c} />
                </td>
              )}
            </tr>
          ))}
        </Table>
      )}
      {wizard && (
        <ChatWizard
          existing={wizard === 'new' ? undefined : wizard}
          inboxId={wizard === 'new' ? wizardInbox : undefined}
          onClose={() => {
            setWizard(null);
            setWizardInbox(undefined);
          }}
          onSaved={(saved) => {
            const editing = wizard !== 'new';
            setWizard(null);
            setWizardInbox(undefined);
            // The list may have reloaded with it already (the channel's event refreshes the session): replace, never add twice.
            setChats((cs) =>
              cs?.some((x) => x.id === saved.id) ? cs.map((x) => (x.id === saved.id ? saved : x)) : [...(cs ?? []), saved],
            );
            toast(editing ? t('chat.saved') : t('chat.published'));
          }}
        />
      )}
    </section>
  );
}
