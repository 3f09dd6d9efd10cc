/** An endpoint's delivery log, newest first: status, HTTP status, duration, the answer's start, time and attempts; "Load more"; "Send again". */
import { useEffect, useRef, useState } from 'react';
import type { WebhookDeliveryOut, WebhookEventType, WebhookListedOut } from '../../../common/webhook-api.js';
import { webhookEventTypes } from '../../../common/webhook-api.js';
import { api } from '../../api/http.js';
import { formatDateTime, useI18n, type Translate } from '../../i18n/index.js';
import { useToast } from '../../state/toasts.js';
import { Table } from '../../ui/Table.js';
import { useDeliveryLog, useRefreshWebhooks } from './webhook-queries.js';
import { eventLabel } from './WebhookDialog.js';

export const statusChip: Record<WebhookDeliveryOut['status'], string> = {
  pending: 'chip',
  delivered: 'chip chip-open',
  failed: 'chip chip-unverified',
  given_up: 'chip chip-failed',
};

export function eventName(t: Translate, type: string): string {
  if (type === 'webhook.ping') return t('webhooks.ping');
  return (webhookEventTypes as readonly string[]).includes(type) ? t(eventLabel(type as WebhookEventType)) : type;
}

export function WebhookLog({ hook, onClose }: { hook: WebhookListedOut; onClose(): void }) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const refresh = useRefreshWebhooks();
  const log = useDeliveryLog(hook.id);
  const heading = useRef<HTMLHeadingElement>(null);
  const [again, setAgain] = useState<string | null>(null);
  // Opened from a row's button: the reader is taken to it.
  useEffect(() => heading.current?.focus(), [hook.id]);

  async function sendAgain(d: WebhookDeliveryOut) {
    setAgain(d.id);
    try {
      await api.post(`/webhooks/deliveries/${encodeURIComponent(d.id)}/retry`);
      toast(t('webhooks.sentAgain'));
      await refresh();
    } catch {
      /* toasted */
    } finally {
      setAgain(null);
    }
  }

  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const off = hook.status === 'disabled';
  return (
    <section aria-labelledby="webhook-log-title" className="webhook-log">
      <header className="settings-head">
        <h2 id="webhook-log-title" ref={heading} tabIndex={-1}>
          {t('webhooks.logTitle', { name: hook.name })}
        </h2>
        <button type="button" className="btn" onClick={onClose}>
          {t('webhooks.logClose')}
        </button>
      </header>
      <p className="muted">{t('webhooks.logIntro')}</p>
      {log.data && !items.length && <p role="status">{t('webhooks.logEmpty')}</p>}
      {items.length > 0 && (
        <Table
          className="webhook-log-table"
          columns={[
            t('webhooks.time'),
            t('webhooks.event'),
            t('webhooks.status'),
            t('webhooks.code'),
            t('webhooks.duration'),
            t('webhooks.response'),
            t('webhooks.attempts'),
            <span className="sr-only">{t('webhooks.actions')}</span>,
          ]}
        >
          {items.map((d) => {
            const blocked = off && d.eventType !== 'webhook.ping';
            return (
              <tr key={d.id} data-delivery={d.id} data-status={d.status}>
                <td>{formatDateTime(d.createdAt, locale)}</td>
                <td>{eventName(t, d.eventType)}</td>
                <td>
                  <span>
                    <span className={statusChip[d.status]}>{t(`webhooks.status.${d.status}`)}</span>
                    {d.nextAttemptAt && d.status === 'failed' && (
                      <small className="muted webhook-next">
                        {t('webhooks.nextAttempt', { time: formatDateTime(d.nextAttemptAt, locale) })}
                      </small>
                    )}
                  </span>
                </td>
                <td>{d.lastStatus ?? '—'}</td>
                <td>{d.lastDurationMs === null ? '—' : t('webhooks.ms', { ms: d.lastDurationMs })}</td>
                <td>
                  {d.responseExcerpt ? <code className="webhook-excerpt">{d.responseExcerpt}</code> : <span className="muted">—</span>}
                </td>
                <td>{d.attempts}</td>
                <td>
                  <button
                    type="button"
                    className="btn small"
                    disabled={again === d.id || d.status === 'pending' || blocked}
                    title={blocked ? t('webhooks.sendAgainOff') : undefined}
                    onClick={() => void sendAgain(d)}
                  >
                    {t('webhooks.sendAgain')}
                    <span className="sr-only"> ({formatDateTime(d.createdAt, locale)})</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      {off && items.some((d) => d.eventType !== 'webhook.ping') && <p className="muted small">{t('webhooks.sendAgainOff')}</p>}
      {log.hasNextPage && (
        <div className="list-more">
          <button type="button" className="btn" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {t('webhooks.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}
