/**
 * Imports started in the app (Settings › Inbox › Import). The source is uploaded in chunks of at most
 * IMPORT_CHUNK_BYTES, each written at its offset in the data directory (never the whole file in
 * memory; a chunk sent again at the same offset overwrites itself, so a broken upload goes on from
 * the offset the server has). A folder (Maildir, .eml files) comes as its files, each with its
 * relative path, checked. Then `startImport` checks the source as the command line does, and a
 * background job runs it in slices (`slices.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ImportOutT, ImportUploadOutT } from '../../common/import-api.js';
import type { ImportUploadsTable } from '../db/schema-import-uploads.js';
import type { ImportsTable } from '../db/schema-imports.js';
import { enqueue, jobKind } from '../db/job-queue.js';
import type { Ctx } from '../domain/context.js';
import { invalid, notFound } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import { authorizeInboxImport, type Actor } from '../permissions/policy.js';
import { IMPORT_CHUNK_BYTES } from '../../common/import-api.js';
import { ImportSourceError } from './source-message.js';
import { importById, importConversations, startImport } from './start.js';

/** One slice of an app import's run; `slice` must be the upload's current one (else the job is stale). */
export const IMPORT_MAIL_JOB = jobKind('import-mail', z.object({ uploadId: z.string(), slice: z.number().int() }));

function limits(ctx: Ctx) {
  const u = ctx.mail.importUploads;
  if (!u) throw notFound('Imports are not set up on this server');
  return u;
}

/** Where an upload's bytes are: `<dir>/<id>/source.mbox`, or the folder `<dir>/<id>/source`. */
export function uploadPath(ctx: Ctx, u: Pick<ImportUploadsTable, 'id' | 'kind'>): string {
  return path.join(limits(ctx).dir, u.id, u.kind === 'file' ? 'source.mbox' : 'source');
}

/** A folder's file path as the browser sends it, or a 400: relative, no `.`/`..` parts, no backslashes or NUL. */
export function safeRelativePath(p: string): string {
  const parts = p.split('/');
  const bad =
    p.startsWith('/') ||
    /[\\\0]/.test(p) ||
    /^[a-zA-Z]:/.test(p) ||
    parts.length > 32 ||
    parts.some((s) => s === '' || s === '.' || s === '..' || s.length > 255);
  if (bad) throw invalid('path', 'must be a relative path inside the folder (no "..", no absolute path)');
  return parts.join(path.sep);
}

const presentUpload = (ctx: Ctx, u: ImportUploadsTable): ImportUploadOutT => ({
  id: u.id,
  kind: u.kind,
  name: u.name,
  size: Number(u.size),
  received: Number(u.received),
  maxBytes: limits(ctx).maxBytes,
});

export async function createImportUpload(
  ctx: Ctx,
  actor: Actor,
  inboxId: string,
  input: { kind: 'file' | 'folder'; name: string; size: number },
): Promise<ImportUploadOutT> {
  authorizeInboxImport(actor, inboxId);
  const { maxBytes, dir } = limits(ctx);
  const inbox = await ctx.db.kysely.selectFrom('inboxes').select('id').where('id', '=', inboxId).executeTakeFirst();
  if (!inbox) throw notFound('Inbox not found');
  if (input.size > maxBytes)
    throw invalid('size', `is larger than the largest import upload (${Math.floor(maxBytes / 1024 / 1024)} MB)`, 'too_big', {
      max: Math.floor(maxBytes / 1024 / 1024),
    });
  const row: ImportUploadsTable = {
    id: newId(),
    inbox_id: inboxId,
    kind: input.kind,
    name: input.name,
    size: input.size,
    received: 0,
    import_id: null,
    wanted: 'run',
    slice: 0,
    created_by: actor.id,
    created_at: new Date().toISOString(),
  };
  fs.mkdirSync(path.join(dir, row.id), { recursive: true, mode: 0o700 });
  if (row.kind === 'file') fs.writeFileSync(uploadPath(ctx, row), '', { mode: 0o600 });
  else fs.mkdirSync(uploadPath(ctx, row), { mode: 0o700 });
  await ctx.db.kysely.insertInto('import_uploads').values(row).execute();
  return presentUpload(ctx, row);
}

async function uploadFor(ctx: Ctx, actor: Actor, id: string): Promise<ImportUploadsTable> {
  const u = await ctx.db.kysely.selectFrom('import_uploads').selectAll().where('id', '=', id).executeTakeFirst();
  // Not an admin's, or not an inbox the admin reads: it does not exist.
  if (!u) throw notFound('Upload not found');
  try {
    authorizeInboxImport(actor, u.inbox_id);
  } catch {
    throw notFound('Upload not found');
  }
  return { ...u, size: Number(u.size), received: Number(u.received) };
}

/** Writes `data` at `offset` of the upload (or of its folder's file `rel`); the bytes received so far. */
export async function appendImportChunk(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { offset: number; path?: string; data: unknown },
): Promise<{ received: number; size: number }> {
  const u = await uploadFor(ctx, actor, id);
  if (!Buffer.isBuffer(input.data)) throw invalid('body', 'must be the bytes (Content-Type: application/octet-stream)');
  const data = input.data;
  if (data.length > IMPORT_CHUNK_BYTES) throw invalid('body', `is larger than a chunk may be (${IMPORT_CHUNK_BYTES} bytes)`);
  if (u.import_id) throw invalid('upload', 'is imported already');
  let file: string;
  if (u.kind === 'file') {
    if (input.path !== undefined) throw invalid('path', 'is for a folder’s files only');
    file = uploadPath(ctx, u);
  } else {
    if (input.path === undefined) throw invalid('path', 'is required for a folder’s file');
    file = path.join(uploadPath(ctx, u), safeRelativePath(input.path));
  }
  const have = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  // A chunk goes where the file ends (or again over one already written: the same bytes, sent again).
  if (input.offset > have) throw invalid('offset', `is past what was received (${have} bytes)`);
  const grows = Math.max(0, input.offset + data.length - have);
  if (u.received + grows > u.size)
    throw invalid('size', `the upload would be larger than the ${u.size} bytes announced`, 'too_big', { max: u.size });
  if (u.kind === 'folder') fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT, 0o600);
  try {
    let done = 0;
    while (done < data.length) done += fs.writeSync(fd, data, done, data.length - done, input.offset + done);
  } finally {
    fs.closeSync(fd);
  }
  if (grows)
    await ctx.db.kysely
      .updateTable('import_uploads')
      .set((eb) => ({ received: eb('received', '+', grows) }))
      .where('id', '=', id)
      .execute();
  return { received: u.received + grows, size: u.size };
}

/** The source to import: the uploaded file, or the folder (the one folder inside it when the browser sent its name first). */
function sourceOf(ctx: Ctx, u: ImportUploadsTable): string {
  const p = uploadPath(ctx, u);
  if (u.kind === 'file') return p;
  const inside = fs.readdirSync(p, { withFileTypes: true });
  if (inside.length === 1 && inside[0]!.isDirectory() && !['cur', 'new', 'tmp'].includes(inside[0]!.name))
    return path.join(p, inside[0]!.name);
  return p;
}

/** The upload, complete, becomes an import (checked as the command line checks it), queued to run. */
export async function startUploadedImport(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { format?: 'mbox' | 'maildir' | 'eml'; variant?: 'mboxrd' | 'mboxo' | 'mboxcl' | 'mboxcl2' },
): Promise<ImportOutT> {
  const u = await uploadFor(ctx, actor, id);
  if (u.import_id) throw invalid('upload', 'is imported already');
  if (u.received < u.size) throw invalid('upload', `is not complete: ${u.received} of ${u.size} bytes received`);
  let run: ImportsTable;
  try {
    run = await startImport(ctx, {
      inbox: u.inbox_id,
      path: sourceOf(ctx, u),
      format: input.format,
      variant: input.variant,
      createdBy: actor.id,
    });
  } catch (err) {
    if (err instanceof ImportSourceError) {
      // Nothing is kept of a source that cannot be imported: its bytes and its row go.
      await ctx.db.kysely.deleteFrom('import_uploads').where('id', '=', id).execute();
      fs.rmSync(path.join(limits(ctx).dir, id), { recursive: true, force: true });
      // Said of the server's own path: the admin knows the upload by its name.
      throw invalid('source', err.message.replaceAll(uploadPath(ctx, u), u.name));
    }
    throw err;
  }
  await ctx.db.transaction(async (trx) => {
    await trx.updateTable('import_uploads').set({ import_id: run.id, wanted: 'run', slice: 1 }).where('id', '=', id).execute();
    await enqueue(trx, IMPORT_MAIL_JOB, { uploadId: id, slice: 1 }, { dedupeKey: `import-mail:${id}:1` });
  });
  return (await importOf(ctx, id))!;
}

/** How long an upload that was never imported keeps its bytes: a week to finish and start it. */
export const UNUSED_UPLOAD_DAYS = 7;

/** Housekeeping: uploads begun more than UNUSED_UPLOAD_DAYS ago and never imported go, bytes and row. */
export async function expireUnusedUploads(ctx: Ctx, now = new Date()): Promise<number> {
  const dir = ctx.mail.importUploads?.dir;
  if (!dir) return 0;
  const k = ctx.db.kysely;
  const before = new Date(now.getTime() - UNUSED_UPLOAD_DAYS * 86_400_000).toISOString();
  const rows = await k.selectFrom('import_uploads').select('id').where('import_id', 'is', null).where('created_at', '<', before).execute();
  for (const r of rows) {
    await k.deleteFrom('import_uploads').where('id', '=', r.id).where('import_id', 'is', null).execute();
    fs.rmSync(path.join(dir, r.id), { recursive: true, force: true });
  }
  return rows.length;
}

/** Asks the run to stop after the batch at work; it stays resumable. */
export async function stopImport(ctx: Ctx, actor: Actor, importId: string): Promise<ImportOutT> {
  const u = await uploadOfImport(ctx, actor, importId);
  await ctx.db.kysely.updateTable('import_uploads').set({ wanted: 'stop' }).where('id', '=', u.id).execute();
  return (await importOf(ctx, u.id))!;
}

/** Goes on from where a stopped run stands (a new slice number: a job of the old one does nothing). */
export async function resumeImport(ctx: Ctx, actor: Actor, importId: string): Promise<ImportOutT> {
  const u = await uploadOfImport(ctx, actor, importId);
  await ctx.db.transaction(async (trx) => {
    const next = u.slice + 1;
    const r = await trx
      .updateTable('import_uploads')
      .set({ wanted: 'run', slice: next })
      .where('id', '=', u.id)
      .where('slice', '=', u.slice)
      .where('wanted', '=', 'stop')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows))
      await enqueue(trx, IMPORT_MAIL_JOB, { uploadId: u.id, slice: next }, { dedupeKey: `import-mail:${u.id}:${next}` });
  });
  return (await importOf(ctx, u.id))!;
}

async function uploadOfImport(ctx: Ctx, actor: Actor, importId: string): Promise<ImportUploadsTable> {
  const u = await ctx.db.kysely.selectFrom('import_uploads').select('id').where('import_id', '=', importId).executeTakeFirst();
  if (!u) throw notFound('Import not found');
  return uploadFor(ctx, actor, u.id);
}

/** An inbox's imports started in the app, newest first, with their counts. */
export async function listImports(ctx: Ctx, actor: Actor, inboxId: string): Promise<{ items: ImportOutT[]; maxBytes: number }> {
  authorizeInboxImport(actor, inboxId);
  const rows = await ctx.db.kysely
    .selectFrom('import_uploads')
    .select('id')
    .where('inbox_id', '=', inboxId)
    .where('import_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  const items = (await Promise.all(rows.map((r) => importOf(ctx, r.id)))).filter((x): x is ImportOutT => !!x);
  return { items, maxBytes: limits(ctx).maxBytes };
}

/** The import of an upload as the app shows it. */
export async function importOf(ctx: Ctx, uploadId: string): Promise<ImportOutT | undefined> {
  const u = await ctx.db.kysely.selectFrom('import_uploads').selectAll().where('id', '=', uploadId).executeTakeFirst();
  if (!u?.import_id) return undefined;
  const run = await importById(ctx, u.import_id);
  if (!run) return undefined;
  const state = run.status === 'done' ? 'done' : u.wanted === 'stop' ? (run.status === 'running' ? 'stopping' : 'stopped') : 'running';
  let conversations: number | null = null;
  let open: number | null = null;
  if (state === 'done') {
    ({ all: conversations, open } = await importConversations(ctx, run.id));
  }
  return {
    id: run.id,
    uploadId: u.id,
    name: u.name,
    format: run.format,
    variant: run.variant,
    state,
    messages: run.messages,
    imported: run.imported,
    duplicates: run.duplicates,
    failed: run.failed,
    skipped: run.skipped,
    bytes: run.bytes,
    totalBytes: run.total_bytes,
    conversations,
    open,
    error: run.error,
    createdAt: run.created_at,
    updatedAt: run.updated_at,
    finishedAt: run.finished_at,
  };
}
