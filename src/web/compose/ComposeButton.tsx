/** The Compose button of the inbox, and its shortcuts: `c` when no conversation is open (with one open, `c` is Comment), Shift+C anywhere. */
import { useEffect, useState } from 'react';
import { isTypingTarget } from '../state/commands.js';
import { ComposeDialog } from './ComposeDialog.js';
import { useT } from '../i18n/index.js';

export function ComposeButton({ inboxId, conversationOpen, compact }: { inboxId: string; conversationOpen: boolean; compact?: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target) || document.querySelector('[aria-modal="true"]')) return;
      if (e.key === 'C' || (e.key === 'c' && !conversationOpen)) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [conversationOpen]);
  return (
    <>
      <button
        type="button"
        className="btn primary compose-btn"
        aria-keyshortcuts="Shift+C"
        title={`${t('compose.button')} (c)`}
        aria-label={t('compose.button')}
        onClick={() => setOpen(true)}
      >
        {compact ? '✉' : `✉ ${t('compose.button')}`}
      </button>
      {open && <ComposeDialog inboxId={inboxId} onClose={() => setOpen(false)} />}
    </>
  );
}
