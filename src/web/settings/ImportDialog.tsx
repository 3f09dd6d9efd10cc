/**
 * Settings › Inboxes › Import mail (admins): pick an mbox file or a folder (Maildir, .eml files), upload
 * it in chunks (a broken upload goes on from the last chunk the server took), then follow the import
 * the server runs in the background: messages, MB of the total, rate, time left; Stop and Resume; the
 * summary when it is done. The list is polled while an import runs.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import type { InboxOut } from '../../common/api.js';
import { IMPORT_CHUNK_BYTES } from '../../common/import-api.js';
import type { ImportListOutT, ImportOutT, ImportUploadOutT } from '../../common/import-api.js';
import { api, ApiError, errorMessage } from '../api/http.js';
import { useI18n, type Translate } from '../i18n/index.js';
import { Field } from '../ui/Field.js';
import { Modal } from '../ui/Modal.js';

type Format = 'mbox' | 'maildir' | 'eml';
type Variant = 'mboxrd' | 'mboxo' | 'mboxcl' | 'mboxcl2';
interface Picked {
  files: { file: File; path?: string }[];
  name: string;
  size: number;
}
interface Upload {
  id: string;
  picked: Picked;
  /** Files done, and bytes of the file at work the server has. */
  fileIndex: number;
  offset: number;
  sent: number;
}

function mb(bytes: number, locale: string): string {
  const f = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  if (bytes < 1024 ** 2) return `${new Intl.NumberFormat(locale).format(Math.round(bytes / 1024))} KB`;
  return bytes >= 1024 ** 3 ? `${f.format(bytes / 1024 ** 3)} GB` : `${f.format(bytes / 1024 ** 2)} MB`;
}

function duration(t: Translate, s: number): string {
  if (s < 60) return t('imports.seconds', { count: Math.max(1, Math.ceil(s)) });
  if (s < 3600) return t('imports.minutes', { count: Math.ceil(s / 60) });
  return `${t('imports.hours', { count: Math.floor(s / 3600) })} ${t('imports.minutes', { count: Math.round((s % 3600) / 60) })}`;
}

async function putChunk(uploadId: string, offset: number, data: Blob, path?: string): Promise<void> {
  const q = new URLSearchParams({ offset: String(offset), ...(path ? { path } : {}) });
  const res = await fetch(`/api/v1/import-uploads/${encodeURIComponent(uploadId)}/chunk?${q}`, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'application/octet-stream' },
    body: data,
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string; error?: string };
    throw new ApiError(res.status, body.error ?? 'error', body.message ?? res.statusText);
  }
}

export function ImportDialog({ inbox, onClose }: { inbox: InboxOut; onClose(): void }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const key = ['inbox-imports', inbox.id];
  const list = useQuery({
    queryKey: key,
    queryFn: () => api.get<ImportListOutT>(`/inboxes/${encodeURIComponent(inbox.id)}/imports`),
    refetchInterval: (q) => (q.state.data?.items.some((i) => i.state === 'running' || i.state === 'stopping') ? 1000 : false),
  });
  const [format, setFormat] = useState<Format>('mbox');
  const [variant, setVariant] = useState<Variant>('mboxrd');
  const [picked, setPicked] = useState<Picked | null>(null);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [uploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const uploadRef = useRef<Upload | null>(null);
  /** A new key empties the file input once its upload became an import. */
  const [inputKey, setInputKey] = useState(0);

  const pick = (files: FileList | null) => {
    setProblem(null);
    if (!files?.length) return setPicked(null);
    const all = [...files].map((file) => ({ file, path: format === 'mbox' ? undefined : file.webkitRelativePath || file.name }));
    const size = all.reduce((n, f) => n + f.file.size, 0);
    const name = format === 'mbox' ? all[0]!.file.name : (all[0]!.path ?? '').split('/')[0] || all[0]!.file.name;
    setPicked({ files: format === 'mbox' ? all.slice(0, 1) : all, name, size: format === 'mbox' ? all[0]!.file.size : size });
  };

  /** Sends what is left of the upload, chunk by chunk, from where the server is; then starts the import. */
  const send = async (u: Upload) => {
    setUploading(true);
    setProblem(null);
    try {
      while (u.fileIndex < u.picked.files.length) {
        const { file, path } = u.picked.files[u.fileIndex]!;
        while (u.offset < file.size) {
          const end = Math.min(file.size, u.offset + IMPORT_CHUNK_BYTES);
          await putChunk(u.id, u.offset, file.slice(u.offset, end), path);
          u = { ...u, sent: u.sent + (end - u.offset), offset: end };
          uploadRef.current = u;
          setUpload(u);
        }
        u = { ...u, fileIndex: u.fileIndex + 1, offset: 0 };
        uploadRef.current = u;
        setUpload(u);
      }
    } catch (e) {
      setUploading(false);
      setProblem(t('imports.uploadFailed', { error: errorMessage(e) }));
      return;
    }
    try {
      await api.post<ImportOutT>(
        `/import-uploads/${encodeURIComponent(u.id)}/import`,
        { format, ...(format === 'mbox' ? { variant } : {}) },
        { quiet: [400] },
      );
      setUpload(null);
      setPicked(null);
      setInputKey((n) => n + 1);
      uploadRef.current = null;
      await qc.invalidateQueries({ queryKey: key });
    } catch (e) {
      setUpload(null);
      uploadRef.current = null;
      setProblem(t('imports.couldNotStart', { error: errorMessage(e) }));
    } finally {
      setUploading(false);
    }
  };

  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (!picked) return setProblem(t('imports.pickFirst'));
    const max = list.data?.maxBytes;
    if (max && picked.size > max) return setProblem(t('imports.tooLarge', { max: mb(max, locale) }));
    try {
      const u = await api.post<ImportUploadOutT>(
        `/inboxes/${encodeURIComponent(inbox.id)}/import-uploads`,
        { kind: format === 'mbox' ? 'file' : 'folder', name: picked.name, size: picked.size },
        { quiet: [400] },
      );
      await send({ id: u.id, picked, fileIndex: 0, offset: 0, sent: 0 });
    } catch (err) {
      setProblem(t('imports.couldNotStart', { error: errorMessage(err) }));
    }
  };

  const act = async (i: ImportOutT, what: 'stop' | 'resume') => {
    await api.post<ImportOutT>(`/imports/${encodeURIComponent(i.id)}/${what}`);
    await qc.invalidateQueries({ queryKey: key });
  };

  const items = list.data?.items ?? [];
  const busy = uploading || !!upload;
  return (
    <Modal title={t('imports.title', { name: inbox.name })} onClose={onClose} wide>
      <div className="import-dialog">
        <p className="muted">{t('imports.intro')}</p>
        {list.isPending ? (
          <p role="status">{t('common.loading')}</p>
        ) : items.length === 0 ? (
          <p className="empty-note">{t('imports.empty')}</p>
        ) : (
          <ul className="import-list" aria-label={t('imports.earlier')}>
            {items.map((i) => (
              <li key={i.id}>
                <ImportCard item={i} onAct={act} />
              </li>
            ))}
          </ul>
        )}
        <form className="form" onSubmit={(e) => void start(e)}>
          <h3>{t('imports.newImport')}</h3>
          <fieldset disabled={busy}>
            <legend>{t('imports.format')}</legend>
            {(['mbox', 'maildir', 'eml'] as const).map((f) => (
              <label className="inline" key={f}>
                <input
                  type="radio"
                  name="import-format"
                  checked={format === f}
                  onChange={() => {
                    setFormat(f);
                    setPicked(null);
                  }}
                />
                {t(f === 'mbox' ? 'imports.formatMbox' : f === 'maildir' ? 'imports.formatMaildir' : 'imports.formatEml')}
              </label>
            ))}
          </fieldset>
          <Field label={t(format === 'mbox' ? 'imports.file' : 'imports.folder')}>
            {format === 'mbox' ? (
              <input key={`file${inputKey}`} type="file" disabled={busy} onChange={(e) => pick(e.target.files)} />
            ) : (
              <input
                key={`folder${inputKey}`}
                type="file"
                disabled={busy}
                {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
                multiple
                onChange={(e) => pick(e.target.files)}
              />
            )}
          </Field>
          {picked && <p className="muted">{t('imports.selected', { files: picked.files.length, size: mb(picked.size, locale) })}</p>}
          {format === 'mbox' && (
            <Field label={t('imports.variant')} hint={t('imports.variantHelp')}>
              <select value={variant} disabled={busy} onChange={(e) => setVariant(e.target.value as Variant)}>
                {(['mboxrd', 'mboxo', 'mboxcl', 'mboxcl2'] as const).map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {upload && (
            <div role="status" className="import-progress">
              <p>{t('imports.uploading', { name: upload.picked.name })}</p>
              <progress max={upload.picked.size} value={upload.sent} aria-label={t('imports.uploading', { name: upload.picked.name })} />
              <p className="muted">{t('imports.uploaded', { done: mb(upload.sent, locale), total: mb(upload.picked.size, locale) })}</p>
            </div>
          )}
          {problem && (
            <p role="alert" className="field-error">
              {problem}
            </p>
          )}
          <div className="form-actions">
            <button type="button" className="btn" onClick={onClose}>
              {t('imports.close')}
            </button>
            {upload && !uploading ? (
              <button type="button" className="btn primary" onClick={() => void send(uploadRef.current ?? upload)}>
                {t('imports.retry')}
              </button>
            ) : (
              <button type="submit" className="btn primary" disabled={busy}>
                {t('imports.start')}
              </button>
            )}
          </div>
        </form>
      </div>
    </Modal>
  );
}

/** One import: live progress while it runs, Stop / Resume, the summary when done. */
function ImportCard({ item: i, onAct }: { item: ImportOutT; onAct(i: ImportOutT, what: 'stop' | 'resume'): Promise<void> }) {
  const { t, locale } = useI18n();
  const n = new Intl.NumberFormat(locale);
  // Rate and time left from what this screen saw since it opened (or since the run went on).
  const first = useRef<{ at: number; messages: number; bytes: number } | null>(null);
  if (i.state !== 'running') first.current = null;
  else first.current ??= { at: Date.now(), messages: i.messages, bytes: i.bytes };
  const seconds = first.current ? (Date.now() - first.current.at) / 1000 : 0;
  const rate = first.current && seconds >= 1 ? (i.messages - first.current.messages) / seconds : null;
  const byteRate = first.current && seconds >= 1 ? (i.bytes - first.current.bytes) / seconds : 0;
  const left = byteRate > 0 ? (i.totalBytes - i.bytes) / byteRate : null;
  const stateText = t(`imports.${i.state}`);
  const title = `${i.name} (${i.format}${i.variant ? `, ${i.variant}` : ''})`;
  return (
    <section className="import-card" aria-label={title}>
      <h4>
        {title} <span className={`import-state import-${i.state}`}>{stateText}</span>
      </h4>
      {i.state !== 'done' ? (
        <>
          <progress max={i.totalBytes || 1} value={Math.min(i.bytes, i.totalBytes)} aria-label={title} />
          <p role="status">
            {t('imports.messages', { count: i.messages })} ·{' '}
            {t('imports.bytes', { done: mb(i.bytes, locale), total: mb(i.totalBytes, locale) })}
            {i.state === 'running' && (
              <>
                {rate !== null && ` · ${t('imports.rate', { count: Math.round(rate) })}`}
                {' · '}
                {left !== null ? t('imports.left', { time: duration(t, left) }) : t('imports.leftUnknown')}
              </>
            )}
          </p>
          {i.error && <p className="field-error">{t('imports.error', { error: i.error })}</p>}
          {i.state === 'stopped' && <p className="muted">{t('imports.stoppedText')}</p>}
          <div className="form-actions">
            {i.state === 'running' && (
              <button
                type="button"
                className="btn"
                aria-label={t('imports.stopNamed', { name: i.name })}
                onClick={() => void onAct(i, 'stop')}
              >
                {t('imports.stop')}
              </button>
            )}
            {i.state === 'stopped' && (
              <button
                type="button"
                className="btn primary"
                aria-label={t('imports.resumeNamed', { name: i.name })}
                onClick={() => void onAct(i, 'resume')}
              >
                {t('imports.resume')}
              </button>
            )}
          </div>
        </>
      ) : (
        <dl className="import-summary" aria-label={t('imports.summary')}>
          <dt>{t('imports.imported')}</dt>
          <dd>{n.format(i.imported)}</dd>
          <dt>{t('imports.duplicates')}</dt>
          <dd>{n.format(i.duplicates)}</dd>
          <dt>{t('imports.keptRaw')}</dt>
          <dd>{n.format(i.failed)}</dd>
          <dt>{t('imports.skipped')}</dt>
          <dd>{n.format(i.skipped)}</dd>
          <dt>{t('imports.conversations')}</dt>
          <dd>{n.format(i.conversations ?? 0)}</dd>
          <dt>{t('imports.leftOpen')}</dt>
          <dd>{n.format(i.open ?? 0)}</dd>
        </dl>
      )}
    </section>
  );
}
