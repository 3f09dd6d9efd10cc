/**
 * Find in this conversation. The thread draws only the rows in view and reads older pages as the reader
 * scrolls, so the browser's own find cannot see most of a long thread: the server lists the matching
 * messages (newest first) and the thread loads and shows each in turn.
 */
import { useEffect, useRef, useState } from 'react';
import type { MessageMatches } from '../../common/api.js';
import { api } from '../api/http.js';
import { useT } from '../i18n/index.js';

export function FindBar({ convId, onReveal, onClose }: { convId: string; onReveal(id: string): void; onClose(): void }) {
  const t = useT();
  const [q, setQ] = useState('');
  /** The matches of the phrase searched for (newest first), and which one is shown. */
  const [found, setFound] = useState<{ ids: string[]; at: number } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const show = (ids: string[], at: number) => {
    setFound({ ids, at });
    if (ids[at]) onReveal(ids[at]);
  };
  async function search() {
    const phrase = q.trim();
    if (!phrase) return;
    const r = await api.get<MessageMatches>(`/conversations/${encodeURIComponent(convId)}/matches`, { q: phrase });
    show(
      r.items.map((m) => m.id),
      0,
    );
  }
  /** `1`: the next older match, `-1`: the next newer one (round the ends). */
  const step = (by: 1 | -1) => found?.ids.length && show(found.ids, (found.at + by + found.ids.length) % found.ids.length);

  return (
    <form
      role="search"
      className="find-bar"
      aria-label={t('find.label')}
      onSubmit={(e) => {
        e.preventDefault();
        if (found) step(1);
        else void search();
      }}
    >
      <input
        ref={input}
        type="search"
        aria-label={t('find.label')}
        placeholder={t('find.label')}
        value={q}
        maxLength={200}
        onChange={(e) => {
          setQ(e.target.value);
          setFound(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
      />
      <span className="muted small find-count" role="status">
        {found && (found.ids.length ? t('find.count', { n: found.at + 1, total: found.ids.length }) : t('find.none'))}
      </span>
      <button type="button" className="btn small" aria-label={t('find.older')} disabled={!found?.ids.length} onClick={() => step(1)}>
        <span aria-hidden="true">↑</span>
      </button>
      <button type="button" className="btn small" aria-label={t('find.newer')} disabled={!found?.ids.length} onClick={() => step(-1)}>
        <span aria-hidden="true">↓</span>
      </button>
      <button type="button" className="btn small" aria-label={t('find.close')} onClick={onClose}>
        <span aria-hidden="true">×</span>
      </button>
    </form>
  );
}
