/** The database a configuration names: PostgreSQL at DATABASE_URL, else the SQLite file in the data directory. */
import path from 'node:path';
import type { Config } from '../config.js';
import { Database } from './database.js';
import type { SearchIndexOptions } from './search-indexer.js';

export function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'> &
    Partial<Pick<Config, 'sqlQueryHeader' | 'databaseReadUrl' | 'redisUrl' | 'redisPrefix'>>,
  schema?: string,
  searchIndex?: SearchIndexOptions,
): Database {
  return new Database({
    url: config.databaseUrl,
    sqlitePath: path.join(config.dataDir, 'switchboard.db'),
    schema,
    countQueries: config.sqlQueryHeader,
    searchIndex,
    readUrl: config.databaseReadUrl,
    redis: config.redisUrl ? { url: config.redisUrl, prefix: config.redisPrefix } : undefined,
  });
}
