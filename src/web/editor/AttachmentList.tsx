/** The files attached to an email being written, with remove buttons and upload progress or errors. */
import type { Attachments } from './uploads.js';
import { useT } from '../i18n/index.js';

const size = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${Math.round(n / 1024)} KB` : `${(n / (1024 * 1024)).toFixed(1)} MB`);

export function AttachmentList({ a }: { a: Attachments }) {
  const t = useT();
  if (!a.files.length && !a.pending.length && !a.error) return null;
  return (
    <div className="compose-files">
      {(a.files.length > 0 || a.pending.length > 0) && (
        <ul aria-label={t('editor.files')}>
          {a.files.map((f) => (
            <li key={f.id} className="file-chip">
              <span>{f.filename}</span> <span className="muted small">{size(f.size)}</span>
              <button
                type="button"
                className="icon-btn"
                aria-label={t('editor.removeFile', { name: f.filename })}
                onClick={() => a.remove(f.id)}
              >
                ×
              </button>
            </li>
          ))}
          {a.pending.map((n, i) => (
            <li key={`p${i}`} className="file-chip muted" aria-busy="true">
              {t('editor.uploading', { name: n })}
            </li>
          ))}
        </ul>
      )}
      {a.error && (
        <p className="field-error" role="alert">
          {t('editor.uploadFailed', { name: a.error.name, reason: a.error.reason })}
        </p>
      )}
    </div>
  );
}
