import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Where a reply to an incoming email goes: JSON `[{email, name?}]`, the message's Reply-To or else
 * its From, as received. A reply goes to the addresses its conversation was written from, never
 * to whatever the contact's address became later. Mail received before this migration gets its
 * contact's address as it is now (the best record there is).
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  await db.schema.alterTable('messages').addColumn('reply_to', 'text').execute();
  await backfillReplyTo(db, engine);
}

/** Incoming email (and a chat's left-an-email marker) without a stored reply address answers its contact's address as it is now. */
export async function backfillReplyTo(db: Kysely<any>, engine: Engine): Promise<void> {
  const address =
    engine === 'postgres'
      ? sql`json_build_array(json_build_object('email', ct.email))::text`
      : sql`json_array(json_object('email', ct.email))`;
  await sql`
    update messages set reply_to = (select ${address} from contacts ct where ct.id = messages.author_contact_id and ct.email is not null)
    where reply_to is null and kind = 'incoming' and channel_id in (select id from channels where kind = 'email')`.execute(db);
  // A chat whose visitor left an email address: the marker message keeps it for follow-ups.
  await sql`
    update messages set reply_to = (select ${address} from conversations c join contacts ct on ct.id = c.contact_id where c.id = messages.conversation_id and ct.email is not null)
    where reply_to is null and kind = 'system' and external_id like 'chat-email:%'`.execute(db);
}
