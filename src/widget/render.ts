/** The widget's conversation as drawn: the messages (authors, links, seen, a bot's buttons, meeting links) and the field fitted to the question. */
import type { VisitorMessage } from '../common/chat-contract.js';
import { linked } from './links.js';
import type { WidgetTexts } from './texts.js';

/** A message as shown: the server's shape, or one still waiting for its id. */
export type Msg = Omit<VisitorMessage, 'id'> & { id: string | null; pending?: boolean; seen?: boolean };

export const el = <K extends keyof HTMLElementTagNameMap>(tagName: K, cls: string, parent: Node, text?: string) => {
  const e = document.createElement(tagName);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  parent.appendChild(e);
  return e;
};

/** The meeting link shows once per agent: under that agent's latest message. */
const lastFrom = (all: Msg[], author: string | null) => [...all].reverse().find((x) => x.from === 'agent' && x.author === author);

export function renderMessages(
  list: HTMLElement,
  shown: Msg[],
  o: { welcome: string; tx: WidgetTexts; onChoice(label: string): void },
): void {
  list.textContent = '';
  if (o.welcome) el('li', 'msg agent welcome', list, o.welcome);
  const lastSeen = [...shown].reverse().find((m) => m.from === 'visitor' && m.seen);
  for (const m of shown) {
    const li = el('li', `msg ${m.from}${m.pending ? ' pending' : ''}`, list);
    if (m.from === 'agent' && m.author) {
      const who = el('span', 'author', li);
      if (m.avatarUrl && /^https?:\/\//.test(m.avatarUrl)) {
        const img = el('img', 'avatar', who);
        img.src = m.avatarUrl;
        img.alt = '';
      }
      who.appendChild(document.createTextNode(m.author));
    }
    linked(el('span', 'text', li), m.text, m.from === 'agent');
    if (m === lastSeen) el('span', 'seen', li, o.tx.seen);
    // A bot's question: its answers as buttons, while it is the last word (a tap sends the answer).
    if (m.buttons?.length && m === shown[shown.length - 1]) {
      const row = el('div', 'choices', li);
      row.setAttribute('role', 'group');
      for (const label of m.buttons) {
        const b = el('button', 'choice', row, label);
        b.type = 'button';
        b.addEventListener('click', () => o.onChoice(label));
      }
    }
    if (m.from === 'agent' && m.meetingLink && /^https?:\/\//.test(m.meetingLink) && m === lastFrom(shown, m.author)) {
      const a = el('a', 'meet', li, o.tx.meeting);
      a.href = m.meetingLink;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
    }
  }
  list.scrollTop = list.scrollHeight;
}

/** A bot's question that expects an email, a phone number or a number: the field's hint and keyboard for it. */
export function fitInput(input: HTMLTextAreaElement, last: Msg | undefined, tx: WidgetTexts): void {
  const hint = last?.from === 'agent' ? last.input : undefined;
  input.inputMode = hint === 'email' ? 'email' : hint === 'phone' ? 'tel' : hint === 'number' ? 'decimal' : 'text';
  input.setAttribute('autocomplete', hint === 'email' ? 'email' : hint === 'phone' ? 'tel' : 'off');
  input.placeholder = hint ? tx[hint] : tx.placeholder;
}
