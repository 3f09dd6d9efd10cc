/**
 * Targeting checked on the server: the widget hides itself where the rules exclude the page, and
 * the server refuses to start a conversation there too (a page URL claimed by the widget counts
 * only when it belongs to the origin the socket was opened from).
 */
import { inAudience, pageTargeted } from '../../../common/chat-contract.js';
import type { ChatSettings } from './settings.js';

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/** The page URL from the hello, or undefined when it is not a URL of the socket's origin. */
export function claimedPage(page: string | undefined, origin: string | undefined): string | undefined {
  if (!page) return undefined;
  const o = originOf(page);
  if (!o || (origin && o !== origin)) return undefined;
  return page;
}

/** Why a conversation may not start from this page and visitor, or null when it may. */
export function startRefusal(
  s: Pick<ChatSettings, 'targeting' | 'audience'>,
  page: string | undefined,
  identified: boolean,
): string | null {
  if (!inAudience(s.audience, identified))
    return s.audience === 'known' ? 'This chat is only for signed-in users' : 'This chat is only for visitors who are not signed in';
  if (!pageTargeted(s.targeting, page)) return 'The chat is not available on this page';
  return null;
}
