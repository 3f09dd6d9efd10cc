/** Reply all's Cc: who was on the last email, minus us and the contact, and only addresses legitimately on the thread (issue #13). */
import type { EmailAddress, MessageOut } from './api.js';

/** What the rule reads of a message. */
export type ReplyAllMessage = Pick<MessageOut, 'kind' | 'recipients' | 'senderAuth'>;

/**
 * The To and Cc of the last incoming email, without our own addresses, reply+ addresses, the
 * contact and repeats, and only addresses legitimately on the thread: on the email that started
 * it, where our replies went, or added by incoming mail whose sender was not found forged. Mail
 * that failed sender authentication (it may not come from whom it says) adds nobody.
 */
export function replyAllCc(messages: ReplyAllMessage[], contactEmail: string | null, own: string[]): EmailAddress[] {
  const last = [...messages].reverse().find((m) => m.kind === 'incoming' && m.recipients);
  if (!last?.recipients) return [];
  const first = messages.find((m) => m.kind === 'incoming' || m.kind === 'reply');
  const legit = new Set<string>();
  for (const m of messages) {
    if (!m.recipients || !(m.kind === 'reply' || m === first || (m.kind === 'incoming' && m.senderAuth?.summary !== 'unverified')))
      continue;
    for (const a of [...m.recipients.to, ...m.recipients.cc]) legit.add(a.email.toLowerCase());
  }
  const ours = new Set(own.map((a) => a.toLowerCase()));
  const domains = new Set(own.map((a) => a.split('@')[1]?.toLowerCase()).filter(Boolean));
  const seen = new Set<string>([contactEmail?.toLowerCase() ?? '']);
  const out: EmailAddress[] = [];
  for (const a of [...last.recipients.to, ...last.recipients.cc]) {
    const e = a.email.toLowerCase();
    const [local, domain] = e.split('@');
    if (seen.has(e) || ours.has(e) || !legit.has(e) || (local?.startsWith('reply+') && domains.has(domain ?? ''))) continue;
    seen.add(e);
    out.push(a);
  }
  return out;
}
