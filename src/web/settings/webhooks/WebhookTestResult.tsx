/** What became of a test just sent: waiting, delivered (HTTP status and time taken) or failed (why); said once known. */
import { useEffect, useRef } from 'react';
import { useT } from '../../i18n/index.js';
import { underway, useWatchedDelivery } from './webhook-queries.js';

export interface SentTest {
  hookId: string;
  name: string;
  deliveryId: string;
  /** Sent while the endpoint was off: it stays off. */
  wasOff: boolean;
}

export function TestResult({ test, onDone }: { test: SentTest; onDone(): void }) {
  const t = useT();
  const { data: d } = useWatchedDelivery(test.hookId, test.deliveryId);
  const known = !!d && !underway(d);
  // The list's "Last delivery" follows once the result is in (once per test).
  const reported = useRef<string | null>(null);
  useEffect(() => {
    if (!known || reported.current === test.deliveryId) return;
    reported.current = test.deliveryId;
    onDone();
  });
  const ok = d?.status === 'delivered';
  const why = d?.lastStatus ? t('webhooks.httpStatus', { code: d.lastStatus }) : (d?.responseExcerpt ?? '');
  const text = !known
    ? t('webhooks.testSending', { name: test.name })
    : ok
      ? t('webhooks.testDelivered', { name: test.name, code: d.lastStatus ?? 0, ms: d.lastDurationMs ?? 0 })
      : t('webhooks.testFailed', { name: test.name, why });
  return (
    <div
      className={`webhook-test ${known ? (ok ? 'ok' : 'failed') : 'waiting'}`}
      role="status"
      data-test-result={known ? d.status : 'pending'}
    >
      <p>{text}</p>
      {test.wasOff && <p className="small">{t('webhooks.testOff')}</p>}
    </div>
  );
}
