/**
 * An import's start: what to import checked before anything is written (a bad request changes
 * nothing), then its row in `imports`, or the unfinished run of the same source into the same
 * inbox, which goes on from where it stands.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Ctx } from '../domain/context.js';
import { newId } from '../domain/ids.js';
import type { ImportFormat, ImportsTable, MboxVariant } from '../db/schema-imports.js';
import { emlFiles, isMaildir, maildirFiles } from './maildir.js';
import { ImportSourceError } from './source-message.js';

export const IMPORT_FORMATS = ['mbox', 'maildir', 'eml'] as const satisfies readonly ImportFormat[];
export const MBOX_VARIANTS = ['mboxrd', 'mboxo', 'mboxcl', 'mboxcl2'] as const satisfies readonly MboxVariant[];

export interface ImportRequest {
  /** The inbox's name, slug or id. */
  inbox: string;
  /** An mbox file, a Maildir, or a folder of .eml files. */
  path: string;
  /** Worked out from the path when absent: a file is an mbox, a folder with cur/ or new/ a Maildir, another folder .eml files. */
  format?: ImportFormat;
  /** mbox only; mboxrd when absent. */
  variant?: MboxVariant;
  createdBy?: string | null;
}

/** The inbox and the email channel imported mail is recorded on (its first email channel). */
async function targetOf(ctx: Ctx, inbox: string): Promise<{ inboxId: string; channelId: string }> {
  const k = ctx.db.kysely;
  const rows = await k.selectFrom('inboxes').select(['id', 'name', 'slug']).execute();
  const wanted = inbox.trim().toLowerCase();
  const found =
    rows.find((i) => i.id === inbox) ?? rows.find((i) => i.slug === wanted) ?? rows.find((i) => i.name.toLowerCase() === wanted);
  if (!found) throw new ImportSourceError(`No inbox named "${inbox}" (inboxes: ${rows.map((i) => i.name).join(', ') || 'none'})`);
  const ch = await k
    .selectFrom('channels')
    .select('id')
    .where('inbox_id', '=', found.id)
    .where('kind', '=', 'email')
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  if (!ch) throw new ImportSourceError(`The inbox "${found.name}" has no email channel to import mail into`);
  return { inboxId: found.id, channelId: ch.id };
}

/** The format of what is at `p`, checked: a clear error when it is not what it should be. */
export function formatOf(p: string, asked?: ImportFormat): { format: ImportFormat; totalBytes: number } {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) throw new ImportSourceError(`${p} does not exist`);
  const format = asked ?? (st.isFile() ? 'mbox' : isMaildir(p) ? 'maildir' : 'eml');
  if (format === 'mbox') {
    if (!st.isFile()) throw new ImportSourceError(`${p} is a folder, not an mbox file`);
    const head = Buffer.alloc(64);
    const fd = fs.openSync(p, 'r');
    const n = fs.readSync(fd, head, 0, 64, 0);
    fs.closeSync(fd);
    if (!/^\s*From /.test(head.subarray(0, n).toString('latin1')))
      throw new ImportSourceError(`${p} is not an mbox file: it does not start with a "From " line`);
    return { format, totalBytes: st.size };
  }
  const files = format === 'maildir' ? maildirFiles(p) : emlFiles(p);
  if (!files.length) throw new ImportSourceError(`${p} holds no messages`);
  const totalBytes = files.reduce((n, f) => n + (fs.statSync(path.join(p, f), { throwIfNoEntry: false })?.size ?? 0), 0);
  return { format, totalBytes };
}

/** The run to do: a new row, or the unfinished one of the same source into the same inbox. */
export async function startImport(ctx: Ctx, req: ImportRequest): Promise<ImportsTable> {
  if (req.format && !IMPORT_FORMATS.includes(req.format))
    throw new ImportSourceError(`Unknown format "${req.format}" (mbox, maildir or eml)`);
  if (req.variant && !MBOX_VARIANTS.includes(req.variant))
    throw new ImportSourceError(`Unknown mbox variant "${req.variant}" (${MBOX_VARIANTS.join(', ')})`);
  const { format, totalBytes } = formatOf(req.path, req.format);
  if (req.variant && format !== 'mbox') throw new ImportSourceError('--variant is for mbox files only');
  const variant = format === 'mbox' ? (req.variant ?? 'mboxrd') : null;
  const { inboxId, channelId } = await targetOf(ctx, req.inbox);
  const k = ctx.db.kysely;
  const unfinished = await k
    .selectFrom('imports')
    .selectAll()
    .where('inbox_id', '=', inboxId)
    .where('source', '=', req.path)
    .where('format', '=', format)
    .where('status', 'in', ['running', 'stopped'])
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (unfinished && unfinished.variant === variant) return unfinished;
  const at = new Date().toISOString();
  const row: ImportsTable = {
    id: newId(),
    inbox_id: inboxId,
    channel_id: channelId,
    source: req.path,
    format,
    variant,
    status: 'stopped',
    position: '',
    messages: 0,
    imported: 0,
    duplicates: 0,
    failed: 0,
    skipped: 0,
    bytes: 0,
    total_bytes: totalBytes,
    error: null,
    created_by: req.createdBy ?? null,
    created_at: at,
    updated_at: at,
    finished_at: null,
  };
  await k.insertInto('imports').values(row).execute();
  return row;
}

/** A run's row with its numbers as numbers (PostgreSQL answers a bigint as a string). */
export async function importById(ctx: Ctx, id: string): Promise<ImportsTable | undefined> {
  const r = await ctx.db.kysely.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  for (const c of ['messages', 'imported', 'duplicates', 'failed', 'skipped', 'bytes', 'total_bytes'] as const) r[c] = Number(r[c]);
  return r;
}

/** How many conversations a run wrote into, and how many of them it left open. */
export async function importConversations(ctx: Ctx, importId: string): Promise<{ all: number; open: number }> {
  const c = await ctx.db.kysely
    .selectFrom('import_conversations as i')
    .innerJoin('conversations as c', 'c.id', 'i.conversation_id')
    .select((eb) => [
      eb.fn.countAll<number>().as('all'),
      eb.fn.sum<number>(eb.case().when('c.status', '=', 'open').then(1).else(0).end()).as('open'),
    ])
    .where('i.import_id', '=', importId)
    .executeTakeFirstOrThrow();
  return { all: Number(c.all), open: Number(c.open ?? 0) };
}
