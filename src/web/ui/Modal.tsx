/**
 * A modal dialog on Radix UI: focus moves in (to the first field), is trapped inside, and returns to
 * what had it before; Escape and a click on the backdrop close it. A field whose suggestion list is open
 * (it names the active option in aria-activedescendant) takes Escape for itself: the list closes, not the dialog;
 * so does a field marked `data-keeps-escape` (it has a change to undo).
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useRef, type ReactNode } from 'react';
import { useT } from '../i18n/index.js';
import { keepOpenOnToast } from '../state/toasts.js';

/** What gets focus back when the dialog closes: what had it, or the button of the menu it was opened from. */
function returnTarget(): HTMLElement | null {
  const el = document.activeElement as HTMLElement | null;
  const menu = el?.closest('[role="menu"]');
  return (menu?.id && document.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(menu.id)}"]`)) || el;
}

export function Modal(props: { title: string; onClose(): void; children: ReactNode; wide?: boolean }) {
  const t = useT();
  const before = useRef<HTMLElement | null | undefined>(undefined);
  if (before.current === undefined) before.current = returnTarget();
  return (
    <Dialog.Root open onOpenChange={(open) => !open && props.onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="modal-backdrop">
          <Dialog.Content
            className={`modal${props.wide ? ' modal-wide' : ''}`}
            aria-modal="true"
            aria-describedby={undefined}
            onOpenAutoFocus={(e) => {
              e.preventDefault();
              const box = e.currentTarget as HTMLElement;
              (box.querySelector<HTMLElement>('input, textarea, select, button:not(.modal-x)') ?? box).focus();
            }}
            onCloseAutoFocus={(e) => {
              e.preventDefault();
              if (before.current?.isConnected) before.current.focus();
            }}
            onInteractOutside={keepOpenOnToast}
            onEscapeKeyDown={(e) => {
              const f = document.activeElement;
              if (f?.getAttribute('aria-activedescendant') || f?.hasAttribute('data-keeps-escape')) e.preventDefault();
            }}
          >
            <header className="modal-head">
              <Dialog.Title>{props.title}</Dialog.Title>
              <Dialog.Close className="icon-btn modal-x" aria-label={t('common.close')}>
                ×
              </Dialog.Close>
            </header>
            {props.children}
          </Dialog.Content>
        </Dialog.Overlay>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
