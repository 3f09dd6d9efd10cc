/**
 * "Send to a developer": a button opening a small dialog (email address, optional note) that mails a
 * chat channel's tracking code with short instructions. Without an outgoing mail server the mail waits,
 * and the admin is told so. Also the install panel: the code, Copy, and that button.
 */
import { useState } from 'react';
import type { ChatSnippetSentOut } from '../../../common/chat-schema.js';
import { api } from '../../api/http.js';
import { Field } from '../../ui/Field.js';
import { FormDialog } from '../../ui/FormDialog.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { useToast } from '../../state/toasts.js';
import { useT } from '../../i18n/index.js';
import type { Chat } from './draft.js';

export function SendToDeveloper({ chat, small }: { chat: Chat; small?: boolean }) {
  const t = useT();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [note, setNote] = useState('');
  const close = () => setOpen(false);
  const { errors, busy, submit } = useFormSave(close);
  const send = submit(async () => {
    const r = await api.post<ChatSnippetSentOut>(
      `/channels/${encodeURIComponent(chat.id)}/send-snippet`,
      { email, note: note.trim() || undefined },
      { quiet: [400] },
    );
    toast(r.held ? t('chat.sentHeld', { email: r.to }) : t('chat.sent', { email: r.to }));
    setEmail('');
    setNote('');
  });
  return (
    <>
      <button
        type="button"
        className={small ? 'btn small' : 'btn'}
        // In the channel list: which channel's code, after the visible words.
        aria-label={small ? `${t('chat.sendToDeveloper')}: ${chat.name}` : undefined}
        onClick={() => setOpen(true)}
      >
        {t('chat.sendToDeveloper')}
      </button>
      {open && (
        <FormDialog title={t('chat.sendTitle')} busy={busy} submitLabel={t('chat.send')} onClose={close} onSubmit={send} noValidate>
          <p className="muted">{t('chat.sendIntro')}</p>
          <Field label={t('chat.sendEmail')} error={errors.email}>
            <input type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
          </Field>
          <Field label={t('chat.sendNote')} error={errors.note}>
            <textarea value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
          </Field>
        </FormDialog>
      )}
    </>
  );
}

/** The tracking code with Copy and Send to a developer: shown once a channel is published, and on the wizard's last step. */
export function ChatInstall({ chat }: { chat: Chat }) {
  const t = useT();
  const toast = useToast();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(chat.installSnippet);
      toast(t('chat.copied'));
    } catch {
      toast(t('chat.copyByHand'));
    }
  };
  return (
    <section className="chat-install" aria-labelledby="chat-install-title">
      <h3 id="chat-install-title">{t('chat.installTitle')}</h3>
      <p className="muted">{t('chat.installText')}</p>
      <code aria-label={t('chat.trackingCodeOf', { name: chat.name })}>{chat.installSnippet}</code>
      <div className="chat-install-actions">
        <button type="button" className="btn" onClick={() => void copy()}>
          {t('chat.copy')}
        </button>
        <SendToDeveloper chat={chat} />
      </div>
    </section>
  );
}
