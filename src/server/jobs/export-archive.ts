import type { Ctx } from '../domain/context.js';
import { EXPORT_JOB, exportJobKey, runExport } from '../export/archives.js';
import { defineJob } from './define.js';

/** How long the job's claim lasts past each saved step: an export outlasts the worker's first claim. */
const CLAIM_MS = 60_000;

/** The job: writes a full export started in the app; its claim is renewed as progress is saved, so no other process takes it over. */
async function writeExport(ctx: Ctx, p: { exportId: string }): Promise<void> {
  await runExport(ctx, p.exportId, async () => {
    await ctx.db.kysely
      .updateTable('jobs')
      .set({ locked_until: new Date(Date.now() + CLAIM_MS).toISOString() })
      .where('dedupe_key', '=', exportJobKey(p.exportId))
      .where('status', '=', 'running')
      .execute();
  });
}

export const exportArchiveJob = defineJob({ ...EXPORT_JOB, long: true, handle: writeExport });
