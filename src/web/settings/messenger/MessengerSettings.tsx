/**
 * Settings › Inboxes › Facebook Messenger: each connected Page with its webhook URL (to paste into the
 * Meta app) and its state ("Connected" / "Reconnect needed: …"); admins connect a Page and reconnect one
 * (the three secrets are never shown again, reconnecting replaces them).
 */
import { useCallback, useEffect, useState } from 'react';
import type { ChannelOut } from '../../../common/api.js';
import { api } from '../../api/http.js';
import { useT } from '../../i18n/index.js';
import { fetchAll, useSession } from '../../state/session.js';
import { useToast } from '../../state/toasts.js';
import { Table } from '../../ui/Table.js';
import { MessengerDialog } from './MessengerDialog.js';
import { ChatflowsButton } from '../chatflows/ChatflowsDialog.js';

export type MessengerChannel = ChannelOut & { messenger: NonNullable<ChannelOut['messenger']> };

export function MessengerSettings() {
  const t = useT();
  const toast = useToast();
  const { inboxes, isAdmin } = useSession();
  const [pages, setPages] = useState<MessengerChannel[] | null>(null);
  /** The dialog: closed, connecting a new Page, or reconnecting one. */
  const [dialog, setDialog] = useState<null | 'new' | MessengerChannel>(null);
  const load = useCallback(async () => {
    const all = await Promise.all(inboxes.map((i) => fetchAll<ChannelOut>(`/inboxes/${encodeURIComponent(i.id)}/channels`)));
    const ids = all.flat().filter((c) => c.kind === 'messenger');
    setPages(await Promise.all(ids.map((c) => api.get<MessengerChannel>(`/channels/${encodeURIComponent(c.id)}`))));
  }, [inboxes]);
  useEffect(() => void load(), [load]);
  if (!pages) return null;
  const copy = async (c: MessengerChannel) => {
    try {
      await navigator.clipboard.writeText(c.messenger.webhookUrl);
      toast(t('messenger.copied'));
    } catch {
      toast(t('messenger.copyByHand'));
    }
  };
  return (
    <section aria-labelledby="messenger-title" className="messenger-settings">
      <header className="settings-head">
        <h2 id="messenger-title">{t('messenger.title')}</h2>
        {isAdmin && (
          <button type="button" className="btn primary" onClick={() => setDialog('new')}>
            {t('messenger.connect')}
          </button>
        )}
      </header>
      <p className="muted">{t('messenger.intro')}</p>
      {pages.length === 0 ? (
        <p className="muted">{t('messenger.empty')}</p>
      ) : (
        <Table
          columns={[
            t('messenger.name'),
            t('messenger.inbox'),
            t('messenger.webhookUrl'),
            t('messenger.state'),
            ...(isAdmin ? [<span className="sr-only">{t('messenger.reconnect')}</span>] : []),
          ]}
        >
          {pages.map((c) => (
            <tr key={c.id} data-messenger-channel={c.id}>
              <td>
                {c.name}
                <div className="muted small">
                  {t('messenger.pageId')}: {c.messenger.pageId}
                </div>
              </td>
              <td>{inboxes.find((i) => i.id === c.inboxId)?.name}</td>
              <td>
                <div className="chat-snippet">
                  <code>{c.messenger.webhookUrl}</code>
                  <button type="button" className="btn small" onClick={() => void copy(c)}>
                    {t('messenger.copy')}
                  </button>
                </div>
              </td>
              <td role="status" data-messenger-state={c.messenger.state}>
                {c.messenger.state === 'connected' ? (
                  <span className="chip">{t('messenger.state.connected')}</span>
                ) : (
                  <span className="chip chip-failed">{t('messenger.state.reconnect_needed', { error: c.messenger.lastError ?? '' })}</span>
                )}
              </td>
              {isAdmin && (
                <td>
                  <button type="button" className="btn small" onClick={() => setDialog(c)}>
                    {t('messenger.reconnect')}
                  </button>{' '}
                  <ChatflowsButton channel={c} />
                </td>
              )}
            </tr>
          ))}
        </Table>
      )}
      {dialog && (
        <MessengerDialog
          existing={dialog === 'new' ? undefined : dialog}
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            setDialog(null);
            setPages((ps) =>
              ps?.some((x) => x.id === saved.id) ? ps.map((x) => (x.id === saved.id ? saved : x)) : [...(ps ?? []), saved],
            );
            toast(t('messenger.saved'));
          }}
        />
      )}
    </section>
  );
}
