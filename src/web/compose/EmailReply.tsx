/** The reply editor of an email conversation: Reply or Reply all (Cc prefilled), rich text, files, templates. */
import { forwardRef, useEffect, useId, useImperativeHandle, useRef, useState } from 'react';
import type { ConversationOut, MessageOut, SnippetOut } from '../../common/api.js';
import { api, fieldErrors } from '../api/http.js';
import { useT } from '../i18n/index.js';
import { AttachmentList } from '../editor/AttachmentList.js';
import { ClipIcon } from '../editor/icons.js';
import { formatAddresses, loadReplyAll, parseAddresses } from './recipients.js';
import { RichEditor, type RichEditorHandle } from '../editor/RichEditor.js';
import { TemplateMenu } from '../editor/TemplateMenu.js';
import { useAttachments } from '../editor/uploads.js';

interface Props {
  conv: ConversationOut;
  snippets: SnippetOut[];
  allowed: boolean;
  reasonId?: string;
  onSent(m: MessageOut): void;
  onTyping(): void;
  onDone(): void;
}

export const EmailReply = forwardRef<RichEditorHandle | null, Props>(function EmailReply(
  { conv, snippets, allowed, reasonId, onSent, onTyping, onDone },
  ref,
) {
  const t = useT();
  const core = useT();
  const editor = useRef<RichEditorHandle>(null);
  const files = useAttachments();
  const [all, setAll] = useState(false);
  const [cc, setCc] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const ccId = useId();
  const errId = useId();
  useImperativeHandle(ref, () => editor.current!, []);
  useEffect(() => setErrors({}), [conv.id]);

  async function replyAll(on: boolean) {
    setAll(on);
    if (!on) return setCc('');
    setCc(formatAddresses(await loadReplyAll(conv.id)));
  }

  async function send() {
    const ed = editor.current;
    if (!ed || busy || !allowed || (ed.empty() && !files.files.length)) return;
    const parsed = parseAddresses(cc);
    if (parsed.bad) return setErrors({ cc: t('compose.badCc', { value: parsed.bad }) });
    setBusy(true);
    setErrors({});
    try {
      // Unformatted text goes as a plain-text email, as the plain editor sends it.
      const plain = ed.plain();
      const msg = await api.post<MessageOut>(`/conversations/${encodeURIComponent(conv.id)}/messages`, {
        kind: 'reply',
        ...(plain !== null && plain !== '' ? { body: plain } : { html: ed.html() || '<p></p>' }),
        ...(parsed.list.length ? { cc: parsed.list } : {}),
        ...(files.files.length ? { attachmentIds: files.files.map((f) => f.id) } : {}),
      });
      onSent(msg);
      ed.setHtml('');
      files.clear();
      setAll(false);
      setCc('');
      onDone();
    } catch (e) {
      const f = fieldErrors(e);
      const ccErr = Object.entries(f).find(([k]) => k.startsWith('cc'))?.[1];
      setErrors({ ...(ccErr ? { cc: ccErr } : {}), ...(f.html || f.body ? { body: f.html ?? f.body! } : {}) });
    } finally {
      setBusy(false);
    }
  }

  const err = errors.body;
  return (
    <>
      <div className="reply-head">
        <div className="seg" role="group" aria-label={t('reply.reply')}>
          <button type="button" aria-pressed={!all} disabled={!allowed} onClick={() => void replyAll(false)}>
            {t('reply.reply')}
          </button>
          <button type="button" aria-pressed={all} disabled={!allowed} onClick={() => void replyAll(true)}>
            {t('reply.replyAll')}
          </button>
        </div>
        <span className="muted small">
          {t('reply.to')}: {conv.contact?.name ? `${conv.contact.name} <${conv.contact.email ?? ''}>` : (conv.contact?.email ?? '')}
        </span>
      </div>
      <div className="addr-row">
        <label htmlFor={ccId}>{t('reply.cc')}</label>
        <input
          id={ccId}
          value={cc}
          disabled={!allowed}
          placeholder={t('reply.ccHint')}
          aria-invalid={errors.cc ? true : undefined}
          aria-describedby={errors.cc ? `${ccId}-err` : undefined}
          onChange={(e) => setCc(e.target.value)}
        />
        {errors.cc && (
          <small className="field-error" id={`${ccId}-err`} role="alert">
            {errors.cc}
          </small>
        )}
      </div>
      <RichEditor
        ref={editor}
        label={core('composer.replyLabel')}
        placeholder={allowed ? t('reply.placeholder') : ''}
        snippets={snippets}
        disabled={!allowed}
        invalid={!!err}
        describedBy={err ? errId : reasonId}
        onSubmit={() => void send()}
        onDropFiles={(f) => void files.add(f)}
        onImageError={files.fail}
        onInput={onTyping}
        extra={
          <>
            <button
              type="button"
              className="tool"
              title={t('editor.attach')}
              aria-label={t('editor.attach')}
              disabled={!allowed}
              onClick={() => fileInput.current?.click()}
            >
              <ClipIcon />
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              aria-label={t('editor.attach')}
              onChange={(e) => void files.add(e.target.files ?? []).then(() => (e.target.value = ''))}
            />
            <TemplateMenu
              inboxId={conv.inboxId}
              contactId={conv.contact?.id ?? null}
              disabled={!allowed}
              onInsert={(r) => editor.current?.insertHtml(r.html)}
            />
          </>
        }
      />
      <AttachmentList a={files} />
      {err && (
        <p className="field-error" id={errId} role="alert">
          {err}
        </p>
      )}
      <div className="composer-foot">
        <span className="muted small">{t('reply.hint')}</span>
        <button type="button" className="btn primary" disabled={!allowed || busy || files.pending.length > 0} onClick={() => void send()}>
          {core('composer.send')}
        </button>
      </div>
    </>
  );
});
