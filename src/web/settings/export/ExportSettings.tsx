/**
 * Settings › Export (admins): everything in one archive, made in the background with its progress
 * shown (asked every second while it runs), then a download link here and by email; past exports
 * with their size and expiry; and conversations as CSV for spreadsheets, by inbox and days.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ExportOut } from '../../../common/export-api.js';
import { api, withQuery } from '../../api/http.js';
import { formatDateTime, useI18n, type Locale, type Translate } from '../../i18n/index.js';
import { useSession } from '../../state/session.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { Field } from '../../ui/Field.js';
import './export.css';

const POLL_MS = 1000;
/** After an export is done, how long the page keeps asking whether its link was mailed. */
const MAIL_WAIT_MS = 60_000;
const key = ['exports'] as const;

const isActive = (x: ExportOut) => x.status === 'queued' || x.status === 'running';
const downloadUrl = (x: ExportOut) => `/api/v1/exports/${encodeURIComponent(x.id)}/download`;

export function formatSize(bytes: number, locale: Locale): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: i ? 1 : 0 }).format(n)} ${units[i]}`;
}

function useExports() {
  return useQuery({
    queryKey: key,
    queryFn: () => api.get<{ items: ExportOut[] }>('/exports'),
    refetchInterval: (q) => {
      const items = q.state.data?.items ?? [];
      const waitingForMail = items.some(
        (x) => x.status === 'done' && !x.emailed && x.finishedAt && Date.now() - Date.parse(x.finishedAt) < MAIL_WAIT_MS,
      );
      return items.some(isActive) || waitingForMail ? POLL_MS : false;
    },
  });
}

export function ExportSettings() {
  return (
    <>
      <FullExport />
      <ConversationsCsv />
    </>
  );
}

function FullExport() {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const exports = useExports();
  const [busy, setBusy] = useState(false);
  const [startedId, setStartedId] = useState<string | null>(null);
  const items = exports.data?.items ?? [];
  const latest = items[0];
  // The panel shows what runs now, or what this admin started on this page until they leave it.
  const current = latest && (isActive(latest) || latest.id === startedId) ? latest : null;

  const start = async () => {
    setBusy(true);
    try {
      const x = await api.post<ExportOut>('/exports');
      setStartedId(x.id);
      qc.setQueryData<{ items: ExportOut[] }>(key, (old) => ({ items: [x, ...(old?.items ?? []).filter((y) => y.id !== x.id)] }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <section className="export-section" aria-labelledby="export-title">
        <header className="settings-head">
          <h2 id="export-title">{t('export.title')}</h2>
        </header>
        <p className="muted">{t('export.intro')}</p>
        <button type="button" className="btn primary" onClick={() => void start()} disabled={busy || !!(current && isActive(current))}>
          {t('export.start')}
        </button>
        <div aria-live="polite">{current && <CurrentExport x={current} t={t} locale={locale} />}</div>
      </section>
      <section className="export-section" aria-labelledby="export-past-title">
        <header className="settings-head">
          <h2 id="export-past-title">{t('export.past')}</h2>
        </header>
        {exports.isPending ? null : items.length === 0 ? (
          <EmptyState title={t('export.empty')} text={t('export.emptyText')} />
        ) : (
          <ul className="cards">
            {items.map((x) => (
              <PastExport key={x.id} x={x} t={t} locale={locale} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function stepText(t: Translate, x: ExportOut): string {
  const count = x.stepDone;
  if (!x.step) return t('export.starting');
  if (x.step === 'files') return t('export.stepFiles', { count });
  if (x.step.startsWith('mbox ')) return t('export.stepMbox', { inbox: x.step.slice(5), count });
  return t('export.stepTable', { table: x.step, count });
}

function CurrentExport({ x, t, locale }: { x: ExportOut; t: Translate; locale: Locale }) {
  if (isActive(x)) {
    const queued = x.status === 'queued' || !x.stepsTotal;
    return (
      <div className="export-current">
        <label htmlFor="export-progress">
          {queued ? t('export.queued') : t('export.progress', { done: x.stepsDone, total: x.stepsTotal })}
        </label>
        <progress id="export-progress" max={x.stepsTotal || 1} value={queued ? undefined : x.stepsDone} />
        {!queued && <p className="muted small">{stepText(t, x)}</p>}
      </div>
    );
  }
  if (x.status === 'failed')
    return (
      <div className="export-current" role="alert">
        <p>{t('export.failed', { error: x.error ?? '' })}</p>
      </div>
    );
  const until = x.expiresAt ? formatDateTime(x.expiresAt, locale) : '';
  return (
    <div className="export-current">
      <p>
        <strong>{t('export.ready')}</strong>
      </p>
      {x.downloadable && (
        <p>
          <a className="btn" href={downloadUrl(x)} download>
            {t('export.download', { size: formatSize(x.bytes, locale) })}
          </a>
        </p>
      )}
      <p className="muted small">{x.emailed ? t('export.emailed', { date: until }) : t('export.notEmailed', { date: until })}</p>
    </div>
  );
}

function PastExport({ x, t, locale }: { x: ExportOut; t: Translate; locale: Locale }) {
  const when = formatDateTime(x.createdAt, locale);
  const expired = x.status === 'done' && !x.downloadable;
  const state =
    x.status === 'queued'
      ? t('export.statusQueued')
      : x.status === 'running'
        ? t('export.statusRunning')
        : x.status === 'failed'
          ? t('export.statusFailed')
          : expired
            ? t('export.expired')
            : t('export.expires', { date: x.expiresAt ? formatDateTime(x.expiresAt, locale) : '' });
  return (
    <li className="card">
      <div>
        <strong>{when}</strong>
        <p className="muted small">
          {x.status === 'done'
            ? `${formatSize(x.bytes, locale)} · ${t('export.summary', { rows: x.rows, files: x.files })} · ${state}`
            : state}
        </p>
      </div>
      {x.downloadable && (
        <a
          className="btn small export-card-actions"
          href={downloadUrl(x)}
          download
          aria-label={t('export.downloadNamed', { date: when, size: formatSize(x.bytes, locale) })}
        >
          {t('export.downloadShort')}
        </a>
      )}
    </li>
  );
}

function ConversationsCsv() {
  const { t } = useI18n();
  const { inboxes } = useSession();
  const [inboxId, setInboxId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const wrongRange = !!from && !!to && from > to;
  const href = withQuery('/api/v1/export/conversations.csv', { inboxId, from, to });
  return (
    <section className="export-section" aria-labelledby="export-csv-title">
      <header className="settings-head">
        <h2 id="export-csv-title">{t('export.csvTitle')}</h2>
      </header>
      <p className="muted">{t('export.csvIntro')}</p>
      <div className="export-csv">
        <Field label={t('export.csvInbox')}>
          <select value={inboxId} onChange={(e) => setInboxId(e.target.value)}>
            <option value="">{t('export.csvAllInboxes')}</option>
            {inboxes.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('export.csvFrom')}>
          <input type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
        </Field>
        <Field label={t('export.csvTo')} error={wrongRange ? t('export.csvRangeError') : undefined}>
          <input type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
        </Field>
        {wrongRange ? (
          <button type="button" className="btn" disabled>
            {t('export.csvDownload')}
          </button>
        ) : (
          <a className="btn" href={href} download>
            {t('export.csvDownload')}
          </a>
        )}
      </div>
      <p className="muted small">{t('export.csvHint')}</p>
    </section>
  );
}
