import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Texts the app words in the reader's language: a routing decision's fact (JSON `RoutingFact`; null for older
 * ones, which keep their English `reason`), and a default ticket stage's `key`. The four stages the first
 * migration made get their key while they still carry their English name; the app shows a keyed stage in the
 * reader's language, and a stage whose name is changed loses its key (the name then is the admin's own).
 */
const defaultStageKeys = { new: 'New', waiting_contact: 'Waiting on contact', waiting_us: 'Waiting on us', closed: 'Closed' };

export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('conversation_routing').addColumn('fact', 'text').execute();
  await db.schema.alterTable('pipeline_stages').addColumn('key', 'text').execute();
  const pipeline = await db.selectFrom('pipelines').select('id').where('is_default', '=', 1).executeTakeFirst();
  if (!pipeline) return;
  for (const [key, name] of Object.entries(defaultStageKeys)) {
    await db.updateTable('pipeline_stages').set({ key }).where('pipeline_id', '=', pipeline.id).where('name', '=', name).execute();
  }
}
