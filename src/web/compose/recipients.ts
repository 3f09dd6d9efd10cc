/** Reply-all and Cc fields: who was on the last email, minus us and the contact; typed address lists. */
import type { ChannelOut, EmailAddress, MessageOut, Page } from '../../common/api.js';
import { api } from '../api/http.js';
import { fetchAll } from '../state/session.js';

/**
 * The To and Cc of the last incoming email, without our own addresses, reply+ addresses, the
 * contact and repeats, and only addresses legitimately on the thread: on the email that started
 * it, where our replies went, or added by incoming mail whose sender was not found forged. Mail
 * that failed sender authentication (it may not come from whom it says) adds nobody.
 */
export function replyAllCc(messages: MessageOut[], contactEmail: string | null, own: string[]): EmailAddress[] {
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

/** Everything reply-all needs from the server: the thread and the inbox's own addresses. */
export async function loadReplyAll(
  conversationId: string,
  inbox: { id: string; fallbackAddress: string },
  contactEmail: string | null,
): Promise<EmailAddress[]> {
  const [messages, channels] = await Promise.all([
    fetchAll<MessageOut>(`/conversations/${encodeURIComponent(conversationId)}/messages`),
    api.get<Page<ChannelOut>>(`/inboxes/${encodeURIComponent(inbox.id)}/channels`).then(
      (p) => p.items,
      () => [] as ChannelOut[],
    ),
  ]);
  const own = [inbox.fallbackAddress, ...channels.map((c) => c.address).filter((a): a is string => !!a)];
  return replyAllCc(messages, contactEmail, own);
}

export const formatAddresses = (list: EmailAddress[]) => list.map((a) => a.email).join(', ');

/** A typed list ("a@x.org, b@y.org"): the addresses, or the first thing that is not one. */
export function parseAddresses(text: string): { list: EmailAddress[]; bad: string | null } {
  const parts = text
    .split(/[,;\s]+/)
    .map((p) => p.trim().replace(/^<|>$/g, ''))
    .filter(Boolean);
  const bad = parts.find((p) => !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(p)) ?? null;
  return { list: bad ? [] : [...new Set(parts.map((p) => p.toLowerCase()))].map((email) => ({ email })), bad };
}
