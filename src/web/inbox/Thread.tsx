/** The thread: customer messages and replies, internal comments, and system events as timeline lines. */
import { memo, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ConversationOut, MessageOut } from '../../common/api.js';
import { formatDateTime, useI18n } from '../i18n/index.js';
import { api } from '../api/http.js';
import { EmailFrame, hasRemoteImages } from './EmailFrame.js';
import { Linkified } from '../ui/Linkified.js';
import { MessageRecipients } from './MessageRecipients.js';
import { timelineLine } from '../i18n/timeline.js';

export function Thread({ conv, messages }: { conv: ConversationOut; messages: MessageOut[] }) {
  const { t } = useI18n();
  const end = useRef<HTMLDivElement>(null);
  const count = messages.length;
  useEffect(() => {
    // Braces matter: Chromium's scrollIntoView now returns a promise, which must not reach React.
    end.current?.scrollIntoView({ block: 'end' });
  }, [count]);

  return (
    <div className="thread" role="log" aria-label={t('thread.label')} tabIndex={0}>
      {messages.length === 0 && <p className="muted thread-empty">{t('thread.empty')}</p>}
      {messages.map((m) => (
        <Message key={m.id} m={m} email={conv.channel === 'email'} />
      ))}
      <div ref={end} />
    </div>
  );
}

/** One message; drawn again only when it changes (a thread of 1,000 takes a new message without redrawing the others). */
const Message = memo(function Message({ m, email }: { m: MessageOut; email: boolean }) {
  const { t, locale } = useI18n();
  const when = (
    <time dateTime={m.createdAt} className="msg-time">
      {formatDateTime(m.createdAt, locale)}
    </time>
  );
  if (m.kind === 'system') {
    return (
      <div className="msg-system" role="note" data-kind="system">
        <span>{timelineLine(t, m)}</span> {when}
      </div>
    );
  }
  const author = m.author?.name || (m.author?.type === 'contact' ? t('contact.unknown') : t('thread.system'));
  if (m.kind === 'comment') {
    return (
      <article className="msg msg-comment" data-kind="comment" aria-label={t('thread.commentBy', { name: author })}>
        <header>
          <span className="badge-internal">{t('thread.internal')}</span>
          <strong>{author}</strong> {when}
        </header>
        <p className="msg-text">
          <Linkified text={m.text} />
        </p>
      </article>
    );
  }
  const incoming = m.kind === 'incoming';
  return <MessageBody m={m} email={email} author={author} when={when} incoming={incoming} />;
});

function MessageBody({
  m,
  email,
  author,
  when,
  incoming,
}: {
  m: MessageOut;
  email: boolean;
  author: string;
  when: ReactNode;
  incoming: boolean;
}) {
  const { t } = useI18n();
  const [remote, setRemote] = useState(false);
  const [retrying, setRetrying] = useState(false);
  const files = (m.attachments ?? []).filter((a) => !a.inline);
  const retry = async () => {
    setRetrying(true);
    try {
      await api.post(`/messages/${encodeURIComponent(m.id)}/retry`, {});
    } finally {
      setRetrying(false);
    }
  };
  return (
    <article className={`msg ${incoming ? 'msg-in' : 'msg-out'}${email ? ' msg-email' : ' msg-bubble'}`} data-kind={m.kind}>
      <header>
        <strong>{author}</strong> {when}
        {m.deliveryState === 'failed' && <span className="chip chip-failed">{t('thread.failed')}</span>}
        {m.senderAuth?.summary === 'unverified' && (
          <span
            className="chip chip-failed sender-unverified"
            title={t('thread.unverifiedDetail', { spf: m.senderAuth.spf, dkim: m.senderAuth.dkim, dmarc: m.senderAuth.dmarc })}
          >
            {t('thread.unverified')}
          </span>
        )}
        {m.deliveryState === 'queued' && <span className="muted small">{t('thread.queued')}</span>}
        {m.deliveryState === 'failed' && (
          <button type="button" className="btn small" disabled={retrying} onClick={() => void retry()}>
            {t('thread.retry')}
          </button>
        )}
      </header>
      {email && incoming && <MessageRecipients r={m.recipients} />}
      {m.deliveryError && (m.deliveryState === 'failed' || m.deliveryState === 'queued') && (
        <p className="muted small delivery-error" role="status">
          {m.deliveryError}
        </p>
      )}
      {email && m.html && hasRemoteImages(m.html) && !remote && (
        <p className="muted small images-blocked">
          {t('thread.imagesBlocked')}{' '}
          <button type="button" className="btn small" onClick={() => setRemote(true)}>
            {t('thread.loadImages')}
          </button>
        </p>
      )}
      {email && m.html ? (
        <EmailFrame html={m.html} title={t('thread.emailBody', { name: author })} remoteImages={remote} />
      ) : (
        <p className="msg-text">
          <Linkified text={m.text} />
        </p>
      )}
      {files.length > 0 && (
        <ul className="attachments" aria-label={t('thread.attachments')}>
          {files.map((f) => (
            <li key={f.id}>
              <a href={`/api/v1/attachments/${encodeURIComponent(f.id)}`} download={f.filename}>
                {f.filename}
              </a>{' '}
              <span className="muted small">{f.size < 1024 ? `${f.size} B` : `${Math.round(f.size / 1024)} KB`}</span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
