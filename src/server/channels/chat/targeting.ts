/**
 * Targeting checked on the server: the widget hides itself where the rules exclude the page, and
 * the server refuses to start a conversation there too (a page URL claimed by the widget counts
 * only when it belongs to the origin the socket was opened from).
 */
import type { ChatSettings } from './settings.js';

type Rule = ChatSettings['targeting'][number];

export const ruleMatches = (r: Rule, url: string) =>
  r.op === 'is'
    ? url === r.value
    : r.op === 'is_not'
      ? url !== r.value
      : r.op === 'contains'
        ? url.includes(r.value)
        : url.startsWith(r.value);

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
  if (s.audience === 'known' && !identified) return 'This chat is only for signed-in users';
  if (s.audience === 'anonymous' && identified) return 'This chat is only for visitors who are not signed in';
  if (!s.targeting.length) return null;
  if (!page || !s.targeting.some((r) => ruleMatches(r, page))) return 'The chat is not available on this page';
  return null;
}
