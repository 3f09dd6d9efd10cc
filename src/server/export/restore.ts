/**
 * `switchboard restore <file>`: an export into an installation that holds nothing yet (a fresh
 * start's inbox and super admin at most). Every table is inserted in one transaction, each checked
 * against the manifest's count and checksum as it is read; a mismatch, or anything else wrong,
 * rolls it all back and removes the files written. The target's super admin keeps logging in: an
 * exported user with the same address takes over its password, a target admin with none is kept
 * as it is. Every other user has no password until it is reset. Afterwards the counts are made
 * again, the conversations indexed for search and the reports rolled up.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Database, Trx } from '../db/database.js';
import { clearTable, insertRows, migrationNames, recountConversations, reindexConversations, tableNames } from '../db/table-dump.js';
import { newWebhookSecret } from '../domain/webhook-signing.js';
import { filePath } from '../files/store.js';
import type { Secrets } from '../secrets.js';
import { EXPORT_FORMAT, EXPORT_VERSION, fileLines as linesOf, type FileLine, type Manifest } from './manifest.js';
import { EXPORTED_TABLES } from './tables.js';
import { readTar } from './tar.js';

export class RestoreError extends Error {}

export interface RestoreResult {
  tables: number;
  rows: number;
  files: number;
  /** Exported users who must reset their password before they log in. */
  usersWithoutPassword: number;
}

const BATCH = 200;

/** Refuses an installation that holds more than a fresh start (and says what it holds). */
export async function assertEmptyInstallation(db: Database): Promise<void> {
  const k = db.kysely;
  const count = async (t: 'conversations' | 'contacts' | 'users' | 'inboxes' | 'tickets') =>
    Number(
      (
        await k
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const held = {
    conversations: await count('conversations'),
    contacts: await count('contacts'),
    tickets: await count('tickets'),
    users: await count('users'),
    inboxes: await count('inboxes'),
  };
  if (held.conversations || held.contacts || held.tickets || held.users > 1 || held.inboxes > 1)
    throw new RestoreError(
      `This installation is not empty (${held.conversations} conversations, ${held.contacts} contacts, ${held.tickets} tickets, ` +
        `${held.users} users, ${held.inboxes} inboxes): restore only into a new one (a fresh database: at most its first inbox ` +
        'and super admin). Nothing was changed.',
    );
}

function openArchive(file: string): Readable {
  const fd = fs.openSync(file, 'r');
  const magic = Buffer.alloc(2);
  fs.readSync(fd, magic, 0, 2, 0);
  fs.closeSync(fd);
  const raw = fs.createReadStream(file);
  return magic[0] === 0x1f && magic[1] === 0x8b ? raw.pipe(createGunzip()) : raw;
}

/** Lines of an entry, hashing its bytes as they pass. */
async function* hashedLines(body: AsyncIterable<Buffer>, hash: ReturnType<typeof createHash>): AsyncIterable<string> {
  let rest = '';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of body) {
    hash.update(chunk);
    const parts = (rest + decoder.decode(chunk, { stream: true })).split('\n');
    rest = parts.pop() ?? '';
    yield* parts;
  }
  rest += decoder.decode();
  if (rest) yield rest;
}

/** Tables the restore empties first: what a fresh start made, and what points at it. */
const CLEARED_FIRST = [
  'conversation_counts',
  'notifications',
  'sessions',
  'api_tokens',
  'password_resets',
  'uploads',
  'webhook_deliveries',
  'slack_posts',
  'slack_messages',
  'slack_connections',
  'push_subscriptions',
  'email_held',
  'email_address_verifications',
  'chat_revocations',
  'leases',
  'form_rate_counts',
  'report_rollups',
  'report_rollup_periods',
];

export interface RestoreOptions {
  /** Where the installation keeps its files. */
  filesDir: string;
  /** Its key: the new webhook signing secrets are stored sealed like every secret. */
  secrets: Secrets;
  progress?: (what: string, done: number) => void;
}

export async function restoreArchive(db: Database, file: string, opts: RestoreOptions): Promise<RestoreResult> {
  const { filesDir, secrets, progress } = opts;
  if (!fs.existsSync(file)) throw new RestoreError(`No such file: ${file}`);
  await assertEmptyInstallation(db);
  const existing = new Set(await tableNames(db));
  const migrations = new Set(await migrationNames(db));
  const input = openArchive(file);
  const written: string[] = [];
  let fileList: string | null = null;
  const result: RestoreResult = { tables: 0, rows: 0, files: 0, usersWithoutPassword: 0 };
  try {
    await db.kysely.transaction().execute(async (trx) => {
      const admins = await trx.selectFrom('users').selectAll().where('role', '=', 'super_admin').execute();
      for (const t of CLEARED_FIRST) if (existing.has(t)) await clearTable(trx, t);
      for (const t of [...EXPORTED_TABLES].reverse()) {
        if (t.name === 'account_settings') await trx.deleteFrom('account_settings').where('key', '<>', 'vapid').execute();
        else await clearTable(trx, t.name);
      }
      let manifest: Manifest | null = null;
      const seen = new Set<string>();
      let fileLines: AsyncIterator<string> | null = null;
      let adminEmails = new Map(admins.map((a) => [a.email.toLowerCase(), a]));
      await readTar(input, async (entry, body) => {
        if (!manifest) {
          if (entry.name !== 'manifest.json') throw new RestoreError('Not a Switchboard export: it does not begin with manifest.json');
          manifest = await readManifest(body, existing, migrations);
          return;
        }
        const m: Manifest = manifest;
        const table = /^tables\/([a-z_]+)\.jsonl$/.exec(entry.name)?.[1];
        if (table) {
          const want = m.tables[table];
          const def = EXPORTED_TABLES.find((t) => t.name === table);
          if (!want || !def) throw new RestoreError(`The archive holds ${entry.name}, which its manifest does not list`);
          const hash = createHash('sha256');
          let rows = 0;
          let batch: Record<string, unknown>[] = [];
          for await (const line of hashedLines(body, hash)) {
            const row = JSON.parse(line) as Record<string, unknown>;
            if (table === 'users') {
              const admin = adminEmails.get(String(row.email).toLowerCase());
              row.password_hash = admin?.password_hash ?? null;
              if (admin) adminEmails.delete(String(row.email).toLowerCase());
              else result.usersWithoutPassword++;
            }
            if (table === 'conversations') row.search_seq = 0;
            if (table === 'chatflows') row.webhook_secret = newWebhookSecret();
            if (table === 'webhooks') row.secret = secrets.seal(newWebhookSecret());
            batch.push(row);
            rows++;
            if (batch.length >= BATCH) {
              await insertRows(trx, table, batch);
              batch = [];
            }
          }
          await insertRows(trx, table, batch);
          if (rows !== want.rows || hash.digest('hex') !== want.sha256)
            throw new RestoreError(`${entry.name} does not match its manifest (damaged archive): nothing was restored`);
          if (table === 'users') {
            // The target's own super admins with no namesake in the export stay, with their password.
            await insertRows(trx, 'users', [...adminEmails.values()]);
            adminEmails = new Map();
          }
          seen.add(table);
          result.tables++;
          result.rows += rows;
          progress?.(table, rows);
          return;
        }
        if (entry.name.startsWith('mbox/')) {
          const want = m.mbox.find((x) => x.path === entry.name);
          const hash = createHash('sha256');
          for await (const chunk of body) hash.update(chunk);
          if (!want || hash.digest('hex') !== want.sha256) throw new RestoreError(`${entry.name} does not match its manifest`);
          return;
        }
        if (entry.name === 'files.jsonl') {
          fileList = path.join(filesDir, `.restore-${randomBytes(6).toString('hex')}.jsonl`);
          fs.mkdirSync(filesDir, { recursive: true, mode: 0o700 });
          const hash = createHash('sha256');
          const out = fs.openSync(fileList, 'w', 0o600);
          try {
            for await (const chunk of body) {
              hash.update(chunk);
              fs.writeSync(out, chunk);
            }
          } finally {
            fs.closeSync(out);
          }
          if (hash.digest('hex') !== m.files.sha256) throw new RestoreError('files.jsonl does not match its manifest');
          fileLines = linesOf(fileList)[Symbol.asyncIterator]();
          return;
        }
        if (entry.name.startsWith('files/') && fileLines) {
          const next = await fileLines.next();
          const want = next.done ? null : (JSON.parse(next.value) as FileLine);
          if (!want || `files/${want.path}` !== entry.name || want.size !== entry.size)
            throw new RestoreError(`${entry.name} is not the file files.jsonl lists next`);
          const dest = filePath(filesDir, want.path);
          fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
          const hash = createHash('sha256');
          const fd = fs.openSync(dest, 'w', 0o600);
          written.push(dest);
          try {
            for await (const chunk of body) {
              hash.update(chunk);
              fs.writeSync(fd, chunk);
            }
            fs.fsyncSync(fd);
          } finally {
            fs.closeSync(fd);
          }
          if (hash.digest('hex') !== want.sha256) throw new RestoreError(`${entry.name} does not match its checksum`);
          result.files++;
          progress?.('files', result.files);
          return;
        }
        throw new RestoreError(`Unexpected entry in the archive: ${entry.name}`);
      });
      const m = manifest as Manifest | null;
      if (!m) throw new RestoreError('The archive is empty');
      const missing = Object.keys(m.tables).filter((t) => !seen.has(t));
      if (missing.length) throw new RestoreError(`The archive lacks ${missing.join(', ')}: it is incomplete`);
      if (result.files !== m.files.count) throw new RestoreError(`The archive holds ${result.files} of its ${m.files.count} files`);
      await recountConversations(trx as Trx);
    });
  } catch (e) {
    for (const f of written) fs.rmSync(f, { force: true });
    if (fileList) fs.rmSync(fileList, { force: true });
    input.destroy();
    if (e instanceof SyntaxError) throw new RestoreError(`The archive holds a line that is not JSON: ${e.message}`);
    throw e;
  }
  if (fileList) fs.rmSync(fileList, { force: true });
  await reindexConversations(db, (n) => progress?.('search index', n));
  return result;
}

async function readManifest(body: AsyncIterable<Buffer>, existing: Set<string>, migrations: Set<string>): Promise<Manifest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    size += c.length;
    if (size > 16 * 1048576) throw new RestoreError('manifest.json is too large to be an export manifest');
    chunks.push(c);
  }
  const m = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Manifest;
  if (m.format !== EXPORT_FORMAT) throw new RestoreError('Not a Switchboard export (manifest.json names another format)');
  if (m.version !== EXPORT_VERSION)
    throw new RestoreError(`This export's format version ${m.version} is not one this version reads (${EXPORT_VERSION})`);
  const unknown = Object.keys(m.tables).filter((t) => !EXPORTED_TABLES.some((x) => x.name === t) || !existing.has(t));
  if (unknown.length)
    throw new RestoreError(`The export holds tables this version does not know (${unknown.join(', ')}): upgrade Switchboard first`);
  const newer = m.migrations.filter((n) => !migrations.has(n));
  if (newer.length)
    throw new RestoreError(`The export comes from a newer Switchboard (migrations ${newer.join(', ')}): upgrade this one first`);
  return m;
}
