/** A dialog that is one form: its fields, then Cancel and the submit button (disabled while the save runs). */
import type { FormEvent, ReactNode } from 'react';
import { useT } from '../i18n/index.js';
import { Modal } from './Modal.js';

export function FormDialog(props: {
  title: string;
  onClose(): void;
  onSubmit(e: FormEvent): void;
  busy: boolean;
  children: ReactNode;
  /** "Save" unless the action has a name of its own. */
  submitLabel?: string;
  /** For a submit button that cannot be used yet (a confirmation not typed, say). */
  submitDisabled?: boolean;
  danger?: boolean;
  wide?: boolean;
  className?: string;
  noValidate?: boolean;
}) {
  const t = useT();
  return (
    <Modal title={props.title} onClose={props.onClose} wide={props.wide}>
      <form className={props.className ?? 'form'} onSubmit={props.onSubmit} noValidate={props.noValidate}>
        {props.children}
        <div className="form-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className={props.danger ? 'btn danger' : 'btn primary'} disabled={props.busy || props.submitDisabled}>
            {props.submitLabel ?? t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
