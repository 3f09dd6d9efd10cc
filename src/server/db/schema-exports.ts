/** Exports started in the app (migration 038). */

export type ExportStatus = 'queued' | 'running' | 'done' | 'failed';

/** One full export: its progress, its file and its download token (hashed). */
export interface ExportsTable {
  id: string;
  status: ExportStatus;
  /** 1 while queued or running (unique: one at a time), null after. */
  active: number | null;
  step: string | null;
  step_done: number;
  steps_done: number;
  steps_total: number;
  rows: number;
  files: number;
  bytes: number;
  /** The archive, relative to the data directory; null until written and once deleted. */
  file: string | null;
  /** SHA-256 (hex) of the download token mailed to the admin. */
  token_hash: string | null;
  expires_at: string | null;
  emailed_at: string | null;
  error: string | null;
  created_by: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface ExportTables {
  exports: ExportsTable;
}
