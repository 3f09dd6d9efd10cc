/** The thread: customer messages and replies, internal comments, and system events as timeline lines. */
import { memo, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { measureElement, useVirtualizer } from '@tanstack/react-virtual';
import type { ConversationOut, MessageOut } from '../../common/api.js';
import { formatDateTime, useI18n } from '../i18n/index.js';
import { api } from '../api/http.js';
import { EmailFrame, hasRemoteImages } from './EmailFrame.js';
import { Linkified } from '../ui/Linkified.js';
import { MessageRecipients } from './MessageRecipients.js';
import { timelineLine } from '../i18n/timeline.js';
import { linkHandler } from '../state/route.js';
import { useSession } from '../state/session.js';

/** Images the server serves inline (`file-download.ts`): shown in a chat thread. */
const SHOWN_IMAGE = /^image\/(png|jpeg|gif|webp)$/;

/** Space between messages and around the list (px); the rows are placed by the virtualiser, so CSS gaps cannot do it. */
const GAP = 11;
const PAD = 16;
/** How near the bottom (px) still counts as "at the bottom": new messages then keep the newest in view. */
const NEAR_BOTTOM = 48;

/** Older pages of the thread: whether there are more, whether one is on its way, and how to ask for the next. */
export interface OlderPages {
  more: boolean;
  loading: boolean;
  load(): void;
}

/**
 * The thread, virtualised: only the messages in view (and a few either side) are in the DOM, so a thread
 * of 1,000 lays out and draws a screenful whatever its length, and an arriving message adds one row.
 * Opens at the newest message (only the newest page is read) and stays there while the reader is at the
 * bottom; scrolling up reads older pages, which are added above without moving what the reader sees. A
 * reader who scrolled up keeps their place and gets a "New messages" button instead.
 */
export function Thread({
  conv,
  messages,
  older,
  target,
}: {
  conv: ConversationOut;
  messages: MessageOut[];
  older: OlderPages;
  /** A message to bring into view and mark (find's current match). */
  target?: { id: string } | null;
}) {
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const email = conv.channel === 'email';
  const count = messages.length;
  // Guesses scaled by how the rows measured so far compared with theirs (text wraps sooner on a phone), so
  // older rows added above take about the room they will need and what the reader sees barely moves.
  const calibration = useRef(new Calibration());
  const v = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => calibration.current.scale(estimateHeight(messages[i], email)),
    measureElement: (el, entry, instance) => {
      const size = measureElement(el, entry, instance);
      const m = messages[instance.indexFromElement(el)];
      if (m) calibration.current.measured(m.id, estimateHeight(m, email), size);
      return size;
    },
    getItemKey: (i) => messages[i]?.id ?? i,
    // The first render already shows the newest messages, before the scroll position is set.
    initialOffset: () => Number.MAX_SAFE_INTEGER,
    overscan: 6,
    gap: GAP,
    paddingStart: PAD,
    paddingEnd: PAD,
    useFlushSync: false,
  });
  // Whether the reader is at the bottom (kept there as messages arrive and rows are measured), and the newest
  // message they have seen there.
  const atBottom = useRef(true);
  const newestId = messages[count - 1]?.id;
  const oldestId = messages[0]?.id;
  const seen = useRef(newestId);
  const shownOldest = useRef(oldestId);
  const [behind, setBehind] = useState(false);
  const total = v.getTotalSize();

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    // Older messages added above: the rows the reader sees stay where they were.
    if (shownOldest.current !== oldestId) {
      const was = messages.findIndex((m) => m.id === shownOldest.current);
      shownOldest.current = oldestId;
      const row = was > 0 ? v.measurementsCache[was] : undefined;
      if (row && !atBottom.current) {
        el.scrollTop += row.start - PAD;
        // Told now, not at the next frame's scroll event: the rows at the new place are drawn before this paint.
        el.dispatchEvent(new Event('scroll'));
      }
    }
    if (atBottom.current) {
      const bottom = el.scrollHeight - el.clientHeight;
      if (el.scrollTop < bottom - 1) el.scrollTop = bottom;
      seen.current = newestId;
    } else if (newestId !== seen.current) setBehind(true);
  }, [oldestId, newestId, total, messages, v]);

  // Find's match: brought to the middle of the view (its page is read by then); the reader is no longer at the bottom.
  const targetIndex = target ? messages.findIndex((m) => m.id === target.id) : -1;
  useLayoutEffect(() => {
    if (targetIndex < 0) return;
    atBottom.current = false;
    v.scrollToIndex(targetIndex, { align: 'center' });
  }, [target, targetIndex, v]);

  // Within a screenful of the oldest message read so far: the next older page (judged on the scroll position
  // itself, after older rows added above have moved it).
  const { more, loading, load } = older;
  const olderIfNear = () => {
    const el = scroller.current;
    if (el && more && !loading && el.scrollTop < el.clientHeight) load();
  };
  useEffect(olderIfNear);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    olderIfNear();
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight <= NEAR_BOTTOM;
    if (atBottom.current) {
      seen.current = newestId;
      setBehind(false);
    }
  };
  const toNewest = () => {
    atBottom.current = true;
    seen.current = newestId;
    setBehind(false);
    // To the end of the rows: as the rows drawn there are measured, the effect above keeps the bottom in view.
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  };

  return (
    <div className="thread-wrap">
      <div ref={scroller} className="thread" role="log" aria-label={t('thread.label')} aria-busy={loading} tabIndex={0} onScroll={onScroll}>
        {count === 0 && <p className="muted thread-empty">{t('thread.empty')}</p>}
        <div className="thread-rows" style={{ height: total }}>
          {v.getVirtualItems().map((row) => (
            <div
              key={row.key}
              ref={v.measureElement}
              data-index={row.index}
              className={`thread-row${target?.id === messages[row.index]?.id ? ' found' : ''}`}
              style={{ transform: `translateY(${row.start}px)` }}
            >
              <Message m={messages[row.index]!} email={email} />
            </div>
          ))}
        </div>
      </div>
      {loading && (
        <p className="muted small thread-older" role="status">
          {t('thread.loadingOlder')}
        </p>
      )}
      {behind && (
        <button type="button" className="btn small thread-newer" onClick={toNewest}>
          {t('thread.newMessages')} <span aria-hidden="true">↓</span>
        </button>
      )}
    </div>
  );
}

/** Guesses scaled by the measured-to-guessed ratio of the rows measured so far (unscaled while none are). */
class Calibration {
  private rows = new Map<string, [guessed: number, measured: number]>();
  private guessed = 0;
  private sum = 0;
  measured(id: string, guess: number, size: number): void {
    const was = this.rows.get(id);
    if (was) {
      this.guessed -= was[0];
      this.sum -= was[1];
    }
    this.rows.set(id, [guess, size]);
    this.guessed += guess;
    this.sum += size;
  }
  scale(guess: number): number {
    return this.guessed ? Math.round((guess * this.sum) / this.guessed) : guess;
  }
}

/** A first guess at a message's height before it is measured (close guesses keep the scrollbar steady). */
function estimateHeight(m: MessageOut | undefined, email: boolean): number {
  if (!m) return 60;
  if (m.kind === 'system') return 20;
  if (email && m.html) return 160;
  return 52 + 20 * Math.floor((m.text?.length ?? 0) / 80);
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
  // Blanked by an erasure (right to be forgotten): nothing left to show but that it was there.
  if (!m.text && !m.html && !m.attachments?.length) {
    return (
      <div className="msg-system msg-erased" role="note" data-kind={m.kind}>
        <span>{t('privacy.erasedMessage')}</span> {when}
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
        {m.author?.type === 'bot' && <span className="chip">{t('chat.bot.chip')}</span>}
        {m.deliveryState === 'failed' && <span className="chip chip-failed">{t('thread.failed')}</span>}
        {m.senderAuth?.summary === 'unverified' && (
          <span
            className="chip chip-failed sender-unverified"
            title={t('thread.unverifiedDetail', { spf: m.senderAuth.spf, dkim: m.senderAuth.dkim, dmarc: m.senderAuth.dmarc })}
          >
            {t('thread.unverified')}
          </span>
        )}
        {m.deliveryState === 'queued' && !m.deliveryHeld && <span className="muted small">{t('thread.queued')}</span>}
        {(m.deliveryState === 'delivered' || m.deliveryState === 'read') && (
          <span className="muted small" data-delivery={m.deliveryState}>
            {t(m.deliveryState === 'read' ? 'thread.read' : 'thread.delivered')}
          </span>
        )}
        {m.deliveryState === 'failed' && (
          <button type="button" className="btn small" disabled={retrying} onClick={() => void retry()}>
            {t('thread.retry')}
          </button>
        )}
      </header>
      {email && incoming && <MessageRecipients r={m.recipients} />}
      {m.deliveryHeld && <HeldLine reason={m.deliveryHeld} />}
      {m.deliveryError && !m.deliveryHeld && (m.deliveryState === 'failed' || m.deliveryState === 'queued') && (
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
        m.text && (
          <p className="msg-text">
            <Linkified text={m.text} />
          </p>
        )
      )}
      {m.buttons && m.buttons.length > 0 && (
        <p className="muted small bot-choices">{t('chat.bot.offered', { choices: m.buttons.map((b) => b.label).join(' · ') })}</p>
      )}
      {files.length > 0 && (
        <ul className="attachments" aria-label={t('thread.attachments')}>
          {files.map((f) => (
            <li key={f.id}>
              {/* A photo sent in a chat (Messenger, the widget) is seen in the thread; the server shows only images it recognised. */}
              {!email && SHOWN_IMAGE.test(f.contentType) && (
                <a
                  className="attachment-image"
                  href={`/api/v1/attachments/${encodeURIComponent(f.id)}/inline`}
                  target="_blank"
                  rel="noopener"
                >
                  <img src={`/api/v1/attachments/${encodeURIComponent(f.id)}/inline`} alt={f.filename} loading="lazy" />
                </a>
              )}
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

/** A reply that waits for an outgoing mail server: says so, and admins get the way to set one. */
function HeldLine({ reason }: { reason: NonNullable<MessageOut['deliveryHeld']> }) {
  const { t } = useI18n();
  const { isAdmin } = useSession();
  return (
    <p className="small delivery-held" role="status" data-held={reason}>
      <span className="chip chip-failed">{t(reason === 'sending_off' ? 'thread.heldSendingOff' : 'thread.heldNoServer')}</span>
      {isAdmin && (
        <>
          {' '}
          <a href="/settings/outgoing-email" onClick={linkHandler('/settings/outgoing-email')}>
            {t('outgoing.link')}
          </a>
        </>
      )}
    </p>
  );
}
