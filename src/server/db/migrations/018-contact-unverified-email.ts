import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * An email address someone claimed for a contact without proof (a chat visitor's "leave your
 * email", a host site's identify without an email-covering hash): shown to agents as not verified,
 * never used to find or join a contact. An agent's merge with the contact that owns it clears it.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('contacts').addColumn('unverified_email', 'text').execute();
}
