/** Keyboard commands travel from the global shortcut handler to whichever component owns them. */
import { useEffect, useRef } from 'react';

export type Command = 'reply' | 'comment' | 'assign' | 'close' | 'snippet' | 'search' | 'help' | 'notifications';
const bus = new EventTarget();

export function emitCommand(c: Command): void {
  bus.dispatchEvent(new Event(c));
}

export function useCommand(c: Command, handler: () => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const fn = () => ref.current();
    bus.addEventListener(c, fn);
    return () => bus.removeEventListener(c, fn);
  }, [c]);
}

export function isTypingTarget(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}
