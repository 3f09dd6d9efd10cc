/**
 * For admins, in the top bar while the search index is rebuilt (SQLite, after its file was lost): how far
 * it is, asked every two seconds (again whenever the stream reconnects: a restarted server may have begun
 * one); when it is done the notice goes and a toast says so.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { stream } from '../api/stream.js';
import { useT } from '../i18n/index.js';
import { indexPercent, keys, useSearchIndexStatus } from '../state/queries.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';

export function SearchIndexStatus() {
  const t = useT();
  const toast = useToast();
  const qc = useQueryClient();
  const { isAdmin } = useSession();
  const { data, refetch } = useSearchIndexStatus(isAdmin);
  const labelId = useId();
  const detailId = useId();

  useEffect(() => (isAdmin ? stream.onStatus((s) => s === 'open' && void refetch().catch(() => {})) : undefined), [isAdmin, refetch]);

  const wasBuilding = useRef(false);
  useEffect(() => {
    if (!data) return;
    if (wasBuilding.current && !data.building) {
      toast(t('searchIndex.done'));
      // Searches shown meanwhile were partial.
      void qc.invalidateQueries({ queryKey: keys.lists });
    }
    wasBuilding.current = data.building;
  }, [data, toast, t, qc]);

  if (!data?.building) return null;
  const percent = indexPercent(data);
  const detail = t('searchIndex.detail', { done: data.done, total: data.total });
  return (
    <div className="index-status" title={detail}>
      <span id={labelId} className="index-status-label">
        {t('searchIndex.building')}
      </span>
      <progress max={data.total || 1} value={Math.min(data.done, data.total)} aria-labelledby={labelId} aria-describedby={detailId} />
      <span aria-hidden="true">{t('searchIndex.percent', { percent })}</span>
      <span id={detailId} className="sr-only">
        {detail}
      </span>
    </div>
  );
}
