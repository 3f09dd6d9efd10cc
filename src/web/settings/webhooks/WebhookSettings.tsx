/**
 * Settings › Webhooks (admins): the endpoints with their events, inbox, state (why one is off, in words)
 * and last delivery; add (the secret shown once), edit, turn off or on, send a test and see its result,
 * rotate the secret, delete; and an endpoint's delivery log below the table.
 */
import { useState } from 'react';
import type { WebhookListedOut, WebhookWithSecretOut } from '../../../common/webhook-api.js';
import { webhookEventTypes } from '../../../common/webhook-api.js';
import { api } from '../../api/http.js';
import { formatDateTime, useI18n } from '../../i18n/index.js';
import { useSession } from '../../state/session.js';
import { useToast } from '../../state/toasts.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { Menu, MenuButton, MenuItem, MenuList } from '../../ui/Menu.js';
import { Table } from '../../ui/Table.js';
import { useRefreshWebhooks, useWebhooks } from './webhook-queries.js';
import { eventLabel, WebhookDialog } from './WebhookDialog.js';
import { statusChip, WebhookLog } from './WebhookLog.js';
import { WebhookSecret } from './WebhookSecret.js';
import { TestResult, type SentTest } from './WebhookTestResult.js';
import './webhooks.css';

type Asking = { kind: 'rotate' | 'delete'; hook: WebhookListedOut };

export function WebhookSettings() {
  const { t } = useI18n();
  const toast = useToast();
  const hooks = useWebhooks();
  const refresh = useRefreshWebhooks();
  const [editing, setEditing] = useState<WebhookListedOut | 'new' | null>(null);
  const [secret, setSecret] = useState<WebhookWithSecretOut | null>(null);
  const [asking, setAsking] = useState<Asking | null>(null);
  const [test, setTest] = useState<SentTest | null>(null);
  const [logOf, setLogOf] = useState<string | null>(null);
  const list = hooks.data ?? [];
  const logHook = list.find((h) => h.id === logOf);
  const path = (h: WebhookListedOut, rest = '') => `/webhooks/${encodeURIComponent(h.id)}${rest}`;

  async function setOn(h: WebhookListedOut, on: boolean) {
    try {
      await api.patch(path(h), { status: on ? 'on' : 'disabled' });
      toast(t(on ? 'webhooks.turnedOn' : 'webhooks.turnedOff', { name: h.name }));
    } catch {
      /* toasted */
    }
    await refresh();
  }
  async function sendTest(h: WebhookListedOut) {
    try {
      const d = await api.post<{ id: string }>(path(h, '/test'));
      setTest({ hookId: h.id, name: h.name, deliveryId: d.id, wasOff: h.status === 'disabled' });
    } catch {
      /* toasted */
    }
  }

  return (
    <section aria-labelledby="webhooks-title" className="webhooks">
      <header className="settings-head">
        <h2 id="webhooks-title">{t('webhooks.title')}</h2>
        <button type="button" className="btn primary" onClick={() => setEditing('new')}>
          {t('webhooks.create')}
        </button>
      </header>
      <p className="muted">{t('webhooks.intro')}</p>
      {test && <TestResult test={test} onDone={() => void refresh()} />}
      {hooks.data && !list.length && <EmptyState title={t('webhooks.empty')} text={t('webhooks.emptyText')} />}
      {list.length > 0 && (
        <>
          <p className="muted small">{t('webhooks.count', { n: list.length })}</p>
          <Table
            className="webhooks-table"
            columns={[
              t('webhooks.name'),
              t('webhooks.url'),
              t('webhooks.events'),
              t('webhooks.inbox'),
              t('webhooks.state'),
              t('webhooks.last'),
              <span className="sr-only">{t('webhooks.actions')}</span>,
            ]}
          >
            {list.map((h) => (
              <WebhookRow
                key={h.id}
                hook={h}
                onEdit={() => setEditing(h)}
                onToggle={() => void setOn(h, h.status !== 'on')}
                onTest={() => void sendTest(h)}
                onLog={() => setLogOf(h.id)}
                onRotate={() => setAsking({ kind: 'rotate', hook: h })}
                onDelete={() => setAsking({ kind: 'delete', hook: h })}
              />
            ))}
          </Table>
        </>
      )}
      {logHook && <WebhookLog hook={logHook} onClose={() => setLogOf(null)} />}
      {editing && (
        <WebhookDialog
          hook={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => void refresh()}
          onCreated={setSecret}
        />
      )}
      {secret && <WebhookSecret hook={secret} onClose={() => setSecret(null)} />}
      {asking?.kind === 'rotate' && (
        <ConfirmDialog
          title={t('webhooks.rotateTitle', { name: asking.hook.name })}
          text={t('webhooks.rotateText')}
          confirmLabel={t('webhooks.rotate')}
          onClose={() => setAsking(null)}
          onConfirm={async () => {
            const rotated = await api.post<WebhookWithSecretOut>(path(asking.hook, '/rotate-secret'));
            setAsking(null);
            setSecret(rotated);
            await refresh();
          }}
        />
      )}
      {asking?.kind === 'delete' && (
        <ConfirmDialog
          title={t('webhooks.deleteTitle', { name: asking.hook.name })}
          text={t('webhooks.deleteText')}
          confirmLabel={t('webhooks.delete')}
          onClose={() => setAsking(null)}
          onConfirm={async () => {
            await api.del(path(asking.hook));
            setAsking(null);
            if (logOf === asking.hook.id) setLogOf(null);
            if (test?.hookId === asking.hook.id) setTest(null);
            toast(t('webhooks.deleted', { name: asking.hook.name }));
            await refresh();
          }}
        />
      )}
    </section>
  );
}

function WebhookRow(props: {
  hook: WebhookListedOut;
  onEdit(): void;
  onToggle(): void;
  onTest(): void;
  onLog(): void;
  onRotate(): void;
  onDelete(): void;
}) {
  const { t, locale } = useI18n();
  const { inboxes } = useSession();
  const h = props.hook;
  const events =
    h.eventTypes.length === webhookEventTypes.length ? t('webhooks.allEvents') : h.eventTypes.map((e) => t(eventLabel(e))).join(', ');
  const inbox = h.inboxId ? (inboxes.find((i) => i.id === h.inboxId)?.name ?? '') : t('webhooks.allInboxes');
  const last = h.lastDelivery;
  return (
    <tr data-webhook={h.name} data-state={h.status}>
      <td>
        <strong>{h.name}</strong>
      </td>
      <td>
        <span className="mono webhook-url">{h.url}</span>
      </td>
      <td>{events}</td>
      <td>{inbox}</td>
      <td>
        {h.status === 'on' ? (
          <span>
            <span className="chip chip-open">{t('webhooks.on')}</span>
            {h.consecutiveFailures > 0 && <small className="muted"> {t('webhooks.failing', { n: h.consecutiveFailures })}</small>}
          </span>
        ) : (
          <span className="webhook-off">
            <span className="chip chip-failed">{t('webhooks.off')}</span>{' '}
            {h.disabledCode ? t(`webhooks.offBy.${h.disabledCode}`) : (h.disabledReason ?? '')}
          </span>
        )}
      </td>
      <td>
        {last ? (
          <span>
            <span className={statusChip[last.status]}>{t(`webhooks.status.${last.status}`)}</span>{' '}
            {last.lastStatus !== null && <span className="muted small">{t('webhooks.httpStatus', { code: last.lastStatus })} · </span>}
            <span className="muted small">{formatDateTime(last.createdAt, locale)}</span>
          </span>
        ) : (
          <span className="muted">{t('webhooks.lastNone')}</span>
        )}
      </td>
      <td>
        <span className="row-actions">
          <button type="button" className="btn small" onClick={props.onTest}>
            {t('webhooks.test')}
            <span className="sr-only"> ({h.name})</span>
          </button>
          <button type="button" className="btn small" onClick={props.onLog}>
            {t('webhooks.log')}
            <span className="sr-only"> ({h.name})</span>
          </button>
          <Menu>
            <MenuButton className="btn small">
              {t('webhooks.more')}
              <span className="sr-only"> ({h.name})</span> <span aria-hidden="true">▾</span>
            </MenuButton>
            <MenuList label={`${t('webhooks.more')} (${h.name})`}>
              <MenuItem onSelect={props.onEdit}>{t('webhooks.edit')}</MenuItem>
              <MenuItem onSelect={props.onToggle}>{t(h.status === 'on' ? 'webhooks.turnOff' : 'webhooks.turnOn')}</MenuItem>
              <MenuItem onSelect={props.onRotate}>{t('webhooks.rotate')}</MenuItem>
              <MenuItem onSelect={props.onDelete} className="danger">
                {t('webhooks.delete')}
              </MenuItem>
            </MenuList>
          </Menu>
        </span>
      </td>
    </tr>
  );
}
