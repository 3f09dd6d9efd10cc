import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * A contact's picture (a Messenger sender's profile picture, fetched once): the file in the files
 * store (`pictures/…`, a path relative to it) and its image type; both null when there is none.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('contacts').addColumn('picture_path', 'text').execute();
  await db.schema.alterTable('contacts').addColumn('picture_type', 'text').execute();
}
