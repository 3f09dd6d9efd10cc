/**
 * Messenger's reply window (Meta's messaging policy): inside 24 hours of the customer's last message
 * a reply is a standard `RESPONSE`; from then up to 7 days only a person's reply, sent with the
 * `HUMAN_AGENT` tag; after that nothing. The tags Meta retired on 27 April 2026 are never used.
 * Pure: the adapter sends by it, replies and the conversation's answer are refused by it.
 */
import type { ReplyRefused } from '../../common/api.js';
import type { ConversationsTable } from '../db/schema.js';
export const STANDARD_WINDOW_MS = 24 * 3600_000;
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3600_000;

export type ReplyWindow =
  | { kind: 'response'; messagingType: 'RESPONSE' }
  | { kind: 'human_agent'; messagingType: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' }
  | { kind: 'closed' };

/** The window at `now` for a conversation whose customer last wrote at `lastIncomingAt` (never: closed). */
export function replyWindow(lastIncomingAt: string | null, now: Date): ReplyWindow {
  const last = lastIncomingAt ? Date.parse(lastIncomingAt) : NaN;
  if (!Number.isFinite(last)) return { kind: 'closed' };
  const age = now.getTime() - last;
  if (age <= STANDARD_WINDOW_MS) return { kind: 'response', messagingType: 'RESPONSE' };
  if (age <= HUMAN_AGENT_WINDOW_MS) return { kind: 'human_agent', messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  return { kind: 'closed' };
}

/** The Send API fields the window asks for; null when no reply may be sent. */
export function sendFields(w: ReplyWindow): { messaging_type: string; tag?: string } | null {
  if (w.kind === 'closed') return null;
  return w.kind === 'response' ? { messaging_type: w.messagingType } : { messaging_type: w.messagingType, tag: w.tag };
}

/** Why a conversation takes no reply now (a Messenger conversation whose window closed), or null. */
export function replyRefusedOf(c: Pick<ConversationsTable, 'channel_kind' | 'last_incoming_at'>, now: Date): ReplyRefused | null {
  if (c.channel_kind !== 'messenger') return null;
  return replyWindow(c.last_incoming_at, now).kind === 'closed' ? { reason: 'messenger_window_closed' } : null;
}
