/** The phone layout: below this width the app shows one pane at a time (styles.css uses the same width). */
import { useSyncExternalStore } from 'react';

export const PHONE_QUERY = '(max-width: 720px)';

function subscribe(fn: () => void): () => void {
  const mq = window.matchMedia(PHONE_QUERY);
  mq.addEventListener('change', fn);
  return () => mq.removeEventListener('change', fn);
}

/** True while the window is phone-sized; re-renders when it crosses the width. */
export function usePhone(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(PHONE_QUERY).matches);
}

/** Below this width (phone or tablet) the views and filters move into the drawer; styles.css uses the same width. */
export const NARROW_QUERY = '(max-width: 1100px)';

function subscribeNarrow(fn: () => void): () => void {
  const mq = window.matchMedia(NARROW_QUERY);
  mq.addEventListener('change', fn);
  return () => mq.removeEventListener('change', fn);
}

/** True while the window is at most tablet-wide: two panes (list and conversation), the contact over them. */
export function useNarrow(): boolean {
  return useSyncExternalStore(subscribeNarrow, () => window.matchMedia(NARROW_QUERY).matches);
}
