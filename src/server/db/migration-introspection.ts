/**
 * Kysely's Migrator checks that its own tables exist with `introspection.getTables()`, which on
 * PostgreSQL reads every column of every table in every schema and calls
 * `pg_get_serial_sequence('<schema>.<table>', …)` on each. When another process drops a schema
 * during that scan (test files dropping their isolated `t_…` schemas; or any tenant), the name
 * lookup fails with `schema "t_…" does not exist` and the migration (and server start) fails.
 * Here the Migrator sees only the schema being migrated, read by oid joins with no name lookups.
 */
import { sql, type DatabaseIntrospector, type Kysely, type TableMetadata } from 'kysely';

function schemaIntrospector(db: Kysely<any>, schema: string): DatabaseIntrospector {
  const getTables = async (): Promise<TableMetadata[]> => {
    const r = await sql<{
      name: string;
      kind: string;
    }>`select c.relname as name, c.relkind as kind from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v')`.execute(
      db,
    );
    return r.rows.map((t) => ({ name: t.name, schema, isView: t.kind === 'v', columns: [] }));
  };
  return {
    getSchemas: async () => {
      const r = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db);
      return r.rows;
    },
    getTables,
    getMetadata: async () => ({ tables: await getTables() }),
  };
}

/** The same database handle for the Migrator, with introspection limited to `schema`. */
export function migratorView(db: Kysely<any>, schema: string): Kysely<any> {
  const introspection = schemaIntrospector(db, schema);
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'introspection') return introspection;
      const v = Reflect.get(target, prop, target) as unknown;
      // Kysely keeps its state in private fields: its methods must run on the real instance.
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
