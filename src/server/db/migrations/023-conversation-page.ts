import type { Kysely } from 'kysely';

/**
 * The page a website chat started on, written when the chat starts (its subject is now the first message).
 * Chats from before kept the page in their subject ("Chat on <page>"): it is copied over.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('page_url', 'text').execute();
  const chats = await db
    .selectFrom('conversations')
    .select(['id', 'subject'])
    .where('channel_kind', '=', 'chat')
    .where('subject', 'like', 'Chat on %')
    .execute();
  for (const c of chats)
    await db
      .updateTable('conversations')
      .set({ page_url: String(c.subject).slice('Chat on '.length) })
      .where('id', '=', c.id)
      .execute();
}
