/** Full exports started in the app (issue 20, Settings › Export): what the API answers about one. */

export type ExportStatus = 'queued' | 'running' | 'done' | 'failed';

/** How long the archive of a finished export can be downloaded (and is kept): 7 days. */
export const EXPORT_KEEP_DAYS = 7;

export interface ExportOut {
  id: string;
  status: ExportStatus;
  /** The step under way: a table's name, `mbox <inbox slug>`, `files`; null before the first and after the last. */
  step: string | null;
  /** Rows (or messages, files) done in that step. */
  stepDone: number;
  stepsDone: number;
  stepsTotal: number;
  /** When done: rows in the archive's tables, stored files in it, and its size in bytes. */
  rows: number;
  files: number;
  bytes: number;
  /** The archive can be downloaded now (done, not expired, its file still there). */
  downloadable: boolean;
  /** The download link was mailed to the admin who started it. */
  emailed: boolean;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** When the download link stops working and the file is deleted. */
  expiresAt: string | null;
}
