import path from 'node:path';
import type { Config } from './config.js';
import { backupSqlite } from './db/backup.js';

/** `switchboard backup <file>`: what was copied and what else to keep, or, on PostgreSQL, the pg_dump to run instead. */
export async function backup(config: Config, target: string): Promise<string> {
  if (config.databaseUrl)
    throw new Error(
      [
        'This installation uses PostgreSQL (DATABASE_URL): back it up with pg_dump, which is consistent while the server runs:',
        `  pg_dump --format=custom --file=${target} "$DATABASE_URL"`,
        `Restore into an empty database with: pg_restore --no-owner --dbname="$DATABASE_URL" ${target}`,
        `Keep FILES_DIR (${config.filesDir}) and the secret key (SECRET_KEY or ${path.join(config.dataDir, 'secret.key')}) too.`,
      ].join('\n'),
    );
  const r = await backupSqlite(path.join(config.dataDir, 'switchboard.db'), target);
  return [
    `Backed up ${path.join(config.dataDir, 'switchboard.db')} to ${path.resolve(target)} (${(r.bytes / 1048576).toFixed(1)} MB; ${r.conversations} conversations, ${r.messages} messages).`,
    'The search index is not in it: a server rebuilds it from the database.',
    `Keep with it: the attachments in ${config.filesDir}, and the secret key (SECRET_KEY, or ${path.join(config.dataDir, 'secret.key')}), without which stored mailbox passwords and chat secrets cannot be read.`,
  ].join('\n');
}
