/** How far the replay of mail kept aside while an email channel was off has got (the `replay-held` job): n of total, then done. */
import { useEffect, useRef, useState } from 'react';
import type { ChannelOut, HeldReplayProgress } from '../../../common/api.js';
import { api } from '../../api/http.js';
import { useI18n } from '../../i18n/index.js';

const en = {
  queued: 'Mail kept aside will be brought in: {total} messages',
  running: 'Bringing in mail kept aside: {done} of {total}',
  failed: 'Bringing in mail kept aside failed: {error}',
  retrying: 'Trying again soon; last attempt: {error}',
  finished: 'All {total} messages kept aside were brought in',
};
type Key = keyof typeof en;
const nl: Record<Key, string> = {
  queued: 'Apart gehouden mail wordt zo binnengehaald: {total} berichten',
  running: 'Apart gehouden mail binnenhalen: {done} van {total}',
  failed: 'Binnenhalen van apart gehouden mail is mislukt: {error}',
  retrying: 'Wordt straks opnieuw geprobeerd; laatste poging: {error}',
  finished: 'Alle {total} apart gehouden berichten zijn binnengehaald',
};
const sv: Record<Key, string> = {
  queued: 'Undanlagd e-post läses snart in: {total} meddelanden',
  running: 'Läser in undanlagd e-post: {done} av {total}',
  failed: 'Det gick inte att läsa in undanlagd e-post: {error}',
  retrying: 'Försöker igen snart; senaste försöket: {error}',
  finished: 'Alla {total} undanlagda meddelanden har lästs in',
};
const catalogs = { en, nl, sv };

export function HeldMailProgress({ channelId, progress }: { channelId: string; progress: HeldReplayProgress | null | undefined }) {
  const { locale } = useI18n();
  const t = (key: Key, vars: Record<string, string | number>) =>
    Object.entries(vars).reduce((s, [k, v]) => s.split(`{${k}}`).join(String(v)), (catalogs[locale] ?? en)[key]);
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
        {t('failed', { error: live.error ?? '' })}
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
          aria-label={t('running', { done: live.done, total: live.total })}
        />
        {live.state === 'queued' && live.done === 0
          ? t('queued', { total: live.total })
          : t('running', { done: live.done, total: live.total })}
        {live.error && <div>{t('retrying', { error: live.error })}</div>}
      </div>
    );
  }
  if (finished !== null) {
    return (
      <div className="muted small" role="status" data-held-replay="done">
        {t('finished', { total: finished })}
      </div>
    );
  }
  return null;
}
