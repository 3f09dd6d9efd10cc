import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Who took part in each email conversation: the addresses its mail came from and every address
 * a message of it was addressed to (To and Cc), written when each message is recorded. Threading
 * asks it whether a sender may write into a conversation with one indexed lookup, instead of
 * reading every recipient list of the thread. Filled here from the messages already stored.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  let table = db.schema
    .createTable('conversation_participants')
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_participants_pk', ['conversation_id', 'email']);
  // SQLite: one b-tree (the key) instead of a row table and its key's index, so each message writes one page less.
  if (engine === 'sqlite') table = table.modifyEnd(sql`without rowid`);
  await table.execute();
  const add = async (rows: Array<{ conversation_id: string; email: string }>) => {
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('conversation_participants')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.doNothing())
        .execute();
  };
  // The addresses mail came from.
  const authors = await db
    .selectFrom('messages as m')
    .innerJoin('contacts as c', 'c.id', 'm.author_contact_id')
    .select(['m.conversation_id', 'c.email'])
    .distinct()
    .where('m.kind', '=', 'incoming')
    .where('c.email', 'is not', null)
    .execute();
  await add(authors.map((r) => ({ conversation_id: r.conversation_id, email: String(r.email).toLowerCase() })));
  // Everyone a message was addressed to, a page at a time.
  for (let after = ''; ;) {
    const page = await db
      .selectFrom('messages')
      .select(['id', 'conversation_id', 'recipients'])
      .where('recipients', 'is not', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(2000)
      .execute();
    if (!page.length) break;
    after = page[page.length - 1]!.id;
    const rows = new Map<string, { conversation_id: string; email: string }>();
    for (const m of page) {
      let rc: { to?: Array<{ email?: string }>; cc?: Array<{ email?: string }> } | null = null;
      try {
        rc = JSON.parse(m.recipients);
      } catch {
        continue;
      }
      for (const a of [...(rc?.to ?? []), ...(rc?.cc ?? [])]) {
        const email = a?.email?.trim().toLowerCase();
        if (email) rows.set(`${m.conversation_id}\n${email}`, { conversation_id: m.conversation_id, email });
      }
    }
    await add([...rows.values()]);
  }
}
