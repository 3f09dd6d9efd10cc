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

/**
 * Why a conversation may not start from this page and visitor, or null when it may. `hasProperty`:
 * the identified visitor's contact matches the 'property' audience (`audience.ts`). An anonymous
 * visitor gets the same answer for a property audience as for "known contacts": nothing about the property.
 */
export function startRefusal(
  s: Pick<ChatSettings, 'targeting' | 'audience'>,
  page: string | undefined,
  identified: boolean,
  hasProperty = true,
): string | null {
  if (!inAudience(s.audience, identified))
    return s.audience === 'anonymous' ? 'This chat is only for visitors who are not signed in' : 'This chat is only for signed-in users';
  if (s.audience === 'property' && !hasProperty) return 'This chat is not available to you';
  if (!pageTargeted(s.targeting, page)) return 'The chat is not available on this page';
  return null;
}
