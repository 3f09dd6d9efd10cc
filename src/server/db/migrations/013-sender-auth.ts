import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Sender authentication and unguessable thread tokens.
 * - `messages.sender_auth`: JSON `{summary, spf, dkim, dmarc}` of a received email (SPF, DKIM and
 *   DMARC as checked by the built-in receiver, or as a trusted IMAP server reported them); null
 *   for everything else.
 * - `thread_token_keys`: the secret our `reply+<id>.<mac>@` addresses and `sb.…` Message-IDs are
 *   keyed with (HMAC-SHA256), created here once, so tokens survive restarts and are shared by
 *   every process.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('messages').addColumn('sender_auth', 'text').execute();
  await db.schema
    .createTable('thread_token_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('thread_token_keys')
    .values({ id: 'email-thread', secret: randomBytes(32).toString('base64url'), created_at: new Date().toISOString() })
    .execute();
}
