/**
 * Which pane a phone shows: the list (no conversation in the URL), the conversation, or its contact.
 * The URL says which conversation; whether its contact is shown is this screen's own state.
 */
import { createContext, useContext } from 'react';

export type Pane = 'list' | 'conversation' | 'contact';

export interface Panes {
  /** One pane at a time (the window is phone-sized). */
  phone: boolean;
  pane: Pane;
  showContact(): void;
  showConversation(): void;
}

const none: Panes = { phone: false, pane: 'list', showContact() {}, showConversation() {} };
export const PanesContext = createContext<Panes>(none);

export function usePanes(): Panes {
  return useContext(PanesContext);
}
