/** Toasts: one stack, bottom right, announced to screen readers (also while a dialog is open). */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { useT } from '../i18n/index.js';

export type ToastKind = 'error' | 'info';
interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}
type Push = (text: string, kind?: ToastKind) => void;

const ToastContext = createContext<Push>(() => {});
export const useToast = () => useContext(ToastContext);

/** For a dialog's `onInteractOutside`: a click on a toast (its dismiss button) does not close the dialog. */
export function keepOpenOnToast(e: { target: EventTarget | null; preventDefault(): void }): void {
  // Radix judges the click after it ran: a Dismiss button is by then out of the page, so it carries its own mark.
  if (e.target instanceof Element && e.target.closest('.toasts, [data-toast-dismiss]')) e.preventDefault();
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const t = useT();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((x) => x.id !== id)), []);
  const push = useCallback<Push>(
    (text, kind = 'info') => {
      const id = next.current++;
      setToasts((ts) => [...ts.filter((x) => x.text !== text).slice(-3), { id, kind, text }]);
      setTimeout(() => dismiss(id), kind === 'error' ? 8000 : 4000);
    },
    [dismiss],
  );
  const value = useMemo(() => push, [push]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      {/* A live region present from the start: announced when a toast is added, and (having aria-live) left out of
          what a Radix dialog hides from screen readers while it is open, so a dialog's own toasts are heard too. */}
      <div className="toasts" role="region" aria-label={t('toast.region')} aria-live="polite">
        {toasts.map((x) => (
          <div key={x.id} className={`toast toast-${x.kind}`} role={x.kind === 'error' ? 'alert' : 'status'}>
            <span>{x.text}</span>
            <button
              type="button"
              className="icon-btn"
              aria-label={t('common.dismiss')}
              data-toast-dismiss
              // A click does not take focus: inside an open dialog, focus leaving it would close the dialog.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => dismiss(x.id)}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
