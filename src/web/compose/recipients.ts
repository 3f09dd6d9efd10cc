/** Reply-all and Cc fields: the Cc reply all proposes, typed address lists. */
import type { EmailAddress, ReplyAllOut } from '../../common/api.js';
import { api } from '../api/http.js';

/** Reply all's Cc, worked out by the server from the whole thread (`GET /conversations/:id/reply-all`). */
export async function loadReplyAll(conversationId: string): Promise<EmailAddress[]> {
  return (await api.get<ReplyAllOut>(`/conversations/${encodeURIComponent(conversationId)}/reply-all`)).cc;
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
