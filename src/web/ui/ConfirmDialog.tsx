/** Asks before something that cannot be undone. */
import { useState } from 'react';
import { useT } from '../i18n/index.js';
import { Modal } from './Modal.js';

export function ConfirmDialog(props: {
  title: string;
  text: string;
  confirmLabel: string;
  onConfirm(): Promise<void> | void;
  onClose(): void;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  return (
    <Modal title={props.title} onClose={props.onClose}>
      <p>{props.text}</p>
      <div className="form-actions">
        <button type="button" className="btn" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="btn danger"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await props.onConfirm();
            } finally {
              setBusy(false);
            }
          }}
        >
          {props.confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
