/** A quiet notice while the realtime stream is down; the app keeps working and catches up on reconnect. */
import { useEffect, useState } from 'react';
import { stream, type StreamStatus } from '../api/stream.js';
import { useT } from '../i18n/index.js';

export function ConnectionStatus() {
  const t = useT();
  const [status, setStatus] = useState<StreamStatus>(stream.status);
  const [everOpen, setEverOpen] = useState(stream.status === 'open');
  useEffect(
    () =>
      stream.onStatus((s) => {
        setStatus(s);
        if (s === 'open') setEverOpen(true);
      }),
    [],
  );
  if (!everOpen || status === 'open') return null;
  return (
    <span className="conn-status" role="status">
      {t('stream.reconnecting')}
    </span>
  );
}
