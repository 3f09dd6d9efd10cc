import { sql, type Kysely } from 'kysely';

/**
 * Snippet and template names are unique within their scope (one inbox, or everyone), whatever their case: the
 * domain checks it (`saved-texts.ts`), this index holds it when two admins save at once. Names that already
 * repeat get " (2)", " (3)", … first, oldest kept as it was.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['snippets', 'templates']) {
    const rows = await db.selectFrom(table).select(['id', 'inbox_id', 'name']).orderBy('created_at').orderBy('id').execute();
    const seen = new Set<string>();
    for (const r of rows) {
      const key = (name: string) => `${r.inbox_id ?? ''}\n${name.toLowerCase()}`;
      let name = String(r.name);
      for (let n = 2; seen.has(key(name)); n++) name = `${r.name} (${n})`;
      seen.add(key(name));
      if (name !== r.name) await db.updateTable(table).set({ name }).where('id', '=', r.id).execute();
    }
    await sql`create unique index ${sql.raw(`${table}_scope_name`)} on ${sql.table(table)} (coalesce(inbox_id, ''), lower(name))`.execute(
      db,
    );
  }
}
