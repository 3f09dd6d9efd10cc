/**
 * An app import runs as a background job (in the worker's lane for long work) in slices of about
 * SLICE_MS, each well inside the job's claim, so another import or export waits at most a slice.
 * Each slice goes on from the run's saved position (`runImport` resumes), and queues the next one
 * with the next slice number while the admin has not asked it to stop. A process that dies
 * mid-slice leaves its job claimed; when the claim expires another worker takes the same job and
 * goes on from the position committed with the last batch, so nothing is imported twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { enqueue } from '../db/job-queue.js';
import type { Ctx } from '../domain/context.js';
import { runImport } from './run.js';
import { IMPORT_MAIL_JOB } from './uploads.js';

export const SLICE_MS = 10_000;

export async function runImportSlice(ctx: Ctx, uploadId: string, slice: number, sliceMs = SLICE_MS): Promise<void> {
  const k = ctx.db.kysely;
  const current = () => k.selectFrom('import_uploads').selectAll().where('id', '=', uploadId).executeTakeFirst();
  const u = await current();
  // A stale job (stopped, resumed since, or a doubled one): the current slice's job does the work.
  if (!u?.import_id || u.slice !== slice || u.wanted !== 'run') return;
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), sliceMs);
  let checking = false;
  try {
    const done = await runImport(ctx, u.import_id, {
      signal: stop.signal,
      // After each batch: has the admin asked it to stop?
      onProgress: () => {
        if (checking) return;
        checking = true;
        void current()
          .then((now) => {
            if (now?.wanted !== 'run') stop.abort();
          })
          .catch(() => undefined)
          .finally(() => (checking = false));
      },
    });
    if (done.status === 'done') {
      // The source is no longer needed: its bytes leave the data directory.
      fs.rmSync(path.join(ctx.mail.importUploads!.dir, uploadId), { recursive: true, force: true });
      return;
    }
  } catch {
    // The source went away or the database refused: stopped with its error shown, resumable by hand.
    await k.updateTable('import_uploads').set({ wanted: 'stop' }).where('id', '=', uploadId).where('slice', '=', slice).execute();
    return;
  } finally {
    clearTimeout(timer);
  }
  await ctx.db.transaction(async (trx) => {
    const r = await trx
      .updateTable('import_uploads')
      .set({ slice: slice + 1 })
      .where('id', '=', uploadId)
      .where('slice', '=', slice)
      .where('wanted', '=', 'run')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows))
      await enqueue(trx, IMPORT_MAIL_JOB, { uploadId, slice: slice + 1 }, { dedupeKey: `import-mail:${uploadId}:${slice + 1}` });
  });
}
