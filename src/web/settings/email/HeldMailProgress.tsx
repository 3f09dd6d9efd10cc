/** How far the replay of mail kept aside while an email channel was off has got (the `replay-held` job): n of total, then done. */
import { useEffect, useRef, useState } from 'react';
import type { ChannelOut, HeldReplayProgress } from '../../../common/api.js';
import { api } from '../../api/http.js';
import { useT } from '../../i18n/index.js';

export function HeldMailProgress({ channelId, progress }: { channelId: string; progress: HeldReplayProgress | null | undefined }) {
  const t = useT();
  const [live, setLive] = useState<HeldReplayProgress | null>(progress ?? null);
  const [finished, setFinished] = useState<number | null>(null);
  const last = useRef<HeldReplayProgress | null>(progress ?? null);
  const update = (p: HeldReplayProgress | null) => {
    if (!p && last.current && last.current.state !== 'failed') setFinished(last.current.total);
    if (p) setFinished(null);
    last.current = p;
    setLive(p);
  };
  useEffect(() => update(progress ?? null), [progress]);
  const active = !!live && live.state !== 'failed';
  // While it runs, follow it every second (the settings page itself refreshes less often).
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      void api.get<ChannelOut>(`/channels/${encodeURIComponent(channelId)}`).then(
        (c) => update(c.email?.heldReplay ?? null),
        () => undefined,
      );
    }, 1000);
    return () => clearInterval(timer);
  }, [active, channelId]);

  if (live?.state === 'failed') {
    return (
      <div className="chip chip-failed" role="status" data-held-replay="failed">
        {t('held.failed', { error: live.error ?? '' })}
      </div>
    );
  }
  if (live) {
    return (
      <div className="muted small" role="status" data-held-replay={live.state}>
        <progress
          max={live.total}
          value={live.done}
          style={{ display: 'block', width: '100%', maxWidth: '16rem' }}
          aria-label={t('held.running', { done: live.done, total: live.total })}
        />
        {live.state === 'queued' && live.done === 0
          ? t('held.queued', { total: live.total })
          : t('held.running', { done: live.done, total: live.total })}
        {live.error && <div>{t('held.retrying', { error: live.error })}</div>}
      </div>
    );
  }
  if (finished !== null) {
    return (
      <div className="muted small" role="status" data-held-replay="done">
        {t('held.finished', { total: finished })}
      </div>
    );
  }
  return null;
}
