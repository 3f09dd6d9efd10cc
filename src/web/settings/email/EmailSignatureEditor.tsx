/** The team signature of an email channel: text or HTML, with a live preview of a whole email as a customer gets it (signed by you). */
import { useEffect, useState } from 'react';
import type { EmailSignature, SignaturePreview } from '../../../common/api.js';
import { api } from '../../api/http.js';
import { EmailFrame } from '../../inbox/EmailFrame.js';
import type { Save } from './EmailIdentity.js';
import { IdentityPartForm } from './IdentityPartForm.js';
import { useT } from '../../i18n/index.js';

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
  const [format, setFormat] = useState(signature.format);
  const [body, setBody] = useState(signature.body);
  const [preview, setPreview] = useState<SignaturePreview | null>(null);
  useEffect(() => {
    // The server renders it (tokens, sanitizing) exactly as it will send it; wait for a pause in typing.
    const timer = setTimeout(() => {
      api
        .post<SignaturePreview>(`/channels/${encodeURIComponent(channelId)}/signature-preview`, { format, body })
        .then(setPreview)
        .catch(() => setPreview(null));
    }, 250);
    return () => clearTimeout(timer);
  }, [channelId, format, body, from]);
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
          <input type="radio" name={`sig-format-${channelId}`} checked={format === 'text'} onChange={() => setFormat('text')} />{' '}
          {t('identity.text')}
        </label>
        <label className="choice">
          <input type="radio" name={`sig-format-${channelId}`} checked={format === 'html'} onChange={() => setFormat('html')} />{' '}
          {t('identity.html')}
        </label>
      </div>
      <textarea
        aria-label={t('identity.signature')}
        className={format === 'html' ? 'mono' : undefined}
        rows={5}
        maxLength={10_000}
        value={body}
        onChange={(ev) => setBody(ev.target.value)}
      />
      <p className="muted small">{t('identity.tokens')}</p>
    </IdentityPartForm>
  );
}
