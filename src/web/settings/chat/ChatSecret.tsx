/**
 * A chat channel's identity secret (admins): the host site's server signs user ids with it. Shown
 * on request with a copy button; rotating it makes every visitor token and identity hash made with
 * the old one stop working (open widgets start over), after a confirmation.
 */
import { useState } from 'react';
import { api } from '../../api/http.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { useToast } from '../../state/toasts.js';
import type { Chat } from './draft.js';
import { useT } from '../../i18n/index.js';

export function ChatSecret({
  chat,
  onRotated,
}: {
  chat: Chat & { identitySecret?: string; identifySnippet?: string };
  onRotated(c: Chat): void;
}) {
  const t = useT();
  const toast = useToast();
  const [shown, setShown] = useState(false);
  const [asking, setAsking] = useState(false);
  if (!chat.identitySecret) return null;
  return (
    <div className="chat-secret">
      {shown ? (
        <code aria-label={t('chat.secretOf', { name: chat.name })}>{chat.identitySecret}</code>
      ) : (
        <span className="muted">••••••••</span>
      )}
      <button type="button" className="btn small" onClick={() => setShown(!shown)}>
        {shown ? t('chat.secretHide') : t('chat.secretShow')}
      </button>
      {/* Named by what it shows, then which chat (a label of its own would hide the visible words from speech input). */}
      <button type="button" className="btn small" onClick={() => setAsking(true)}>
        {t('chat.rotate')}
        <span className="sr-only"> ({chat.name})</span>
      </button>
      {shown && chat.identifySnippet && (
        // How the host site computes the hash: over the user id, or over the user id and the email to verify the email too.
        <div className="chat-identify">
          <p className="muted small">{t('chat.identifyHelp')}</p>
          <pre>
            <code>{chat.identifySnippet}</code>
          </pre>
        </div>
      )}
      {asking && (
        <ConfirmDialog
          title={t('chat.rotateTitle', { name: chat.name })}
          text={t('chat.rotateText')}
          confirmLabel={t('chat.rotate')}
          onClose={() => setAsking(false)}
          onConfirm={async () => {
            const c = await api.post<Chat>(`/channels/${encodeURIComponent(chat.id)}/rotate-secret`, {});
            setAsking(false);
            setShown(true);
            onRotated(c);
            toast(t('chat.rotated'));
          }}
        />
      )}
    </div>
  );
}
