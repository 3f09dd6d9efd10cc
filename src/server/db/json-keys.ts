/** The keys in use in contacts' custom properties (JSON stored as text): SQLite's json_each, PostgreSQL's json_each. */
import { sql } from 'kysely';
import type { Database } from './database.js';

/** Contacts read for the names: a property only older contacts have is typed in by hand. */
const SCAN = 5000;

/** The distinct property names set on the newest contacts (a removed key is gone from the JSON), sorted, at most `limit`. */
export async function contactPropertyKeys(db: Database, limit = 200, scan = SCAN): Promise<string[]> {
  // The newest contacts only, on the created_at index: the work is bounded however many contacts there are.
  const recent = sql`(select properties from contacts order by created_at desc limit ${scan})`;
  const q =
    db.engine === 'postgres'
      ? sql<{ key: string }>`select distinct e.key as key from ${recent} c,
          json_each(case when json_typeof(c.properties::json) = 'object' then c.properties::json else '{}'::json end) e
          where json_typeof(e.value) <> 'null' order by 1 limit ${limit}`
      : sql<{ key: string }>`select distinct j.key as key from ${recent} c, json_each(c.properties) j
          where json_type(c.properties) = 'object' and j.type <> 'null' order by 1 limit ${limit}`;
  return (await q.execute(db.kysely)).rows.map((r) => r.key);
}
