/** The editor under the thread: Reply or internal Comment, with @mentions and #snippets; email replies use the rich editor. */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import type { ConversationOut, MessageOut, SnippetOut } from '../../common/api.js';
import { api, fieldErrors } from '../api/http.js';
import { stream } from '../api/stream.js';
import { useT } from '../i18n/index.js';
import { useCommand } from '../state/commands.js';
import { useSnippets } from '../state/queries.js';
import { useSession } from '../state/session.js';
import { apply, mentionedIds, optionsFor, tokenAt, type Option, listKey } from '../ui/completion.js';
import { CompletionList } from '../ui/CompletionList.js';
import { EmailReply } from './EmailReply.js';
import type { RichEditorHandle } from '../editor/RichEditor.js';
import { linkAddress } from '../editor/link-address.js';

type Mode = 'reply' | 'comment';

const noSnippets: SnippetOut[] = [];

export function Composer({ conv, onSent }: { conv: ConversationOut; onSent(m: MessageOut): void }) {
  const t = useT();
  const { users } = useSession();
  const [mode, setMode] = useState<Mode>('reply');
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const snippets = useSnippets(conv.inboxId).data ?? noSnippets;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const rich = useRef<RichEditorHandle | null>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const listId = useId();
  // Messenger takes no reply 7 days after the customer's last message: the reply tab says why, comments still work.
  const windowClosed = mode === 'reply' && conv.replyRefused?.reason === 'messenger_window_closed';
  const allowed = conv.abilities[mode] && !windowClosed;
  // A support form's conversation is answered by email too: the same editor, signature and Cc.
  const email = conv.channel === 'email' || conv.channel === 'form';
  const richReply = mode === 'reply' && email;

  useEffect(() => () => void (typingTimer.current && clearTimeout(typingTimer.current)), []);

  const token = dismissed === caret ? null : tokenAt(text, caret);
  const options = optionsFor(token, users, snippets);
  const open = options.length > 0;

  /** Focus synchronously, so keys typed right after a shortcut land in the editor. */
  function focus(m: Mode, insert?: string) {
    flushSync(() => setMode(m));
    if (m === 'reply' && email) {
      if (!conv.abilities.reply) return;
      rich.current?.focus();
      if (insert) rich.current?.insertText(insert);
      return;
    }
    const el = area.current;
    if (!el || el.disabled) return;
    el.focus();
    if (insert) {
      const at = el.selectionStart;
      const next = text.slice(0, at) + (at > 0 && !/\s$/.test(text.slice(0, at)) ? ' ' : '') + insert;
      flushSync(() => {
        setText(next + text.slice(at));
        setCaret(next.length);
      });
      el.setSelectionRange(next.length, next.length);
    }
  }
  useCommand('reply', () => focus('reply'));
  useCommand('comment', () => focus('comment'));
  useCommand('snippet', () => focus(mode, '#'));

  /** A link for the visitor: the address is checked like the email editor's, then typed in at the caret (the widget shows it as a link). */
  function insertLink() {
    const url = linkAddress((window.prompt(t('editor.linkPrompt')) ?? '').trim());
    if (url) focus(mode, `${url.replace(/^mailto:/, '')} `);
    else area.current?.focus();
  }

  function stopTyping() {
    if (typingTimer.current) clearTimeout(typingTimer.current);
    typingTimer.current = null;
    stream.send({ type: 'presence', conversationId: conv.id, state: 'viewing' });
  }

  function typing() {
    if (!typingTimer.current) stream.send({ type: 'presence', conversationId: conv.id, state: 'typing' });
    else clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(() => {
      typingTimer.current = null;
      stream.send({ type: 'presence', conversationId: conv.id, state: 'viewing' });
    }, 3000);
  }

  function choose(opt: Option) {
    if (!token) return;
    const r = apply(text, token, opt);
    setText(r.text);
    setCaret(r.caret);
    setActive(0);
    requestAnimationFrame(() => area.current?.setSelectionRange(r.caret, r.caret));
  }

  async function send() {
    if (!text.trim() || busy || !allowed) return;
    setBusy(true);
    setError(null);
    try {
      const mentions = mode === 'comment' ? mentionedIds(text, users) : undefined;
      const msg = await api.post<MessageOut>(`/conversations/${encodeURIComponent(conv.id)}/messages`, {
        kind: mode,
        body: text,
        ...(mentions?.length ? { mentions } : {}),
      });
      onSent(msg);
      setText('');
      setCaret(0);
      stopTyping();
    } catch (e) {
      setError(fieldErrors(e).body ?? null);
    } finally {
      setBusy(false);
    }
  }

  function onKey(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (open) {
      if (listKey(e, options.length, setActive, () => choose(options[Math.min(active, options.length - 1)]!))) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(caret);
        return;
      }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    } else if (e.key === 'Escape') area.current?.blur();
  }

  const sync = (el: HTMLTextAreaElement) => setCaret(el.selectionStart);
  const reasonId = `${listId}-reason`;
  return (
    <section className={`composer composer-${mode}`} aria-label={t('composer.label')}>
      <div className="tabs" role="tablist" aria-label={t('composer.mode')}>
        {(['reply', 'comment'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            className={mode === m ? 'active' : ''}
            aria-keyshortcuts={m[0]}
            onClick={() => focus(m)}
          >
            {t(m === 'reply' ? 'composer.reply' : 'composer.comment')}
          </button>
        ))}
      </div>
      {/* The email draft stays while the Comment tab is open. */}
      {email && (
        <div hidden={!richReply}>
          <EmailReply
            ref={rich}
            conv={conv}
            snippets={snippets}
            allowed={conv.abilities.reply}
            reasonId={!conv.abilities.reply ? reasonId : undefined}
            onSent={onSent}
            onTyping={typing}
            onDone={stopTyping}
          />
        </div>
      )}
      {!richReply && (
        <>
          <div className="composer-box">
            <textarea
              ref={area}
              value={text}
              rows={4}
              disabled={!allowed}
              aria-label={t(mode === 'reply' ? 'composer.replyLabel' : 'composer.commentLabel')}
              aria-describedby={!allowed ? reasonId : undefined}
              data-reply-refused={windowClosed ? 'messenger_window_closed' : undefined}
              aria-invalid={error ? true : undefined}
              role="combobox"
              aria-autocomplete="list"
              aria-expanded={open}
              aria-controls={listId}
              aria-activedescendant={open ? `${listId}-${Math.min(active, options.length - 1)}` : undefined}
              placeholder={allowed ? t(mode === 'reply' ? 'composer.replyPlaceholder' : 'composer.commentPlaceholder') : ''}
              onChange={(e) => {
                setText(e.target.value);
                sync(e.target);
                setActive(0);
                typing();
              }}
              onSelect={(e) => sync(e.currentTarget)}
              onKeyDown={onKey}
            />
            {open && <CompletionList id={listId} options={options} active={Math.min(active, options.length - 1)} onChoose={choose} />}
          </div>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </>
      )}
      {!allowed && conv.abilities.reason ? (
        <p className="muted small" id={reasonId}>
          {t('refusal.not_inbox_member')}
        </p>
      ) : (
        windowClosed && (
          <p className="muted small" id={reasonId} role="status">
            {t('messenger.windowClosed')}
          </p>
        )
      )}
      {!richReply && (
        <div className="composer-foot">
          <div className="composer-tools">
            <button type="button" className="btn small" disabled={!allowed} aria-keyshortcuts="#" onClick={() => focus(mode, '#')}>
              {t('composer.snippets')}
            </button>
            <button type="button" className="btn small" disabled={!allowed} onClick={insertLink}>
              {t('composer.link')}
            </button>
          </div>
          <span className="muted small">{t(mode === 'reply' ? 'composer.hintReply' : 'composer.hintComment')}</span>
          <button type="button" className="btn primary" disabled={!allowed || busy || !text.trim()} onClick={() => void send()}>
            {t(mode === 'reply' ? 'composer.send' : 'composer.addComment')}
          </button>
        </div>
      )}
    </section>
  );
}
