/**
 * Settings › Inboxes › a chat or Messenger channel › Chatflows (admins): the channel's flows, each with
 * its state (Draft / Published vN / Off) and a switch; New flow and Edit open the builder. Opened by
 * `ChatflowsButton` in each channel's row.
 */
import { useState } from 'react';
import type { ChatflowOut } from '../../../common/chatflow.js';
import { api } from '../../api/http.js';
import { useT } from '../../i18n/index.js';
import { useToast } from '../../state/toasts.js';
import { ListDialog, useListed } from '../../ui/ListDialog.js';
import { ChatflowBuilder } from './ChatflowBuilder.js';
import './chatflows.css';

type FlowChannel = { id: string; name: string; kind: string };

/** The channel row's "Chatflows" button (chat and Messenger settings), opening the dialog below. */
export function ChatflowsButton({ channel }: { channel: FlowChannel }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="btn small"
        aria-label={t('chatflows.buttonNamed', { name: channel.name })}
        onClick={() => setOpen(true)}
      >
        {t('chatflows.button')}
      </button>
      {open && <ChatflowsDialog channel={channel} onClose={() => setOpen(false)} />}
    </>
  );
}

export function ChatflowsDialog({ channel, onClose }: { channel: FlowChannel; onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const {
    items: flows,
    setItems: setFlows,
    reload: load,
  } = useListed<ChatflowOut>(`/channels/${encodeURIComponent(channel.id)}/chatflows`);
  const [editing, setEditing] = useState<ChatflowOut | 'new' | null>(null);

  if (editing)
    return (
      <ChatflowBuilder
        channelId={channel.id}
        pages={channel.kind === 'chat'}
        flow={editing === 'new' ? null : editing}
        onClose={() => {
          setEditing(null);
          void load();
        }}
      />
    );
  /** Switched at once; back as it was if the server refuses. */
  const toggle = async (f: ChatflowOut) => {
    const put = (x: ChatflowOut) => setFlows((fs) => fs?.map((y) => (y.id === x.id ? x : y)) ?? null);
    put({ ...f, enabled: !f.enabled });
    try {
      const next = await api.patch<ChatflowOut>(`/chatflows/${encodeURIComponent(f.id)}`, { enabled: !f.enabled });
      put(next);
      toast(next.enabled ? t('chatflows.switchedOn', { name: f.name }) : t('chatflows.switchedOff', { name: f.name }));
    } catch {
      put(f);
    }
  };
  return (
    <ListDialog
      title={t('chatflows.title', { name: channel.name })}
      intro={t('chatflows.intro')}
      newLabel={t('chatflows.new')}
      onNew={() => setEditing('new')}
      none={t('chatflows.none')}
      empty={flows?.length === 0}
      onClose={onClose}
    >
      {flows?.map((f) => (
        <li key={f.id} className="box" data-chatflow={f.name}>
          <div className="action-bar chatflows-item-head">
            <strong>{f.name}</strong>
            <span className={`chip${f.enabled && f.publishedVersion ? '' : ' chip-closed'}`} data-chatflow-state>
              {!f.enabled
                ? t('chatflows.stateOff')
                : f.publishedVersion
                  ? t('chatflows.statePublished', { version: f.publishedVersion })
                  : t('chatflows.stateDraft')}
            </span>
            <span className="small muted">{t('chatflows.stepCount', { count: f.draft.steps.length })}</span>
          </div>
          <div className="row-actions">
            <label className="chatflows-switch">
              <input type="checkbox" role="switch" checked={f.enabled} onChange={() => void toggle(f)} />
              {t('chatflows.onNamed', { name: f.name })}
            </label>
            <button
              type="button"
              className="btn small"
              aria-label={t('chatflows.editNamed', { name: f.name })}
              onClick={() => setEditing(f)}
            >
              {t('chatflows.edit')}
            </button>
          </div>
        </li>
      ))}
    </ListDialog>
  );
}
