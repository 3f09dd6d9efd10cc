/**
 * Addresses into Settings that other screens link to (the sidebar, the getting-started panel): a section of the
 * Inboxes tab by its heading's id, and the chat wizard opened on an inbox (`#new-chat=<inboxId>`, read by
 * `ChatSettings`). Tiny and free of screens, so linking here never loads Settings before it is opened.
 */
const enc = encodeURIComponent;

/** Where Settings opens: the Inboxes tab for admins, Snippets (the tab everyone has) for the others. */
export const settingsHome = (isAdmin: boolean) => (isAdmin ? '/settings/inboxes' : '/settings/snippets');

/** The "Connect a mailbox (IMAP)" form, opened on an inbox when one is named (read by `EmailSettings`). */
export const mailboxHref = (inboxId?: string) => (inboxId ? `/settings/inboxes#imap-${enc(inboxId)}` : '/settings/inboxes#imap');

const NEW_CHAT = 'new-chat=';
export const chatWizardHref = (inboxId: string) => `/settings/inboxes#${NEW_CHAT}${enc(inboxId)}`;
export const usersHref = () => '/settings/users';

/** The inbox the address asks a new chat channel for, or null. */
export function newChatInboxOf(hash: string): string | null {
  const h = hash.replace(/^#/, '');
  return h.startsWith(NEW_CHAT) ? decodeURIComponent(h.slice(NEW_CHAT.length)) || null : null;
}

/** The element a plain `#id` in the address names: scrolled to once it is drawn (sections load their data first). */
export function scrollToHashTarget(hash: string): () => void {
  const id = decodeURIComponent(hash.replace(/^#/, ''));
  if (!id || id.includes('=')) return () => {};
  const reveal = () => {
    const el = document.getElementById(id);
    if (!el) return false;
    // Focus goes there too, so the keyboard carries on from the section asked for.
    if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'start' });
    return true;
  };
  if (reveal()) return () => {};
  const seen = new MutationObserver(() => reveal() && seen.disconnect());
  seen.observe(document.body, { childList: true, subtree: true });
  return () => seen.disconnect();
}
