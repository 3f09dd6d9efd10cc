/** A slice of a mail history import started in the app (`import/slices.ts`); it queues the next slice itself. */
import { runImportSlice } from '../import/slices.js';
import { IMPORT_MAIL_JOB } from '../import/uploads.js';
import { defineJob } from './define.js';

export const importMailJob = defineJob({
  ...IMPORT_MAIL_JOB,
  long: true,
  async handle(ctx, payload) {
    await runImportSlice(ctx, payload.uploadId, payload.slice);
  },
});
