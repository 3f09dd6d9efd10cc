/**
 * Whether the phone's views drawer is open: set by the top bar's menu button and by the inbox (which draws the
 * drawer and closes it on navigation), read by both, so the button can say `aria-expanded`.
 */
import { useSyncExternalStore } from 'react';

/** The drawer's element id, which the menu button names in `aria-controls`. */
export const VIEWS_DRAWER_ID = 'views-drawer';

let open = false;
const listeners = new Set<() => void>();

export function setViewsDrawer(next: boolean): void {
  if (next === open) return;
  open = next;
  for (const fn of listeners) fn();
}

export function useViewsDrawer(): boolean {
  return useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    () => open,
  );
}
