import type { Recipients } from '../../common/api.js';
import { decodeJson } from '../db/json.js';
import { prepared } from '../db/prepared.js';
import type { Writer } from './context.js';

/**
 * Who took part in an email conversation, written as each message is recorded: the address its
 * mail came from and everyone a message was addressed to. Threading lets mail that names a
 * conversation into it only from these (see threading.ts).
 */
export async function addParticipants(w: Writer, conversationId: string, emails: Array<string | null | undefined>): Promise<void> {
  const unique = [...new Set(emails.flatMap((e) => (e?.trim() ? [e.trim().toLowerCase()] : [])))];
  if (!unique.length) return;
  await w.trx
    .insertInto('conversation_participants')
    .values(unique.map((email) => ({ conversation_id: conversationId, email })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The To and Cc addresses of a message's stored recipients (JSON). */
export function recipientEmails(recipients: string | null | undefined): string[] {
  const rc = decodeJson<Recipients | null>(recipients ?? null, null);
  return [...(rc?.to ?? []), ...(rc?.cc ?? [])].map((a) => a.email);
}

const participant = prepared((k, $) =>
  k.selectFrom('conversation_participants').select('email').where('conversation_id', '=', $(0)).where('email', '=', $(1)),
);

/** Whether `email` took part in the conversation. */
export async function isParticipantEmail(w: Writer, conversationId: string, email: string): Promise<boolean> {
  return (await participant(w.db, w.trx, [conversationId, email.trim().toLowerCase()])).rows.length > 0;
}
