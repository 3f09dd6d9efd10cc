/** Reply-all and Cc fields: the Cc reply all proposes, typed address lists. */
import type { EmailAddress, ReplyAllOut } from '../../common/api.js';
import { formatAddressList, parseAddressList } from '../../common/address-list.js';
import { api } from '../api/http.js';

/** Reply all's Cc, worked out by the server from the whole thread (`GET /conversations/:id/reply-all`). */
export async function loadReplyAll(conversationId: string): Promise<EmailAddress[]> {
  return (await api.get<ReplyAllOut>(`/conversations/${encodeURIComponent(conversationId)}/reply-all`)).cc;
}

/** Cc as the field shows it, names kept (`Ana Smith <ana@example.org>`). */
export const formatAddresses = formatAddressList;

/** A typed or pasted list in any form mail clients write: the addresses, or the first part that is not one. */
export const parseAddresses = parseAddressList;
