/**
 * The team signature of an email channel: plain text (a textarea) or formatted (the email editor with its
 * toolbar, or its HTML for people who paste HTML), an "Insert token" menu, and a live preview of a whole email
 * as a customer gets it (signed by you). The server sanitizes what is saved and renders the preview.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { EmailSignature, SignaturePreview } from '../../../common/api.js';
import { api } from '../../api/http.js';
import { RichEditor, type RichEditorHandle } from '../../editor/RichEditor.js';
import { hasFormatting } from '../../editor/email-html.js';
import { EmailFrame } from '../../inbox/EmailFrame.js';
import type { Save } from './EmailIdentity.js';
import { IdentityPartForm } from './IdentityPartForm.js';
import { editorKeeps, textToSignatureHtml } from './signature-html.js';
import { SignatureTokenMenu } from './SignatureTokenMenu.js';
import { useT } from '../../i18n/index.js';

const formatted = (html: string) => {
  const tpl = document.createElement('template');
  tpl.innerHTML = html;
  return hasFormatting(tpl.content);
};

/** `from` (the saved From name and address) refreshes the preview when they change. */
export function EmailSignatureEditor({
  channelId,
  signature,
  from,
  save,
}: {
  channelId: string;
  signature: EmailSignature;
  from: string;
  save: Save;
}) {
  const t = useT();
  const previewUrl = `/channels/${encodeURIComponent(channelId)}/signature-preview`;
  const [format, setFormat] = useState(signature.format);
  const [body, setBody] = useState(signature.body);
  // HTML the editor cannot show opens as HTML, so saving does not drop it.
  const [source, setSource] = useState(() => signature.format === 'html' && !editorKeeps(signature.body));
  // The HTML a switch to plain text replaced, given back by switching again before the text changes.
  const [kept, setKept] = useState<{ html: string; text: string } | null>(null);
  const [converting, setConverting] = useState(false);
  const [preview, setPreview] = useState<SignaturePreview | null>(null);
  const editor = useRef<RichEditorHandle>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const rich = format === 'html' && !source;

  useEffect(() => {
    if (converting) return;
    // The server renders it (tokens, sanitizing) exactly as it will send it; wait for a pause in typing.
    const timer = setTimeout(() => {
      api
        .post<SignaturePreview>(previewUrl, { format, body })
        .then(setPreview)
        .catch(() => setPreview(null));
    }, 250);
    return () => clearTimeout(timer);
  }, [previewUrl, format, body, from, converting]);

  // The editor starts from the signature each time it is shown (after "Edit HTML", or a switch from text).
  useLayoutEffect(() => {
    if (rich) editor.current?.setHtml(body);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the editor appears
  }, [rich]);

  function toHtml() {
    const html = kept && kept.text === body ? kept.html : textToSignatureHtml(body);
    setKept(null);
    setBody(html);
    setSource(!editorKeeps(html));
    setFormat('html');
  }
  async function toText() {
    const html = body;
    // The choice shows at once; the text follows from the server's one conversion of HTML (lists, links), tokens as written.
    setFormat('text');
    setConverting(true);
    try {
      const { signatureText } = await api.post<SignaturePreview>(previewUrl, { format: 'html', body: html });
      setKept(formatted(html) ? { html, text: signatureText } : null);
      setBody(signatureText);
    } catch {
      setFormat('html'); // toasted
    } finally {
      setConverting(false);
    }
  }
  function insertToken(token: string) {
    if (rich) return editor.current?.insertText(token);
    const el = textarea.current;
    if (!el) return;
    el.focus();
    el.setRangeText(token, el.selectionStart, el.selectionEnd, 'end');
    setBody(el.value);
  }

  const tools = (
    <span className="signature-tools">
      {format === 'html' && (
        <button
          type="button"
          className="btn small"
          aria-pressed={source}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => setSource(!source)}
        >
          {t('identity.editHtml')}
        </button>
      )}
      <SignatureTokenMenu onInsert={insertToken} />
    </span>
  );
  return (
    <IdentityPartForm
      legend={t('identity.signature')}
      className="signature-editor"
      save={() => save('', { signature: { format, body } })}
      after={
        preview && (
          <section className="signature-preview" aria-label={t('identity.preview')}>
            <h4>{t('identity.preview')}</h4>
            <p className="small preview-from">{t('identity.previewFrom', { from: preview.from })}</p>
            {preview.html ? (
              <EmailFrame html={preview.html} title={t('identity.preview')} />
            ) : (
              <pre className="preview-text">{preview.text}</pre>
            )}
          </section>
        )
      }
    >
      <div role="radiogroup" aria-label={t('identity.format')} className="format-switch">
        <label className="choice">
          <input type="radio" name={`sig-format-${channelId}`} checked={format === 'text'} onChange={() => void toText()} />{' '}
          {t('identity.text')}
        </label>
        <label className="choice">
          <input type="radio" name={`sig-format-${channelId}`} checked={format === 'html'} onChange={toHtml} /> {t('identity.html')}
        </label>
      </div>
      {rich ? (
        <RichEditor
          ref={editor}
          label={t('identity.signature')}
          placeholder=""
          snippets={[]}
          noImages
          onInput={() => setBody(editor.current?.html() ?? '')}
          onSubmit={() => (document.activeElement?.closest('form') as HTMLFormElement | null)?.requestSubmit()}
          extra={tools}
        />
      ) : (
        <div className="rich signature-plain">
          <div className="rich-toolbar">{tools}</div>
          <textarea
            ref={textarea}
            aria-label={t(format === 'html' ? 'identity.signatureHtml' : 'identity.signature')}
            className={format === 'html' ? 'mono' : undefined}
            rows={6}
            maxLength={10_000}
            value={converting ? '' : body}
            disabled={converting}
            onChange={(ev) => setBody(ev.target.value)}
          />
        </div>
      )}
      {source && !editorKeeps(body) && <p className="muted small">{t('identity.sourceOnly')}</p>}
      {format === 'text' && kept?.text === body && (
        <p className="muted small" role="status">
          {t('identity.formattingDropped')}
        </p>
      )}
      <p className="muted small">{t('identity.tokens')}</p>
    </IdentityPartForm>
  );
}
