/**
 * The first tab stop: "Skip to conversations" on the inbox (focus moves to the conversation list, and the
 * next Tab reaches the first conversation), "Skip to content" elsewhere. Hidden until focused.
 */
import { useT } from '../i18n/index.js';

export const MAIN_ID = 'main';
export const CONVERSATIONS_ID = 'conversations';

export function SkipLink({ toConversations }: { toConversations: boolean }) {
  const t = useT();
  const target = toConversations ? CONVERSATIONS_ID : MAIN_ID;
  return (
    <a
      className="skip-link"
      href={`#${target}`}
      onClick={(e) => {
        // Focus moves without touching the URL (the route lives in the path).
        e.preventDefault();
        const el = document.getElementById(target);
        (el && el.getClientRects().length ? el : document.getElementById(MAIN_ID))?.focus();
      }}
    >
      {t(toConversations ? 'skip.conversations' : 'skip.content')}
    </a>
  );
}
