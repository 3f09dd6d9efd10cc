/**
 * Full exports started in the app (Settings › Export, admins): one at a time, written by a job into
 * the data directory's `exports` folder with its progress saved as it goes, then downloadable for
 * `EXPORT_KEEP_DAYS` days with the admin's session or with the token mailed to them (only its hash
 * is kept; compared in constant time). Housekeeping deletes the file when the link expires.
 */
import { timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EXPORT_KEEP_DAYS, type ExportOut } from '../../common/export-api.js';
import { enqueue, jobKind } from '../db/job-queue.js';
import type { ExportsTable } from '../db/schema-exports.js';
import { write, type Ctx } from '../domain/context.js';
import { notFound } from '../domain/errors.js';
import { newId, randomToken, sha256 } from '../domain/ids.js';
import { authorizeExport, type Actor } from '../permissions/policy.js';
import type { MailEnv } from '../settings.js';
import { exportArchive } from './export.js';
import { EXPORTED_TABLES } from './tables.js';

/** `export-archive`: writes the archive of one export (`jobs/export-archive.ts`). */
export const EXPORT_JOB = jobKind('export-archive', z.object({ exportId: z.string() }));
/** `export-ready-email`: mails the download link to the admin who started it; the token is forgotten once sent. */
export const EXPORT_MAIL_JOB = jobKind('export-ready-email', z.object({ exportId: z.string(), token: z.string().optional() }));

export const exportJobKey = (id: string) => `export:${id}`;
const KEEP_MS = EXPORT_KEEP_DAYS * 86_400_000;
/** Progress is saved at most this often. */
const SAVE_MS = 1000;
const LIST_SIZE = 20;

/** Where exports are written: DATA_DIR/exports. */
export const exportsDir = (env: MailEnv) => path.join(env.dataDir ?? path.dirname(env.filesDir), 'exports');

function downloadable(r: ExportsTable, now = Date.now()): boolean {
  return r.status === 'done' && !!r.file && !!r.expires_at && Date.parse(r.expires_at) > now;
}

function present(r: ExportsTable): ExportOut {
  return {
    id: r.id,
    status: r.status,
    step: r.step,
    stepDone: Number(r.step_done),
    stepsDone: Number(r.steps_done),
    stepsTotal: Number(r.steps_total),
    rows: Number(r.rows),
    files: Number(r.files),
    bytes: Number(r.bytes),
    downloadable: downloadable(r),
    emailed: !!r.emailed_at,
    error: r.error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    expiresAt: r.expires_at,
  };
}

/** A new export's row, queued (`active`: 1 while queued or running, so only one runs at a time). */
export function queuedExport(id: string, createdBy: string | null, at: string, active: 1 | null = 1): ExportsTable {
  return {
    id,
    status: 'queued',
    active,
    step: null,
    step_done: 0,
    steps_done: 0,
    steps_total: 0,
    rows: 0,
    files: 0,
    bytes: 0,
    file: null,
    token_hash: null,
    expires_at: null,
    emailed_at: null,
    error: null,
    created_by: createdBy,
    created_at: at,
    finished_at: null,
  };
}

/** Starts a full export; while one is queued or running, answers with that one instead. */
export async function startExport(ctx: Ctx, actor: Actor): Promise<ExportOut> {
  authorizeExport(actor);
  const row = await write(ctx, async (w) => {
    const id = newId();
    // The unique `active` column: a second start (here or in another process) inserts nothing.
    const r = await w.trx
      .insertInto('exports')
      .values(queuedExport(id, actor.id, w.at))
      .onConflict((oc) => oc.column('active').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (r) await enqueue(w.trx, EXPORT_JOB, { exportId: id }, { dedupeKey: exportJobKey(id) });
    return w.trx.selectFrom('exports').selectAll().where('active', '=', 1).executeTakeFirstOrThrow();
  });
  return present(row);
}

/** The latest exports, newest first. */
export async function listExports(ctx: Ctx, actor: Actor): Promise<{ items: ExportOut[] }> {
  authorizeExport(actor);
  const rows = await ctx.db.kysely
    .selectFrom('exports')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(LIST_SIZE)
    .execute();
  return { items: rows.map(present) };
}

export async function getExport(ctx: Ctx, actor: Actor, id: string): Promise<ExportOut> {
  authorizeExport(actor);
  const r = await ctx.db.kysely.selectFrom('exports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('Export not found');
  return present(r);
}

export interface ExportFile {
  path: string;
  filename: string;
  size: number;
}

function fileOf(ctx: Ctx, r: ExportsTable | undefined): ExportFile {
  if (!r || !downloadable(r)) throw notFound('Export not found');
  const file = path.join(exportsDir(ctx.mail), r.file!);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw notFound('Export not found');
  return { path: file, filename: `switchboard-export-${r.created_at.slice(0, 10)}.tar.gz`, size: stat.size };
}

/** The archive, for an admin with a session: while it has not expired. */
export async function exportFile(ctx: Ctx, actor: Actor, id: string): Promise<ExportFile> {
  authorizeExport(actor);
  return fileOf(ctx, await ctx.db.kysely.selectFrom('exports').selectAll().where('id', '=', id).executeTakeFirst());
}

/** The archive, for whoever holds the mailed link: a wrong, expired or unknown token is not found. */
export async function exportFileByToken(ctx: Ctx, id: string, token: string): Promise<ExportFile> {
  const r = await ctx.db.kysely.selectFrom('exports').selectAll().where('id', '=', id).executeTakeFirst();
  const given = Buffer.from(sha256(token), 'hex');
  const kept = Buffer.from(r?.token_hash ?? '', 'hex');
  if (!r || kept.length !== given.length || !timingSafeEqual(given, kept)) throw notFound('Export not found');
  return fileOf(ctx, r);
}

/**
 * The job's work: writes the archive, saving progress as it goes (`heartbeat` runs with each save:
 * the job keeps its claim); done, a download token is made and its link queued for mailing. A
 * failure is recorded on the export (the admin sees it and may start again), not retried.
 */
export async function runExport(ctx: Ctx, exportId: string, heartbeat?: () => Promise<void>): Promise<void> {
  const k = ctx.db.kysely;
  const row = await k.selectFrom('exports').selectAll().where('id', '=', exportId).executeTakeFirst();
  if (!row || row.status === 'done' || row.status === 'failed') return;
  const inboxes = await k.selectFrom('inboxes').select('slug').orderBy('slug').execute();
  const steps = [...EXPORTED_TABLES.map((t) => t.name), ...inboxes.map((i) => `mbox ${i.slug}`), 'files'];
  const dir = exportsDir(ctx.mail);
  const name = `${exportId}.tar.gz`;
  await k
    .updateTable('exports')
    .set({ status: 'running', step: null, step_done: 0, steps_done: 0, steps_total: steps.length, error: null })
    .where('id', '=', exportId)
    .execute();
  let saving: Promise<void> = Promise.resolve();
  let savedAt = 0;
  const progress = (what: string, done: number) => {
    if (Date.now() - savedAt < SAVE_MS) return;
    savedAt = Date.now();
    const stepsDone = Math.max(0, steps.indexOf(what));
    saving = saving
      .then(async () => {
        await k.updateTable('exports').set({ step: what, step_done: done, steps_done: stepsDone }).where('id', '=', exportId).execute();
        await heartbeat?.();
      })
      .catch(() => undefined);
  };
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const manifest = await exportArchive(ctx.db, ctx.mail.filesDir, path.join(dir, name), progress);
    await saving;
    const token = randomToken();
    const finished = new Date();
    await ctx.db.transaction(async (trx) => {
      await trx
        .updateTable('exports')
        .set({
          status: 'done',
          active: null,
          step: null,
          step_done: 0,
          steps_done: steps.length,
          rows: Object.values(manifest.tables).reduce((a, t) => a + t.rows, 0),
          files: manifest.files.count,
          bytes: fs.statSync(path.join(dir, name)).size,
          file: name,
          token_hash: sha256(token),
          expires_at: new Date(finished.getTime() + KEEP_MS).toISOString(),
          finished_at: finished.toISOString(),
        })
        .where('id', '=', exportId)
        .execute();
      // The plain token lives only in the mail job until it is sent (then it is scrubbed).
      await enqueue(trx, EXPORT_MAIL_JOB, { exportId, token }, { dedupeKey: `export-mail:${exportId}` });
    });
  } catch (e) {
    await saving;
    await k
      .updateTable('exports')
      .set({
        status: 'failed',
        active: null,
        step: null,
        error: String((e as Error).message ?? e).slice(0, 500),
        finished_at: new Date().toISOString(),
      })
      .where('id', '=', exportId)
      .execute();
  }
}

/** Housekeeping: deletes the files of expired and failed exports (the rows stay, listed as expired). */
export async function expireExports(ctx: Ctx, now = new Date()): Promise<number> {
  const k = ctx.db.kysely;
  const rows = await k
    .selectFrom('exports')
    .select(['id', 'file'])
    .where('file', 'is not', null)
    .where((eb) => eb.or([eb('expires_at', '<=', now.toISOString()), eb('status', '=', 'failed')]))
    .execute();
  for (const r of rows) {
    fs.rmSync(path.join(exportsDir(ctx.mail), r.file!), { force: true });
    await k.updateTable('exports').set({ file: null, token_hash: null }).where('id', '=', r.id).execute();
  }
  return rows.length;
}
