/** An endpoint's signing secret, shown once (after it is added, or its secret rotated), with Copy. */
import { useState } from 'react';
import type { WebhookWithSecretOut } from '../../../common/webhook-api.js';
import { formatDateTime, useI18n } from '../../i18n/index.js';
import { Modal } from '../../ui/Modal.js';

export function WebhookSecret({ hook, onClose }: { hook: WebhookWithSecretOut; onClose(): void }) {
  const { t, locale } = useI18n();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(hook.secret);
      setCopied(true);
    } catch {
      /* the field is selectable */
    }
  }
  return (
    <Modal title={t('webhooks.secretTitle', { name: hook.name })} onClose={onClose}>
      <p>
        <strong>{t('webhooks.secretOnce')}</strong>
      </p>
      <div className="field">
        <input
          readOnly
          className="mono"
          aria-label={t('webhooks.secret')}
          value={hook.secret}
          onFocus={(e) => e.target.select()}
          data-webhook-secret
        />
      </div>
      <p className="muted small">{t('webhooks.secretUse')}</p>
      {hook.previousSecretUntil && (
        <p className="muted small">{t('webhooks.secretOld', { time: formatDateTime(hook.previousSecretUntil, locale) })}</p>
      )}
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => void copy()}>
          {copied ? t('webhooks.copied') : t('webhooks.copy')}
        </button>
        <button type="button" className="btn primary" onClick={onClose}>
          {t('webhooks.done')}
        </button>
      </div>
    </Modal>
  );
}
